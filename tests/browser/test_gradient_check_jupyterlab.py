"""The gradient-check explorer as a notebook output in a real JupyterLab (the venv's jupyter-lab,
on 127.0.0.1, no token): a cell `check_explorer(...)` run with Shift+Enter shows the explorer,
which starts where the cell says; choosing a backprop, switching L2, dragging the star on the ε
plot, the arrow keys on it and a typed ε show nnlib's numbers, with no error in the page. (The
HTML book's face is tested in test_gradient_checking.py and test_gradient_check_explorer.py.)

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

import numpy as np

from .gradient_check_checks import assert_nnlib, choose, drag_eps, read, type_eps
from .nnjs_page import cell_output_in_jupyterlab

EXPLORER = ".jp-OutputArea .nnjs-explorer"


def test_the_explorer_works_as_a_notebook_output_in_jupyterlab(chromium_browser, tmp_path):
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, "from nnlib.viz.gradient_checking import check_explorer\n"
                                   'check_explorer("= for +=", 1e-6, 1)',
                                   f"() => document.querySelector('{EXPLORER}') && "
                                   f"document.querySelector('{EXPLORER}').gradientCheck", errors) as page:
        root = page.locator(EXPLORER)
        start = read(root)
        choose(root, "σ for σ′", 0)
        dragged = drag_eps(page, root, -2.5)
        page.keyboard.press("ArrowLeft")  # the star has the focus after the drag
        after_key = read(root)
        typed = type_eps(root, 4.2e-9)
        root.get_by_label("backprop", exact=True).focus()
        page.keyboard.press("ArrowUp")  # the menu by keys: one option up
        root.locator("input[type=range]").focus()
        for _ in range(10):
            page.keyboard.press("ArrowRight")  # the slider by keys: a tenth of a decade up
        keyed = read(root)
    assert (start["name"], start["state"]["eps"], start["lam"]) == ("= for +=", 1e-6, True)
    for shown in (start, dragged, after_key, typed):
        assert_nnlib(shown)
    assert dragged["name"] == "σ for σ′" and not dragged["lam"]
    assert abs(np.log10(after_key["state"]["eps"]) - np.log10(dragged["state"]["eps"]) + 0.25) < 1e-9
    assert typed["state"]["eps"] == 4.2e-9 and typed["status"] == typed["readout"]
    assert keyed["name"] == "bias regularised"  # one above "σ for σ′"
    assert abs(np.log10(keyed["state"]["eps"]) - np.log10(4.2e-9) - 0.1) < 0.006
    assert_nnlib(keyed)
    assert not errors, errors
