"""The book's own stylesheet (book/_ext/static/book.css), added to every page."""
from pathlib import Path

from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"


def _add_static_path(app: Sphinx, config) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _add_static_path)
    app.add_css_file("book.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
