"""The digit explorer as a notebook output in a real JupyterLab (the venv's jupyter-lab, on
127.0.0.1, no token): a cell `digit_explorer(...)` run with Shift+Enter shows the explorer at the
digit and noise the cell asks for, computed in the page; the noise slider moved with the arrow
keys, a typed noise, another digit and pencil strokes with the mouse and the keyboard show nnlib's numbers, with
no error in the page. (The HTML book's face is tested in test_digits.py and test_digit_explorer.py.)

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

from nnlib.viz import digits as dg

from .digit_explorer_checks import assert_nnlib, choose, draw_stroke, read, type_noise
from .nnjs_page import cell_output_in_jupyterlab

EXPLORER = ".jp-OutputArea .nnjs-explorer"


def test_the_explorer_works_as_a_notebook_output_in_jupyterlab(chromium_browser, tmp_path):
    errors = []
    picked = dg.picked_examples()
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, "from nnlib.viz.digits import digit_explorer\n"
                                   f"digit_explorer({picked[5]}, noise=0.2)",
                                   f"() => document.querySelector('{EXPLORER}')?.digitExplorer", errors) as page:
        root = page.locator(EXPLORER)
        root.scroll_into_view_if_needed()
        start = read(root)
        assert (start["index"], start["noise"]) == (picked[5], 0.2)
        assert_nnlib(start)
        root.get_by_label("noise σ (slider)", exact=True).focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        keyed = read(root)
        assert keyed["noise"] == 0.22
        assert_nnlib(keyed)
        choose(root, picked[14])
        typed = type_noise(root, 0.45)
        assert (typed["index"], typed["noise"]) == (picked[14], 0.45)
        assert_nnlib(typed)
        root.scroll_into_view_if_needed()
        drawn = draw_stroke(page, root, [(3, 3), (3, 4), (4, 4)])
        assert drawn["drawn"] and drawn["pixels"][3 * 8 + 4] == 1
        assert_nnlib(drawn)
        root.get_by_label("pencil draws", exact=True).select_option("0")
        root.locator("[role=slider]").focus()  # the cursor, at (4, 4) after the stroke: paper there
        for key in ("ArrowUp", "Enter", "ArrowLeft", "Space"):
            page.keyboard.press(key)
        keyed = read(root)
        assert keyed["cursor"][:2] == [3, 3] and keyed["pixels"][3 * 8 + 4] == 0 == keyed["pixels"][3 * 8 + 3]
        assert_nnlib(keyed)
    assert not errors, errors
