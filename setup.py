"""The compiled modules: the tree walk (streams/analysis/_lexbor_walk.c) and the GBK decoder
(streams/analysis/_gbk_utf8.c).

Optional: where they cannot be built (no C compiler), the install goes on and the analysis uses the
Python paths, which give the same output (streams/analysis/_native.py). Everything else about the
package is in pyproject.toml.
"""

from setuptools import Extension, setup

_FLAGS = ["-O2", "-std=c99", "-Wall", "-Wextra", "-Wno-unused-parameter"]

setup(ext_modules=[
    Extension(f"streams.analysis.{name}", [f"streams/analysis/{name}.c"], optional=True,
              extra_compile_args=_FLAGS)
    for name in ("_lexbor_walk", "_gbk_utf8")
])
