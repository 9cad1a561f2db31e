"""`extract_text` in a child process: a hard wall-clock limit and a memory cap.

The limits inside `extract_text` are checked between pages; a hostile page (a content stream
that makes the parser loop, a decompression that eats the memory) is only stopped from outside.
The child is a fresh interpreter (``python -m streams.documents._child``), not a fork of the
caller: a worker with threads and an event loop is never forked, and the child does not import
the caller's main module (multiprocessing's spawn and forkserver do, which cost a Faust worker
more than half a second per document). A start costs an interpreter and the reader's imports:
0.1-0.25 s on the 2-core machine this was written on, for documents that come a few a day per portal.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from streams.documents.extract import DocumentText, Limits
from streams.documents.sniff import sniff

_GRACE_SECONDS = 2.0  # past the extraction's own time budget, before the child is killed
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # where `streams` is importable from


def extract_isolated(data: bytes, *, filename: str | None = None, content_type: str | None = None,
                     limits: Limits | None = None) -> DocumentText:
    """`extract_text` in a child process killed after the time limit (plus a short grace)."""
    limits = limits or Limits()
    fmt = sniff(data, filename, content_type)
    label = fmt.upper()
    paths = (_PACKAGE_ROOT, os.environ.get("PYTHONPATH"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in paths if path)}
    try:
        done = subprocess.run([sys.executable, "-m", "streams.documents._child"], env=env, check=False,
                              input=pickle.dumps((data, filename, content_type, limits)), capture_output=True,
                              timeout=limits.max_seconds + _GRACE_SECONDS)  # fmt: skip
    except subprocess.TimeoutExpired:  # the child is killed by now
        return DocumentText(fmt, reason=f"{label}: extraction did not finish within {limits.max_seconds:g} s "
                                        "(stopped)")  # fmt: skip
    except OSError as exc:
        return DocumentText(fmt, reason=f"{label}: the extraction process could not start ({exc})")
    if done.returncode == 0:
        try:
            result = pickle.loads(done.stdout)
        except Exception:  # a truncated answer: reported like a crash below
            result = None
        if isinstance(result, DocumentText):
            return result
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    last = f": {lines[-1][:200]}" if lines else ""
    return DocumentText(fmt, reason=f"{label}: the extraction process died (exit code {done.returncode}; "
                                    f"out of memory or a crash in a parser{last})")  # fmt: skip
