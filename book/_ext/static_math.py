"""Sphinx extension: the book's maths is typeset when the book is built, not in the reader's browser.

A chapter holds 130-330 formulas; MathJax typesetting them in the page took most of the time
before a maths-heavy page was ready (issue 15). Here each formula of a page (Sphinx's
``<span class="math">\\(...\\)</span>`` and ``<div class="math">\\[...\\]</div>``) is replaced, as
the build finishes (in every written page: its body and its tables of contents), by the markup
MathJax 3 would have made in the page: CommonHTML with the
assistive MathML that screen readers read. static_math.js does the typesetting, with the
MathJax package pinned in book/_ext/package.json, in one node process for the whole build.

Such a page no longer loads MathJax (unless it shows a widget view, whose labels the widget
manager typesets in the page). A page with maths links ``_static/static-math.css``: the
CommonHTML styles of every character the book uses, with the fonts from offline_assets' copy of
MathJax. A TeX error fails the build, naming the page and the formula.
"""
from __future__ import annotations

import html
import json
import os
import posixpath
import re
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from offline_assets import VENDOR, WIDGET_VIEW

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STYLESHEET = "static-math.css"  # in _static/
FONT_URL = f"../{VENDOR}/mathjax/output/chtml/fonts/woff-v2"  # relative to _static/
INLINE = re.compile(r'(<span class="math notranslate nohighlight">)\\\((.*?)\\\)(</span>)', re.S)
DISPLAY = re.compile(
    r'(<div class="math notranslate nohighlight"[^>]*>\s*(?:<span class="eqno">.*?</span>)?)\s*\\\[(.*?)\\\]\s*(</div>)', re.S)


class MathJaxProcess:
    """node static_math.js, running for the whole build: one JSON line in, one JSON line out."""

    def __init__(self):
        self.proc = subprocess.Popen(["node", str(HERE / "static_math.js"), FONT_URL], cwd=HERE,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, request: dict) -> dict:
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise ExtensionError(f"static_math: node static_math.js stopped (exit code {self.proc.wait()})")
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def typeset(page: str, body: str, mathjax: MathJaxProcess) -> tuple[str, int]:
    """body with every formula typeset, and the number of formulas."""
    found = []  # (match, display) in order of the body
    for pattern, display in ((INLINE, False), (DISPLAY, True)):
        found += [(m, display) for m in pattern.finditer(body)]
    if not found:
        return body, 0
    found.sort(key=lambda item: item[0].start())
    answer = mathjax.ask({"math": [[html.unescape(m.group(2)), display] for m, display in found]})
    if "error" in answer:
        raise ExtensionError(f"static_math: TeX error on page {page}: {answer['error']}\n  in: {answer['tex']}")
    pieces, end = [], 0
    for (m, _), markup in zip(found, answer["html"]):
        pieces += [body[end:m.start()], m.group(1), markup, m.group(3)]
        end = m.end()
    return "".join(pieces + [body[end:]]), len(found)


def _start(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.static_math = MathJaxProcess()


def _is_mathjax(js, mathjax_path: str) -> bool:
    """The MathJax script Sphinx adds to a page with maths (Sphinx keeps a relative path as
    _static/<path>), or its configuration script."""
    filename = getattr(js, "filename", None) or ""
    body = (getattr(js, "attributes", None) or {}).get("body", "")
    return (posixpath.normpath(filename) == posixpath.normpath(posixpath.join("_static", mathjax_path))
            or body.startswith("window.MathJax"))


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """No MathJax in a page without a widget view. Runs after sphinx.ext.mathjax's handler
    (priority 500), which adds MathJax to a page with maths."""
    if getattr(app, "static_math", None) is None or WIDGET_VIEW in (context.get("body") or ""):
        return
    scripts = context.get("script_files")
    if scripts:
        scripts[:] = [js for js in scripts if not _is_mathjax(js, app.config.mathjax_path)]


def typeset_page(path: Path, root: Path, mathjax: MathJaxProcess) -> int:
    """Typeset every formula of a written page (its body, and its tables of contents), link the
    stylesheet from its head; the number of formulas."""
    text = path.read_text(encoding="utf8")
    text, n = typeset(path.relative_to(root).as_posix(), text, mathjax)
    if n:
        href = Path(os.path.relpath(root / "_static" / STYLESHEET, path.parent)).as_posix()
        text = text.replace("</head>", f'<link rel="stylesheet" type="text/css" href="{href}" />\n</head>', 1)
        path.write_text(text, encoding="utf8")
    return n


def _finish(app: Sphinx, exception) -> None:
    mathjax = getattr(app, "static_math", None)
    if mathjax is None:
        return
    try:
        if exception is None:
            root = Path(app.outdir)
            n = sum(typeset_page(path, root, mathjax) for path in sorted(root.rglob("*.html"))
                    if "_vendor" not in path.parts and "_static" not in path.parts)
            css = mathjax.ask({"stylesheet": True})["css"]
            (root / "_static" / STYLESHEET).write_text(css, encoding="utf8")
            logger.info("static_math: typeset %d formulas; wrote _static/%s (%d bytes)", n, STYLESHEET, len(css))
    finally:
        mathjax.close()


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx.ext.mathjax")
    app.connect("builder-inited", _start)
    app.connect("html-page-context", _page, priority=550)
    app.connect("build-finished", _finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
