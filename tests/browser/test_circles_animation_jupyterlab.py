"""The circles chapter's boundary animation as a notebook output in a real JupyterLab (the venv's
jupyter-lab and its plotly renderer, on 127.0.0.1): JupyterLab draws the figure's plotly JSON,
where the book's slider script cannot run, so that face carries the epochs as plotly frames
(nnlib.viz.static.jupyter_face). Clicking the epoch slider there shows that epoch's boundary and
numbers, as nnlib computed them, with no error in the page.

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

from nnlib.viz.circles import ANIMATION_EPOCHS, animation_frame_numbers, main_run

from .helpers import wait_until
from .nnjs_page import cell_output_in_jupyterlab

FIGURE = ".jp-OutputArea .js-plotly-plot"
TITLE = f"() => document.querySelector('{FIGURE} .gtitle')?.textContent"


def test_the_epoch_slider_moves_the_animation_in_jupyterlab(chromium_browser, tmp_path):
    record, epochs = main_run(), [int(e) for e in ANIMATION_EPOCHS]
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path,
                                   "from nnlib.viz.circles import boundary_animation_figure\n"
                                   "boundary_animation_figure()",
                                   f"() => !!document.querySelector('{FIGURE} .slider-rail-rect')", errors) as page:
        first = page.evaluate(TITLE)
        rail = page.locator(f"{FIGURE} .slider-rail-rect").bounding_box()
        page.mouse.click(rail["x"] + rail["width"] - 2, rail["y"] + rail["height"] / 2)  # the last epoch
        last = animation_frame_numbers(record, epochs[-1])[1]
        wait_until(page, f"() => ({TITLE})() === {last!r}", f"the title of epoch {epochs[-1]}", timeout_ms=20_000)
        z = page.evaluate(f"() => document.querySelector('{FIGURE}').data[0].z")
        page.mouse.click(rail["x"] + 2, rail["y"] + rail["height"] / 2)  # back to the first
        wait_until(page, f"() => ({TITLE})() === {first!r}", "the first epoch's title again", timeout_ms=20_000)
    assert first == animation_frame_numbers(record, epochs[0])[1]
    expected = animation_frame_numbers(record, epochs[-1])[0]
    assert len(z) == len(expected) and all(abs(a - b) < 1e-3 for row, want in zip(z, expected)
                                           for a, b in zip(row, want))
    assert not errors, errors
