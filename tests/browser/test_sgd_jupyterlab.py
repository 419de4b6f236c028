"""The SGD explorer as a notebook output in a real JupyterLab (the venv's jupyter-lab, on
127.0.0.1, no token): a cell `sgd_explorer(...)` run with Shift+Enter shows the explorer at the
batch size and learning rate the cell asks for; the learning-rate slider dragged with the mouse,
moved with an arrow key, and another batch size chosen show nnlib's numbers, with no error in the
page. (The HTML book's face is tested in test_sgd.py and test_sgd_explorer.py.)

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

from .nnjs_page import cell_output_in_jupyterlab
from .sgd_checks import BATCH_LABEL, SLIDER_LABEL, assert_nnlib, drag_slider, lr_of_position, trained

EXPLORER = ".jp-OutputArea .nnjs-explorer"


def test_the_explorer_works_as_a_notebook_output_in_jupyterlab(chromium_browser, tmp_path):
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, "from nnlib.viz.sgd import sgd_explorer\n"
                                   "sgd_explorer(batch_size=20, lr=0.5)",
                                   f"() => document.querySelector('{EXPLORER}')?.sgd", errors) as page:
        root = page.locator(EXPLORER)
        start = trained(page, root)
        drag_slider(page, root, 0.7)
        dragged = trained(page, root)
        root.get_by_label(SLIDER_LABEL, exact=True).focus()
        page.keyboard.press("ArrowLeft")
        keyed = trained(page, root)
        root.get_by_label(BATCH_LABEL, exact=True).select_option("4")
        chosen = trained(page, root)
    assert (start["batch_size"], start["lr"]) == (20, 0.5)
    assert dragged["lr"] == lr_of_position(dragged["slider"]) != 0.5
    assert keyed["slider"] == dragged["slider"] - 1 and keyed["lr"] == lr_of_position(keyed["slider"])
    assert (chosen["batch_size"], chosen["lr"]) == (4, keyed["lr"])
    for shown in (start, dragged, keyed, chosen):
        assert_nnlib(shown)
    assert not errors, errors
