"""The compiled parts of the analysis, each with a Python path that gives the same output.

- The tree walk (_lexbor_walk.c) reads lexbor's structs and selectolax's node object directly, so it is
  used only with the selectolax versions it was written against (`SELECTOLAX_VERSIONS` in the module);
  `_html` checks it against the Python path once more on a probe page before the first use
  (`_html.native_walk`).
- The UTF-8 helpers (_utf8.c): a GBK decoder reading a table `decode` builds from the gbk codec, a
  UTF-8 check that lets `decode` leave a page's text to be built only where it is needed, and the page
  the parser reads without the code of its long scripts and styles (`_html._without_raw_text`).

Where a module was not built (no C compiler at install time) the analysis takes the Python path, and the
log says so: same output, slower.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

import selectolax

log = logging.getLogger(__name__)


def _built(name: str, what: str, python_path: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"streams.analysis.{name}")
    except ImportError as error:
        log.warning("compiled %s not built (%s): %s", what, error, python_path)
        return None


def load(installed: str = selectolax.__version__) -> ModuleType | None:
    """The compiled tree walk, or None (with the reason logged) when it cannot be used with selectolax
    `installed` (the installed version)."""
    walk = _built("_lexbor_walk", "tree walk", "the analysis uses the Python path")
    if walk is None:
        return None
    versions: tuple[str, ...] = walk.SELECTOLAX_VERSIONS
    if installed not in versions:
        log.warning("compiled tree walk written for selectolax %s, installed %s: the analysis uses the "
                    "Python path", ", ".join(versions), installed)
        return None
    return walk


def load_utf8() -> ModuleType | None:
    """The compiled UTF-8 helpers, or None (logged) when they were not built."""
    return _built("_utf8", "UTF-8 helpers", "pages are decoded by the codecs")
