"""The activation-and-cost explorer as a notebook output in a real JupyterLab (the venv's
jupyter-lab, on 127.0.0.1, no token): a cell `act_cost_explorer(...)` run with Shift+Enter shows
the explorer at the choice the cell asks for; z[1] dragged with the mouse, moved with the arrow
keys, another activation chosen, and the y slider and the activation menu moved by keys (which
JupyterLab's shortcuts would cancel if the explorer let them through) show nnlib's numbers, with
no error in the page. (The HTML book's face is tested in test_activations_costs.py and
test_activation_cost_explorer.py.)

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

from .activation_cost_checks import assert_nnlib, choose, drag_and_check, read
from .nnjs_page import cell_output_in_jupyterlab

EXPLORER = ".jp-OutputArea .nnjs-explorer"


def test_the_explorer_works_as_a_notebook_output_in_jupyterlab(chromium_browser, tmp_path):
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, "from nnlib.viz.activation_cost import act_cost_explorer\n"
                                   "act_cost_explorer('tanh', 'cross_entropy', z=-1.25, y=0.4)",
                                   f"() => document.querySelector('{EXPLORER}')?.activationCost", errors) as page:
        root = page.locator(EXPLORER)
        start = read(root)
        dragged = drag_and_check(page, root, "gp", 2.4)
        page.keyboard.press("Shift+ArrowLeft")
        page.keyboard.press("ArrowLeft")
        keyed = read(root)
        choose(root, "leaky_relu", "quadratic")
        chosen = read(root)
        root.get_by_label("target y (slider)", exact=True).focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        root.get_by_label("hidden activation g", exact=True).focus()
        page.keyboard.press("ArrowUp")  # ReLU
        slid = read(root)
    assert (start["activation"], start["cost"], start["z"], start["y"]) == ("tanh", "cross_entropy", -1.25, 0.4)
    assert_nnlib(start)
    assert_nnlib(dragged)
    assert keyed["z"] == round(dragged["z"] - 0.11, 2)
    assert_nnlib(keyed)
    assert (chosen["activation"], chosen["cost"], chosen["z"]) == ("leaky_relu", "quadratic", keyed["z"])
    assert_nnlib(chosen)
    assert (slid["activation"], slid["y"]) == ("relu", 0.43), "keys on the slider or the menu did nothing"
    assert_nnlib(slid)
    assert not errors, errors
