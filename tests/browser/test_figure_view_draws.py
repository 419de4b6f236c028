"""The kernel face's figure view (nnlib/viz/js/figure_view.js) draws what a fresh plot would.

A move that changes only the values of scatter or bar traces and the title or labels is drawn
by re-plotting those traces alone (Plotly.animate without redraw, Plotly.relayout), not by
redrawing the whole figure. Here each live app's figures, as nnlib computes them for a series of
slider moves, go through the view's real front end (given a stand-in for the widget model) in
Chromium; after every move the view's plot must look like the same figure drawn from scratch by
Plotly.newPlot, pixel for pixel within antialiasing. The apps whose moves are all of that kind
must take the quick path at every move, so the comparison covers it.

Needs Chromium and Playwright, not the built book.
"""
from __future__ import annotations

import importlib
import io
import json
import shutil

import ipywidgets as widgets
import numpy as np
import plotly.offline
import pytest
from PIL import Image

from figure_views import LIVE_APPS, record_shown

from .helpers import wait_until
from .nnjs_page import NNJS, serve_folder, watch

# the apps whose every move in the series below changes only trace values and labels
QUICK = {"neuron_app", "cost_surface_app", "regularisation_app", "digit_app", "descent_app", "sum_times_app", "neuron_graph_app", "delta_app", "check_app", "sgd_app"}
# (slider, steps): the series of moves each app goes through
MOVES = [(0, 3), (0, 3), (1, 3), (0, -3)]
# a pixel differs when a colour channel differs by more than this (antialiasing stays below)
CHANNEL = 48
# the most pixels of the plot that may differ: after a quick move (a label's new digits change
# about a hundred), and after a full redraw (Plotly.react), where plotly.js places a contour's
# labels anew
MOST_DIFFERENT = {True: 30, False: 6000}

PAGE = """<!doctype html><meta charset="utf-8">
<style>body { margin: 0 } .plot { width: 900px }</style>
<script src="plotly.min.js"></script>
<div id="view" class="plot"></div><div id="fresh" class="plot"></div>
<script type="module">
import view, { moves } from "./figure_view.js";
const figures = await (await fetch("figures.json")).json();
const listeners = [];
const model = { figure: figures[0], get: () => model.figure, send() {}, off() {},
                on: (event, listener) => { if (event === "change:figure") listeners.push(listener); } };
const el = document.getElementById("view");
window.quick = [];
// show figure k in the view, as a kernel's change of the model would; resolves once drawn
window.showInView = k => new Promise(resolve => {
  window.quick.push(moves(JSON.parse(model.figure), JSON.parse(figures[k])) !== null);
  el.firstChild.addEventListener("figure-drawn", () => requestAnimationFrame(resolve), { once: true });
  model.figure = figures[k];
  listeners.forEach(listener => listener());
});
window.drawFresh = async k => {
  const figure = JSON.parse(figures[k]);
  const fresh = document.getElementById("fresh");
  Plotly.purge(fresh);
  await Plotly.newPlot(fresh, figure.data, figure.layout, { displaylogo: false, responsive: true });
  await new Promise(requestAnimationFrame);
};
await view.render({ model, el });
await new Promise(requestAnimationFrame);
window.ready = true;
</script>
"""


def _sliders(widget):
    """The app's sliders, in the order it shows them."""
    found = [widget] if isinstance(widget, (widgets.FloatSlider, widgets.IntSlider, widgets.SelectionSlider)) else []
    for child in getattr(widget, "children", ()) or ():
        found += _sliders(child)
    return found


def _move(slider, steps):
    if isinstance(slider, widgets.SelectionSlider):
        slider.index = int(np.clip(slider.index + steps, 0, len(slider.options) - 1))
    else:
        slider.value = float(np.clip(slider.value + steps * slider.step, slider.min, slider.max))


def figure_series(module, name, monkeypatch):
    """The plotly JSON the app's view sends to the page: first, then after each of MOVES."""
    sent = record_shown(monkeypatch, as_sent=True)
    app = getattr(importlib.import_module(f"nnlib.viz.{module}"), name)()
    series = [sent[-1]]
    sliders = _sliders(app)
    for slider, steps in MOVES:
        _move(sliders[slider % len(sliders)], steps)
        series.append(sent[-1])
    return series


def _different_pixels(a: bytes, b: bytes) -> int:
    one, two = (np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int) for png in (a, b))
    assert one.shape == two.shape, f"the view is {one.shape[:2]} pixels, the fresh plot {two.shape[:2]}"
    return int((np.abs(one - two).max(axis=2) > CHANNEL).sum())


@pytest.mark.parametrize("module, name", LIVE_APPS, ids=[name for _, name in LIVE_APPS])
def test_each_move_draws_what_a_fresh_plot_draws(chromium_browser, tmp_path, monkeypatch, module, name):
    series = figure_series(module, name, monkeypatch)
    (tmp_path / "figures.json").write_text(json.dumps(series))
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "plotly.min.js").write_text(plotly.offline.get_plotlyjs())
    shutil.copy(NNJS / "figure_view.js", tmp_path)
    errors = []
    context = chromium_browser.new_context(viewport={"width": 1000, "height": 1400})
    try:
        with serve_folder(tmp_path) as url:
            page = context.new_page()
            watch(page, errors)
            page.goto(url + "index.html")
            wait_until(page, "() => window.ready === true", "the view's first figure")
            for k in range(1, len(series)):
                page.evaluate("k => window.showInView(k)", k)
                page.evaluate("k => window.drawFresh(k)", k)
                shown = page.locator("#view .js-plotly-plot").screenshot()
                fresh = page.locator("#fresh").screenshot()
                differ = _different_pixels(shown, fresh)
                quick = page.evaluate("() => window.quick")
                assert differ <= MOST_DIFFERENT[quick[-1]], (
                    f"{name}, move {k}: {differ} of the view's pixels differ from a fresh plot of the same figure")
    finally:
        context.close()
    assert all(quick) == (name in QUICK), f"{name}: quick path taken at moves {quick}"
    assert not errors, errors
