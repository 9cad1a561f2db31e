"""Publication deadlines of the annual reports (法治政府建设与责任落实督察工作规定, 2021).

Governments at and above county level publish the report on year Y by 1 April of Y+1; departments
of those governments by 1 March. A report published on the deadline day is on time.
"""

from __future__ import annotations

from datetime import date

GOVERNMENT_MONTH, DEPARTMENT_MONTH = 4, 3


def deadline_for(report_year: int, *, department: bool) -> date:
    """The last day a report on `report_year` is on time."""
    return date(report_year + 1, DEPARTMENT_MONTH if department else GOVERNMENT_MONTH, 1)


def days_late(published: date, deadline: date) -> int:
    """Days after the deadline (0 when on time)."""
    return max(0, (published - deadline).days)


def latest_year_due(today: date, *, department: bool = False) -> int:
    """The latest report year whose deadline has passed on `today`."""
    year = today.year - 1
    return year if today > deadline_for(year, department=department) else year - 1
