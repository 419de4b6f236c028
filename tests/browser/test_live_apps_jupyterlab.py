"""The kernel face in a real JupyterLab (the venv's jupyter-lab, on 127.0.0.1): a live app's
figure view (nnlib/viz/figure_view.py) redraws its figure in place when a slider moves. A key
press on the first slider must bring nnlib's figure for the new value into the same plot element
(for the 3-D cost surface, the same WebGL canvas), keep the arrays of a trace the move did not
change (the data points; plotly.js recomputes only traces given new arrays), with no error in the
page.

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

import re

import pytest

from nnlib.viz.cost_surface import cost_surface_app
from nnlib.viz.neuron import neuron_app

from .helpers import wait_until
from .nnjs_page import cell_output_in_jupyterlab

FIGURE = ".jp-OutputArea .js-plotly-plot"
HANDLE = ".jp-OutputArea .widget-slider .noUi-handle"
TITLE = f"() => document.querySelector('{FIGURE}').layout.title.text"
# marks the plot element (and a 3-D scene's canvas) so that a redraw into a new one shows, and
# keeps the x array of the first trace (the app's fixed data points or surface)
MARK = f"""() => {{
  const gd = document.querySelector('{FIGURE}');
  gd.__before = true;
  gd.__x = gd.data[0].x;
  const canvas = gd.querySelector('canvas');
  if (canvas) canvas.__before = true;
  return !!canvas;
}}"""
SAME = f"""() => {{
  const gd = document.querySelector('{FIGURE}');
  const canvas = gd.querySelector('canvas');
  return [gd.__before === true && (!canvas || canvas.__before === true), gd.data[0].x === gd.__x];
}}"""


def _title_after_one_step(make):
    """nnlib's title for the app's first slider one step to the right, computed here."""
    app = make()
    slider = next(iter(app.sliders.values()))
    slider.value = slider.value + slider.step
    return app.view.figure_dict()["layout"]["title"]["text"]


@pytest.mark.parametrize("name, make, three_d", [("neuron_app", neuron_app, False),
                                                 ("cost_surface_app", cost_surface_app, True)])
def test_a_slider_key_redraws_the_figure_in_place(chromium_browser, tmp_path, name, make, three_d):
    module = make.__module__
    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, f"from {module} import {name}\n{name}()",
                                   f"() => !!document.querySelector('{FIGURE} .main-svg') && "
                                   f"!!document.querySelector('{HANDLE}')", errors) as page:
        before = page.evaluate(TITLE)
        assert page.evaluate(MARK) == three_d
        page.locator(HANDLE).first.focus()
        page.keyboard.press("ArrowRight")
        want = _title_after_one_step(make)
        assert want != before
        wait_until(page, f"() => ({TITLE})() === {want!r}", "the figure for the new slider value",
                   timeout_ms=30_000)
        same_element, same_points = page.evaluate(SAME)
        assert same_element, "the figure was drawn into a new element, not changed in place"
        assert same_points, "the unchanged first trace got new arrays (plotly.js recomputes it)"
        shown = page.evaluate(f"() => document.querySelector('{FIGURE} .gtitle').textContent")
        assert re.sub(r"\s+", " ", shown) == re.sub(r"\s+", " ", want)
    assert not errors, errors
