"""The one compiled module: the tree walk in C (streams/analysis/_lexbor_walk.c).

Optional: where it cannot be built (no C compiler), the install goes on and the analysis uses the
Python path, which gives the same output (streams/analysis/_native.py). Everything else about the
package is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(ext_modules=[
    Extension("streams.analysis._lexbor_walk", ["streams/analysis/_lexbor_walk.c"], optional=True,
              extra_compile_args=["-O2", "-std=c99", "-Wall", "-Wextra", "-Wno-unused-parameter"]),
])
