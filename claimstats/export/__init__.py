"""The report printed and drawn by a headless browser: PDF pages and chart images.

Optional (``pip install 'claimstats[images]'`` for chart images; both need Chromium):
the core of claimstats never imports it.
"""

from claimstats.export.browser import find_browser
from claimstats.export.images import IMAGE_FORMATS, export_charts, render_charts
from claimstats.export.pdf import write_pdf

__all__ = ["IMAGE_FORMATS", "export_charts", "find_browser", "render_charts", "write_pdf"]
