"""The graphs chapter's explorer as a notebook output in a real JupyterLab (the venv's jupyter-lab,
on 127.0.0.1, no token): a cell `neuron_graph_explorer(...)` run with Shift+Enter shows the
explorer, which starts with the inputs the cell gives, at the last backward step; dragging an
input's box, the arrow keys on it, typing a value and the step buttons show nnlib's numbers, with
no error in the page. (The HTML book's face is tested in test_graphs.py and test_graph_explorer.py.)
The kernel's app (sum_times_app) starts at the last backward step there too, as the explorer does
(its Play widget used to reset it to step 0).

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

from .graph_explorer_checks import assert_nnlib, drag_input, read
from .nnjs_page import cell_output_in_jupyterlab

OUTPUT = ".jp-OutputArea"
EXPLORER = f"{OUTPUT} .nnjs-explorer"


def test_the_explorer_works_as_a_notebook_output_in_jupyterlab(chromium_browser, tmp_path):
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, "from nnlib.viz.graphs import neuron_graph_explorer\n"
                                   "neuron_graph_explorer(w=-1.25, b=0.5)",
                                   f"() => document.querySelector('{EXPLORER}') && "
                                   f"document.querySelector('{EXPLORER}').graphExplorer", errors) as page:
        root = page.locator(EXPLORER)
        start = read(root)
        dragged = drag_input(page, root, 0, 2.0)
        root.locator(".nnjs-gx-input").nth(1).focus()
        page.keyboard.press("ArrowDown")
        after_key = read(root)
        root.get_by_label("w, typed", exact=True).fill("0.75")
        typed = read(root)
        root.get_by_role("button", name="◀ back").click()
        stepped = read(root)
    assert (start["values_now"], start["step"]) == ([-1.25, 0.5], 6)
    assert_nnlib(start)
    assert_nnlib(dragged)
    assert after_key["values_now"][1] == dragged["values_now"][1] - 0.1
    assert_nnlib(after_key)
    assert typed["values_now"][0] == 0.75
    assert_nnlib(typed)
    assert stepped["step"] == 5
    assert_nnlib(stepped)
    assert not errors, errors


def test_the_kernel_app_starts_at_the_last_step_in_jupyterlab(chromium_browser, tmp_path):
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, "from nnlib.viz.graphs import sum_times_app\n"
                                   "sum_times_app()",
                                   f"() => document.querySelectorAll('{OUTPUT} .widget-slider').length >= 4 && "
                                   f"document.querySelector('{OUTPUT} .gtitle')", errors) as page:
        page.wait_for_timeout(1500)  # a jslink copies its source's value to its target at once
        readouts = page.evaluate(f"() => Array.from(document.querySelectorAll('{OUTPUT} .widget-slider'), "
                                 "s => [s.querySelector('.widget-label').textContent, "
                                 "s.querySelector('.widget-readout').textContent])")
        title = page.locator(f"{OUTPUT} .gtitle").text_content()
    assert dict(readouts)["backward step"] == "3", readouts
    assert "backward step 3 of 3" in title, title
    assert not errors, errors
