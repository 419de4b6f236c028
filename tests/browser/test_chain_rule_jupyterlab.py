"""The chain-rule explorer as a notebook output in a real JupyterLab (the venv's jupyter-lab, on
127.0.0.1, no token): a cell `chain_explorer(...)` run with Shift+Enter shows the explorer, which
starts where the cell says; dragging p's value, the arrow keys on the nudge's handle and typing a
value show nnlib's numbers, with no error in the page. (The HTML book's face is tested in
test_chain_rule.py and test_chain_rule_explorer.py.)

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

from nnlib.viz import chain_rule as cr

from .chain_rule_checks import assert_nnlib, drag_value, read
from .nnjs_page import cell_output_in_jupyterlab

EXPLORER = ".jp-OutputArea .nnjs-explorer"


def test_the_explorer_works_as_a_notebook_output_in_jupyterlab(chromium_browser, tmp_path):
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, "from nnlib.viz.chain_rule import chain_explorer\n"
                                   'chain_explorer({"b1": 3.0}, param="b1", delta=-0.3)',
                                   f"() => document.querySelector('{EXPLORER}') && "
                                   f"document.querySelector('{EXPLORER}').chainExplorer", errors) as page:
        root = page.locator(EXPLORER)
        start = read(root)
        assert_nnlib(drag_value(page, root, -1.5))
        root.evaluate("root => root.chainExplorer.nudgeHandle.focus()")
        page.keyboard.press("ArrowRight")
        after_key = read(root)
        root.get_by_label("w[2]", exact=True).fill("1.75")
        typed = read(root)
    assert (start["values"], start["param"], start["delta"]) == ({**cr.DEFAULTS, "b1": 3.0}, "b1", -0.3)
    assert_nnlib(start)
    assert after_key["delta"] == -0.2
    assert_nnlib(after_key)
    assert typed["values"]["w2"] == 1.75
    assert_nnlib(typed)
    assert not errors, errors
