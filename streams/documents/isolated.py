"""`extract_text` in a child process: a hard wall-clock limit and a memory cap.

The limits inside `extract_text` are checked between pages; a hostile page (a content stream
that makes the parser loop, a decompression that eats the memory) is only stopped from outside.
The child comes from a fork server (a clean interpreter started once, the extraction modules
preloaded), so a worker with threads and an event loop is never forked itself, and a start costs
milliseconds instead of an interpreter start-up.
"""

from __future__ import annotations

import multiprocessing
import resource
from multiprocessing.connection import Connection

from streams.documents.extract import DocumentText, Limits, extract_text
from streams.documents.sniff import sniff

_GRACE_SECONDS = 2.0  # past the extraction's own time budget, before the child is killed
_context = None


def _mp_context():
    global _context
    if _context is None:
        methods = multiprocessing.get_all_start_methods()
        _context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            _context.set_forkserver_preload(["streams.documents.extract", "pypdf", "docx", "ofdkit"])
    return _context


def _child(connection: Connection, data: bytes, filename: str | None, content_type: str | None,
           limits: Limits) -> None:  # fmt: skip
    try:
        cap = limits.max_memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):
        pass  # a lower hard limit is already in force
    try:
        connection.send(extract_text(data, filename=filename, content_type=content_type, limits=limits))
    finally:
        connection.close()


def extract_isolated(data: bytes, *, filename: str | None = None, content_type: str | None = None,
                     limits: Limits | None = None) -> DocumentText:
    """`extract_text` in a child process killed after the time limit (plus a short grace)."""
    limits = limits or Limits()
    fmt = sniff(data, filename, content_type)
    context = _mp_context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, data, filename, content_type, limits),
                            name="fazhi-extract", daemon=True)  # fmt: skip
    child.start()
    sender.close()
    try:
        if receiver.poll(limits.max_seconds + _GRACE_SECONDS):
            try:
                return receiver.recv()
            except (EOFError, OSError):
                pass  # the child died before it could answer: below
        else:
            child.kill()
            child.join()
            return DocumentText(fmt, reason=f"{fmt.upper()}: extraction did not finish within "
                                            f"{limits.max_seconds:g} s (stopped)")  # fmt: skip
        child.join(timeout=5)
        code = child.exitcode
        return DocumentText(fmt, reason=f"{fmt.upper()}: the extraction process died (exit code {code}; "
                                        "out of memory or a crash in a parser)")  # fmt: skip
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=5)
