"""The compiled tree walk (_lexbor_walk.c), when it was built and fits the installed selectolax.

The walk reads lexbor's structs and selectolax's node object directly, so it is used only with the
selectolax versions it was written against (`SELECTOLAX_VERSIONS` in the module); with any other version,
or when the module was not built (no C compiler at install time), the analysis takes the Python path,
which gives the same output. `_html` checks the walk against that path once more on a probe page before
the first use (`_html.native_walk`).
"""

from __future__ import annotations

import logging
from types import ModuleType

import selectolax

log = logging.getLogger(__name__)


def load(installed: str = selectolax.__version__) -> ModuleType | None:
    """The compiled module, or None (with the reason logged) when it cannot be used with selectolax
    `installed` (the installed version)."""
    try:
        from streams.analysis import _lexbor_walk
    except ImportError as error:
        # Same output, slower: an operator should know (no C compiler at install time, say).
        log.warning("compiled tree walk not built (%s): the analysis uses the Python path", error)
        return None
    versions: tuple[str, ...] = _lexbor_walk.SELECTOLAX_VERSIONS
    if installed not in versions:
        log.warning("compiled tree walk written for selectolax %s, installed %s: the analysis uses the "
                    "Python path", ", ".join(versions), installed)
        return None
    return _lexbor_walk
