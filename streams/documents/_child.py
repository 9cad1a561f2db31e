"""The child process of `streams.documents.isolated`: one extraction, pickled in and out.

    python -m streams.documents._child  < pickle (data, filename, content_type, limits)
                                        > pickle DocumentText
"""

from __future__ import annotations

import contextlib
import pickle
import resource
import sys


def main() -> int:
    data, filename, content_type, limits = pickle.loads(sys.stdin.buffer.read())
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit is already in force
        resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory_bytes, limits.max_memory_bytes))
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # whatever a library prints must not mix with the answer
    from streams.documents.extract import extract_text

    result = extract_text(data, filename=filename, content_type=content_type, limits=limits)
    out.write(pickle.dumps(result))
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
