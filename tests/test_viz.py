"""The pipeline chapter's interactive: its numbers, both faces, and the renderer."""
import json
import math

import numpy as np
import plotly.io as pio
import pytest

import nnlib.viz as viz
from nnlib.viz.neuron import B_VALUES, HOURS, PASSED, W_VALUES
from nnlib.viz.static import STATES_KEY


def cost_by_hand(w, b):
    """C = (1/m) sum (sigma(w x + b) - y)^2 with math.exp, independent of nnlib."""
    xs, ys = HOURS[0], PASSED[0]
    return sum((1 / (1 + math.exp(-(w * x + b))) - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


@pytest.mark.parametrize("w, b", [(2.0, -4.0), (-1.5, 0.5), (5.5, -10.0), (0.0, 0.0)])
def test_neuron_fit_matches_hand_computation_and_finite_differences(w, b):
    fit = viz.neuron_fit(w, b)
    assert fit.cost == pytest.approx(cost_by_hand(w, b), rel=1e-12)
    eps = 1e-6
    assert fit.dC_dw == pytest.approx((cost_by_hand(w + eps, b) - cost_by_hand(w - eps, b)) / (2 * eps), rel=1e-6, abs=1e-10)
    assert fit.dC_db == pytest.approx((cost_by_hand(w, b + eps) - cost_by_hand(w, b - eps)) / (2 * eps), rel=1e-6, abs=1e-10)
    assert fit.outputs == pytest.approx(1 / (1 + np.exp(-(w * HOURS[0] + b))))


def test_pipeline_worked_example():
    # w = 2, b = -4, x = 2.5: z = 1 and a = sigma(1); the chapter prints these numbers.
    fit = viz.neuron_fit(2.0, -4.0)
    assert fit.outputs[4] == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert fit.cost == pytest.approx(0.111252, abs=1e-6)


def test_static_figure_holds_every_grid_state():
    fig = viz.neuron_static_figure(w=2.0, b=-4.0)
    grid = fig.layout.meta[STATES_KEY]
    assert grid["names"] == ["w", "b"]
    assert grid["shape"] == [len(W_VALUES), len(B_VALUES)]
    assert len(grid["states"]) == len(W_VALUES) * len(B_VALUES)
    assert [len(s.steps) for s in fig.layout.sliders] == [len(W_VALUES), len(B_VALUES)]
    i, j = 3, 7  # state index k = i * len(B_VALUES) + j, as the page script computes it
    state = grid["states"][i * len(B_VALUES) + j]
    w, b = W_VALUES[i], B_VALUES[j]
    assert state["layout"]["title.text"].startswith(f"w = {w:g}, b = {b:g}:")
    assert f"cost C = {cost_by_hand(w, b):.4f}" in state["layout"]["title.text"]
    curve = {u["trace"]: u["props"]["y"][0] for u in state["data"]}[2]
    assert curve == pytest.approx(1 / (1 + np.exp(-(w * HOURS[0] + b))), abs=1e-4)


def test_static_figure_starts_at_the_requested_point():
    fig = viz.neuron_static_figure(w=2.0, b=-4.0)
    assert W_VALUES[fig.layout.sliders[0].active] == 2.0
    assert B_VALUES[fig.layout.sliders[1].active] == -4.0
    assert fig.layout.title.text.startswith("w = 2, b = -4:")


def test_renderer_emits_json_and_html_without_plotlyjs():
    fig = viz.neuron_static_figure()
    bundle = pio.renderers[pio.renderers.default].to_mimebundle(fig.to_dict())
    assert pio.renderers.default == "nnlib"
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/html"}
    html = bundle["text/html"]
    assert "Plotly.newPlot" in html and "plotly_sliderchange" in html
    assert len(html) < 600_000, "plotly.js must not be embedded in every figure"
    assert "cdn" not in html.lower()
    json.dumps(bundle["application/vnd.plotly.v1+json"])  # serialisable as notebook output


def test_plain_figure_gets_no_slider_script():
    html = pio.renderers["nnlib"].to_mimebundle(viz.neuron_figure().to_dict())["text/html"]
    assert "plotly_sliderchange" not in html


def shown_title(app):
    """The title of the figure the live app shows, from its Output widget's notebook output."""
    (output,) = app.out.outputs
    return output["data"]["application/vnd.plotly.v1+json"]["layout"]["title"]["text"]


def test_live_app_redraws_from_the_same_numbers():
    app = viz.neuron_app(w=2.0, b=-4.0)
    sliders = [c for c in app.children if hasattr(c, "value") and hasattr(c, "min")]
    assert [s.value for s in sliders] == [2.0, -4.0]
    assert shown_title(app).startswith("w = 2, b = -4:")
    sliders[0].value = 3.0
    sliders[1].value = -6.5
    title = shown_title(app)
    assert title.startswith("w = 3, b = -6.5:")
    assert f"cost C = {cost_by_hand(3.0, -6.5):.4f}" in title
    assert title == viz.neuron_figure(3.0, -6.5).layout.title.text


@pytest.mark.parametrize("w, b", [(1e6, -1e6), (-1e9, 1e9), (0.0, 800.0)])
def test_extreme_values_do_not_crash(w, b):
    fit = viz.neuron_fit(w, b)
    assert np.isfinite(fit.cost) and np.isfinite(fit.dC_dw) and np.isfinite(fit.dC_db)


def test_apply_state_writes_nested_paths_into_a_figure_dict():
    from nnlib.viz.static import apply_state

    fig = {"data": [{"x": [0], "marker": {"color": "red"}}, {"y": [1]}],
           "layout": {"title": {"text": "old"}, "shapes": [{"line": {"width": 1}}, {"line": {"width": 1}}]}}
    out = apply_state(fig, {"data": {1: {"y": np.array([2.0, 3.0])}, 0: {"marker.color": "blue"}},
                            "layout": {"title.text": "new", "shapes[1].line.width": 4}})
    assert out is fig
    assert fig["data"][0]["marker"]["color"] == "blue"
    assert fig["data"][1]["y"] == [2.0, 3.0] and isinstance(fig["data"][1]["y"], list)
    assert fig["layout"]["title"]["text"] == "new"
    assert [s["line"]["width"] for s in fig["layout"]["shapes"]] == [1, 4]
