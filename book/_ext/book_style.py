"""The book's own look: its stylesheet and script (static/book.css and static/book.js, added to
every page) and its few overrides of the theme's templates (templates/: the page layout without
fontawesome.js, and the header buttons with accessible names that match what they show)."""
from pathlib import Path

from sphinx.application import Sphinx

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


def _add_paths(app: Sphinx, config) -> None:
    config.html_static_path.append(str(STATIC))
    # First on the path, so these templates are found before the theme's.
    config.templates_path.insert(0, str(TEMPLATES))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _add_paths)
    app.add_css_file("book.css")
    app.add_js_file("book.js", defer="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
