"""Coverage: who was expected to publish a year's report, who did, on time or late, who is missing.

- `expected_issuers` (pure): governments of the GB/T 2260 edition in the package and the registry's
  departments, in a `Scope` (province, code prefix, level);
- `coverage_rows` / `totals` (pure): those issuers matched with stored reports;
- `coverage` (database read): the rows of a year from the reports table.
"""

from streams.coverage.expected import CoverageScopeError, ExpectedIssuer, Scope, expected_issuers
from streams.coverage.reads import beijing_today, coverage, departments_registry
from streams.coverage.rows import coverage_rows, totals

__all__ = ["CoverageScopeError", "ExpectedIssuer", "Scope", "beijing_today", "coverage", "coverage_rows",
           "departments_registry", "expected_issuers", "totals"]  # fmt: skip
