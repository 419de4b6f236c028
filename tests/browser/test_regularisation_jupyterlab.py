"""The regularisation explorer as a notebook output in a real JupyterLab (the venv's jupyter-lab,
on 127.0.0.1, no token): a cell `regularisation_explorer(...)` run with Shift+Enter shows the
explorer at the lambda and run the cell asks for, trained in the page; the slider dragged with the
mouse and moved with the arrow keys, a typed lambda and another run show nnlib's numbers, with no
error in the page. (The HTML book's face is tested in test_batch.py and
test_regularisation_explorer.py.)

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

from .nnjs_page import cell_output_in_jupyterlab
from .regularisation_checks import (FIELD_LABEL, RUN_LABEL, SLIDER_LABEL, assert_nnlib, drag_slider,
                                    lam_of_position, trained)

EXPLORER = ".jp-OutputArea .nnjs-explorer"


def test_the_explorer_works_as_a_notebook_output_in_jupyterlab(chromium_browser, tmp_path):
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, "from nnlib.viz.batch import regularisation_explorer\n"
                                   "regularisation_explorer(lam=0.05, run=2)",
                                   f"() => document.querySelector('{EXPLORER}')?.regularisation", errors) as page:
        root = page.locator(EXPLORER)
        root.scroll_into_view_if_needed()
        start = trained(page, root)
        assert (start["lam"], start["run"]) == (0.05, 2)
        assert_nnlib(start, root)
        drag_slider(page, root, 0.8)
        dragged = trained(page, root)
        assert dragged["lam"] == lam_of_position(dragged["slider"]) != 0.05
        assert_nnlib(dragged, root)
        root.get_by_label(SLIDER_LABEL, exact=True).focus()
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        keyed = trained(page, root)
        assert keyed["slider"] == dragged["slider"] - 2
        assert_nnlib(keyed, root)
        root.get_by_label(RUN_LABEL, exact=True).select_option("5")
        root.get_by_label(FIELD_LABEL, exact=True).fill("0.7")
        typed = trained(page, root)
        assert (typed["lam"], typed["run"]) == (0.7, 5)
        assert_nnlib(typed, root)
    assert not errors, errors
