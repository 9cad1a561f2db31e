"""The compiled modules: the tree walk (streams/analysis/_lexbor_walk.c) and the UTF-8 helpers
(streams/analysis/_utf8.c: GBK to UTF-8, the UTF-8 check, scripts' code left out before parsing).

Optional: where they cannot be built (no C compiler), the install goes on and the analysis uses the
Python paths, which give the same output (streams/analysis/_native.py). Everything else about the
package is in pyproject.toml.
"""

from setuptools import Extension, setup

_FLAGS = ["-O2", "-std=c99", "-Wall", "-Wextra", "-Wno-unused-parameter"]

setup(ext_modules=[
    Extension(f"streams.analysis.{name}", [f"streams/analysis/{name}.c"], optional=True,
              extra_compile_args=_FLAGS)
    for name in ("_lexbor_walk", "_utf8")
])
