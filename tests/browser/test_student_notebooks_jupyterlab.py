"""A student notebook (make student) in a real JupyterLab: the text a student reads holds no markup
of the web book's (roles such as {glue:text}, directive fences, labels), its maths typesets without
an error, its labelled equations show their numbers, and a link to another chapter opens that
chapter's notebook. (What the rewriting does is tested in
tests/test_jupyter_markdown.py; this is what JupyterLab makes of it.)

Needs Chromium, Playwright, jupyter-lab and the book's last build (for its numbers).
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

from nnlib.student import make_student_notebooks

from .helpers import wait_until
from .nnjs_page import jupyter_lab, watch

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "circles"  # glued numbers, labelled equations, links to other chapters, exercises
MARKUP = re.compile(r"\{[\w:-]+\}`|^\s*(`{3,}|:{3,})\{|^:label:|^\([\w-]+\)=", re.MULTILINE)


def test_a_student_notebook_reads_as_the_web_book_in_jupyterlab(chromium_browser, tmp_path):
    make_student_notebooks(ROOT / "book", tmp_path)
    nb = nbformat.read(tmp_path / f"{CHAPTER}.ipynb", as_version=4)
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    tags = sum(c.source.count("\\tag{") for c in markdown)
    assert tags >= 2
    errors = []
    with jupyter_lab(tmp_path) as url:
        context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        watch(page, errors)
        try:
            page.goto(url + f"lab/tree/{CHAPTER}.ipynb", timeout=120_000)
            rendered = ".jp-Notebook .jp-MarkdownCell .jp-RenderedMarkdown"
            wait_until(page, f"n => document.querySelectorAll('{rendered}').length === n",
                       "every markdown cell rendered", arg=len(markdown), timeout_ms=120_000)
            wait_until(page, f"n => document.querySelectorAll('{rendered} mjx-mlabeledtr').length === n",
                       "the labelled equations typeset with their numbers", arg=tags, timeout_ms=120_000)
            shown = page.evaluate(f"""() => ({{
                text: Array.from(document.querySelectorAll('{rendered}')).map(e => e.innerText).join('\\n'),
                maths_errors: document.querySelectorAll('{rendered} mjx-merror').length,
                links: Array.from(document.querySelectorAll('{rendered} a'))
                    .filter(a => new URL(a.href).pathname.endsWith('.ipynb')).map(a => a.textContent)}})""")
            assert shown["links"], "no link to another chapter"
            other = page.locator(f"{rendered} a[href*='.ipynb']").first
            target = other.evaluate("a => new URL(a.href).pathname.split('/').pop()")
            other.scroll_into_view_if_needed()
            other.click()
            wait_until(page, "name => Array.from(document.querySelectorAll('.lm-TabBar-tabLabel'))"
                             ".some(t => t.textContent === name)", f"a link opening {target}", arg=target,
                       timeout_ms=60_000)
        except AssertionError:
            page.screenshot(path=str(tmp_path / "jupyterlab.png"))
            raise
        finally:
            context.close()
    assert [m.group(0) for m in MARKUP.finditer(shown["text"])] == []
    assert shown["maths_errors"] == 0
    assert not [e for e in errors if "favicon" not in e], errors
