"""The read-only web view (``fazhi serve``): reports, one report, coverage, and a JSON API.

`create_app(settings)` gives the Starlette application; pages are Jinja2 templates, the coverage
chart is SVG drawn by matplotlib on the server (no JavaScript, nothing fetched from a CDN).
"""

from streams.web.app import create_app

__all__ = ["create_app"]
