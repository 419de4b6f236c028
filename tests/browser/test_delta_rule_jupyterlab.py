"""The delta-rule explorer as a notebook output in a real JupyterLab (the venv's jupyter-lab, on
127.0.0.1, no token): a cell `delta_explorer(...)` run with Shift+Enter shows the explorer at the
example and step the cell asks for; a weight dragged with the mouse and another moved with the
arrow keys show nnlib's numbers, with no error in the page. (The HTML book's face is tested in
test_delta_rule.py and test_delta_rule_explorer.py.)

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

from .delta_rule_checks import EDGES, assert_nnlib, chapter_weight, drag_weight, read
from .nnjs_page import cell_output_in_jupyterlab

EXPLORER = ".jp-OutputArea .nnjs-explorer"


def test_the_explorer_works_as_a_notebook_output_in_jupyterlab(chromium_browser, tmp_path):
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, "from nnlib.viz.delta_rule import delta_explorer\n"
                                   "delta_explorer(example=2, step=4)",
                                   f"() => document.querySelector('{EXPLORER}')?.deltaRule", errors) as page:
        root = page.locator(EXPLORER)
        start = read(root)
        dragged = drag_weight(page, root, 4, 2.3)
        root.locator(".nnjs-dr-weight").nth(9).focus()
        page.keyboard.press("Shift+ArrowUp")
        page.keyboard.press("ArrowUp")
        keyed = read(root)
    assert (start["example"], start["step"]) == (2, 4)
    assert_nnlib(start)
    assert_nnlib(dragged)
    assert keyed["weights"][9] == round(chapter_weight(*EDGES[9]) + 0.11, 2)
    assert_nnlib(keyed)
    assert not errors, errors
