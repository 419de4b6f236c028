"""The pipeline's and the gradient-descent chapter's explorers as notebook outputs in a real
JupyterLab (the venv's jupyter-lab, on 127.0.0.1, no token): a cell that displays
neuron_explorer(...) and descent_explorer(...), run with Shift+Enter, shows both at the states the
cell asks for; a drag with the mouse, the arrow keys, a typed value, a named start and the Step
button show nnlib's numbers, with no error in the page. (The HTML book's faces are tested in
test_pipeline.py, test_gradient_descent.py and test_neuron_explorers.py.)

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

from .neuron_explorer_checks import (assert_descent_nnlib, assert_neuron_nnlib, drag_point, read_descent,
                                     read_neuron)
from .nnjs_page import cell_output_in_jupyterlab

EXPLORER = ".jp-OutputArea .nnjs-explorer"
CELL = ("from IPython.display import display\n"
        "from nnlib.viz import neuron_explorer\n"
        "from nnlib.viz.gradient_descent import descent_explorer\n"
        "display(neuron_explorer(0.5, -3.0))\n"
        "descent_explorer(0.7, (2.5, -5.0), 12)")


def test_the_explorers_work_as_notebook_outputs_in_jupyterlab(chromium_browser, tmp_path):
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, CELL,
                                   f"() => document.querySelectorAll('{EXPLORER}').length === 2 && "
                                   f"[...document.querySelectorAll('{EXPLORER}')].every(r => r.explorer)",
                                   errors) as page:
        neuron, descent = page.locator(EXPLORER).nth(0), page.locator(EXPLORER).nth(1)
        neuron_start, descent_start = read_neuron(neuron), read_descent(descent)
        drag_point(page, neuron, 3.2, -6.1, (0.5, -3.0))
        neuron_dragged = read_neuron(neuron)
        neuron.evaluate("root => root.explorer.handle.focus()")
        page.keyboard.press("ArrowDown")
        neuron_keyed = read_neuron(neuron)
        descent.get_by_label("learning rate η", exact=True).fill("4.5")
        descent_typed = read_descent(descent)
        drag_point(page, descent, 0.5, -2.0, (2.5, -5.0))
        descent_dragged = read_descent(descent)
        descent.get_by_role("button", name="start far valley (4, -7)").click()
        descent.get_by_role("button", name="Step").click()
        descent_stepped = read_descent(descent)
    assert (neuron_start["w"], neuron_start["b"]) == (0.5, -3.0)
    v = descent_start["view"]
    assert (v["lr"], v["w0"], v["b0"], v["k"]) == (0.7, 2.5, -5.0, 12)
    assert abs(neuron_dragged["w"] - 3.2) <= 0.03 and abs(neuron_dragged["b"] + 6.1) <= 0.03
    assert neuron_keyed["b"] == round(neuron_dragged["b"] - 0.1, 2)
    assert descent_typed["view"]["lr"] == 4.5
    assert abs(descent_dragged["view"]["w0"] - 0.5) <= 0.03 and abs(descent_dragged["view"]["b0"] + 2.0) <= 0.03
    v = descent_stepped["view"]
    assert (v["w0"], v["b0"], v["k"]) == (4.0, -7.0, 13)
    for shown in (neuron_start, neuron_dragged, neuron_keyed):
        assert_neuron_nnlib(shown)
    for shown in (descent_start, descent_typed, descent_dragged, descent_stepped):
        assert_descent_nnlib(shown)
    assert not errors, errors
