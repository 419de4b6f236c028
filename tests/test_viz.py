"""The pipeline chapter's interactive: its numbers, both faces, and the renderer."""
import itertools
import json
import math
import re
import subprocess
import sys

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import nnlib.viz as viz
from nnlib.viz import neuron
from nnlib.viz.neuron import B_VALUES, HOURS, PASSED, W_VALUES
from nnlib.viz.static import MIN_PREFIX, STATES_KEY, compact_states, expand_state


def linked_neuron_figure(w=2.0, b=-4.0):
    """The neuron's figure with sliders over the kernel app's grid of (w, b), made by
    linked_sliders_figure: a sample of a linked-slider figure (the book's pipeline page shows a
    live explorer instead) for the tests of static.py and the renderer."""
    return viz.linked_sliders_figure(viz.neuron_figure(w, b), neuron._controls(w, b), viz.neuron_state)


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


def test_linked_figure_holds_every_grid_state():
    fig = linked_neuron_figure(w=2.0, b=-4.0)
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


def test_linked_figure_starts_at_the_requested_point():
    fig = linked_neuron_figure(w=2.0, b=-4.0)
    assert W_VALUES[fig.layout.sliders[0].active] == 2.0
    assert B_VALUES[fig.layout.sliders[1].active] == -4.0
    assert fig.layout.title.text.startswith("w = 2, b = -4:")


def _spec(html):
    """The figure spec (data, layout, config[, linked]) that the HTML face carries as JSON."""
    m = re.search(r'<script type="application/json" id="([0-9a-f-]+)-spec">(.*?)</script>', html, re.S)
    assert m, "the HTML face carries its figure as a JSON script"
    assert f'id="{m.group(1)}" class="plotly-graph-div"' in html, "the spec names its figure's div"
    return json.loads(m.group(2))


def test_renderer_emits_json_and_html_without_plotlyjs():
    fig = linked_neuron_figure()
    bundle = pio.renderers[pio.renderers.default].to_mimebundle(fig.to_dict())
    assert pio.renderers.default == "nnlib"
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/html"}
    html = bundle["text/html"]
    # drawn by the figure's own script once the page's (deferred) plotly.js is there
    assert "Plotly.newPlot(gd, spec.data, spec.layout, spec.config)" in html and "plotly_sliderchange" in html
    assert "DOMContentLoaded" in html
    assert "plotly.js v" not in html and len(html) < 600_000, "plotly.js must not be embedded in every figure"
    assert "cdn" not in html.lower()
    json.dumps(bundle["application/vnd.plotly.v1+json"])  # serialisable as notebook output
    spec = _spec(html)
    assert spec["data"] == json.loads(pio.to_json(fig, validate=False))["data"]
    assert spec["config"] == {"displaylogo": False, "responsive": True}
    # the grid travels compactly in the spec, the text alternative in the HTML: not in meta
    assert "meta" not in spec["layout"]
    assert spec["linked"]["names"] == ["w", "b"] and spec["linked"]["shape"] == [len(W_VALUES), len(B_VALUES)]


def test_html_face_states_the_text_alternative_in_the_html():
    fig = viz.with_alt(viz.neuron_figure(), 'Curve of "a" & <b>: the neuron')
    html = pio.renderers["nnlib"].to_mimebundle(fig.to_dict())["text/html"]
    assert 'role="figure" aria-label="Curve of &quot;a&quot; &amp; &lt;b&gt;: the neuron"' in html
    plain = pio.renderers["nnlib"].to_mimebundle(go.Figure(go.Scatter(y=[1, 2])).to_dict())["text/html"]
    assert "role=" not in plain.split("<script")[0], "no text alternative, no figure role"


def test_html_face_cannot_close_its_script():
    fig = viz.neuron_figure()
    fig.update_layout(title_text="a</script><script>alert(1)</script><!-- b")
    html = pio.renderers["nnlib"].to_mimebundle(fig.to_dict())["text/html"]
    assert "alert(1)</script>" not in html and "<!--" not in html
    assert _spec(html)["layout"]["title"]["text"] == "a</script><script>alert(1)</script><!-- b"


def test_html_face_keeps_only_the_template_defaults_of_its_trace_types():
    fig = go.Figure([go.Scatter(y=[1, 2]), go.Bar(y=[3, 1])], layout={"template": "plotly_white"})
    spec = _spec(pio.renderers["nnlib"].to_mimebundle(fig.to_dict())["text/html"])
    assert set(spec["layout"]["template"]["data"]) == {"scatter", "bar"}
    assert spec["layout"]["template"]["layout"] == pio.templates["plotly_white"].to_plotly_json()["layout"]


def test_html_face_height_is_the_figure_height():
    html = pio.renderers["nnlib"].to_mimebundle(go.Figure(layout={"height": 333}).to_dict())["text/html"]
    assert 'style="height:333px; width:100%;"' in html
    html = pio.renderers["nnlib"].to_mimebundle(go.Figure().to_dict())["text/html"]
    assert 'style="height:100%; width:100%;"' in html  # plotly's own default height then


def test_plain_figure_gets_no_slider_script():
    html = pio.renderers["nnlib"].to_mimebundle(viz.neuron_figure().to_dict())["text/html"]
    assert "plotly_sliderchange" not in html and "linked" not in _spec(html)


def _states_by_index(grid):
    """{slider positions: state as {"data": {trace: props}, "layout": {...}}} of a full grid."""
    out = {}
    for k, index in enumerate(itertools.product(*[range(n) for n in grid["shape"]])):
        s = grid["states"][k]
        out[index] = {"data": {u["trace"]: u["props"] for u in s["data"]}, "layout": dict(s["layout"])}
    return out


def test_compact_states_give_back_every_state_of_the_neuron_figure():
    grid = linked_neuron_figure().layout.meta[STATES_KEY]
    compact = compact_states(grid)
    for index, state in _states_by_index(grid).items():
        assert json.dumps(expand_state(compact, list(index)), sort_keys=True) == json.dumps(state, sort_keys=True)


def test_compact_states_store_each_value_once_per_slider_it_depends_on():
    # three sliders (2 x 3 x 4): trace 0's y depends on the first only, the title on all three,
    # trace 1's colour on none, and the last slider's last position leaves the line width alone
    def state(a, b, c):
        layout = {"title.text": f"{a} {b} {c}"}
        if c < 3:
            layout["shapes[0].line.width"] = 2
        return {"data": {0: {"y": [[a, a + 1]]}, 1: {"marker.color": "red"}}, "layout": layout}

    names, shape = ["a", "b", "c"], [2, 3, 4]
    states = []
    for a, b, c in itertools.product(range(2), range(3), range(4)):
        s = state(a, b, c)
        states.append({"data": [{"trace": t, "props": p} for t, p in s["data"].items()], "layout": s["layout"]})
    grid = {"names": names, "shape": shape, "initial": [1, 2, 0], "states": states}
    compact = compact_states(grid)
    cols = {(c["trace"], c["path"]): c for c in compact["columns"]}
    assert cols[(0, "y")]["axes"] == [0] and cols[(0, "y")]["values"] == [[[0, 1]], [[1, 2]]]
    assert cols[(1, "marker.color")]["axes"] == [] and cols[(1, "marker.color")]["ids"] == [0]
    assert cols[(None, "title.text")]["axes"] == [0, 1, 2] and len(cols[(None, "title.text")]["values"]) == 24
    width = cols[(None, "shapes[0].line.width")]
    assert width["axes"] == [2] and width["ids"] == [0, 0, 0, -1]
    assert compact["initial"] == [1, 2, 0] and compact["names"] == names
    for a, b, c in itertools.product(range(2), range(3), range(4)):
        assert expand_state(compact, [a, b, c]) == state(a, b, c)


def shown_title(app):
    """The title of the figure the live app shows, as its figure view sent it to the page."""
    return app.view.figure_dict()["layout"]["title"]["text"]


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


def test_compact_states_store_a_path_drawn_up_to_step_k_once():
    # a slider k draws the first k + 1 points of one of two paths: each shorter path is the
    # longer one's first elements, stored as [index of the longer one, length]
    paths = {0: [float(i) for i in range(20)], 1: [-1.0 - i for i in range(20)]}
    states = [{"data": [{"trace": 0, "props": {"y": [paths[p][:k + 1]]}}], "layout": {}}
              for p in (0, 1) for k in range(20)]
    grid = {"names": ["path", "k"], "shape": [2, 20], "initial": [0, 19], "states": states}
    (col,) = compact_states(grid)["columns"]
    whole = [v for v in col["values"] if v is not None]
    assert [paths[0]] in whole and [paths[1]] in whole
    # stored whole: the two paths and the arrays too short to point at (1 to MIN_PREFIX - 1 points)
    assert len(whole) == 2 + 2 * (MIN_PREFIX - 1)
    assert sum(p is not None for p in col["prefixes"]) == 2 * (20 - MIN_PREFIX)
    compact = compact_states(grid)
    for p in (0, 1):
        for k in range(20):
            assert expand_state(compact, [p, k]) == {"data": {0: {"y": [paths[p][:k + 1]]}}, "layout": {}}


def test_importing_viz_skips_the_iri_grammar_but_leaves_it_importable():
    """nnlib.viz imports plotly's renderers without rfc3987_syntax (1.7 s per kernel), and undoes the block."""
    code = ("import sys, nnlib.viz, plotly.io as pio\n"
            "assert pio.renderers.default == 'nnlib'\n"
            "assert 'nbformat' in sys.modules and 'rfc3987_syntax' not in sys.modules\n"
            "import rfc3987_syntax\n"
            "assert rfc3987_syntax.is_valid_syntax('iri', 'https://example.org/a')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_jupyter_face_of_a_linked_slider_figure_has_no_dead_sliders():
    """JupyterLab draws the plotly JSON, where the linking script cannot run: that face shows the
    initial state with a note instead of sliders that would move while the figure stays put."""
    from nnlib.viz.static import JUPYTER_NOTE
    fig = viz.linked_sliders_figure(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])),
                                    {"a": ([1, 2, 3], 0, "slope a"), "b": ([0, 1], 1, "shift b")},
                                    lambda a, b: {"data": {0: {"y": [b, a + b]}}})
    bundle = pio.renderers["nnlib"].to_mimebundle(fig.to_dict())
    face = bundle["application/vnd.plotly.v1+json"]
    assert "sliders" not in face["layout"] and STATES_KEY not in face["layout"].get("meta", {})
    assert [a["text"] for a in face["layout"]["annotations"]][-1] == JUPYTER_NOTE
    n = len(fig.layout.sliders)
    assert face["layout"]["height"] < fig.layout.height and n >= 1
    assert face["data"] == json.loads(fig.to_json())["data"]  # the initial state, unchanged
    assert "nnlibLinkSliders" in bundle["text/html"] and '"sliders"' in bundle["text/html"]  # the book's face keeps them
    plain = go.Figure(go.Scatter(x=[0, 1], y=[1, 0]))
    assert pio.renderers["nnlib"].to_mimebundle(plain.to_dict())["application/vnd.plotly.v1+json"]["layout"].get(
        "annotations") is None


def test_neuron_explorer_config_is_what_the_page_computes_from():
    """The pipeline's explorer computes every number in the page (nnlib/viz/js/neuron_explorers.js;
    tests/browser/test_neuron_explorers.py compares them with neuron_fit): its config holds the
    data, the curve's inputs, the window (the kernel app's slider ranges) and the start."""
    from nnlib.viz import pipeline

    c = pipeline.explorer_config()
    assert c["X"] == HOURS.tolist() and c["Y"] == PASSED.tolist() and len(c["x_grid"]) == 91
    assert c["start"] == {"w": 2.0, "b": -4.0}
    assert c["w_range"] == [W_VALUES[0], W_VALUES[-1]] and c["b_range"] == [B_VALUES[0], B_VALUES[-1]]
    assert pipeline.explorer_config(-1.25, 1.5)["start"] == {"w": -1.25, "b": 1.5}
    json.dumps(c)
    html = viz.neuron_explorer()._repr_html_()
    assert "mountNeuronExplorer" in html and "cost_surface.js" in html and len(html) < 150_000
    for w, b in ((7.0, 0.0), (0.0, -11.0)):
        with pytest.raises(ValueError, match="window"):
            pipeline.explorer_config(w, b)


def test_jupyter_face_of_a_one_slider_figure_animates_plotly_frames():
    """With one slider, JupyterLab's face keeps it, and each step animates to a plotly frame that
    holds that state of the grid (so the slider works there with no script of ours)."""
    from nnlib.viz.static import jupyter_face
    fig = viz.linked_sliders_figure(go.Figure(go.Scatter(x=[0, 1], y=[0, 1], marker={"color": "red"})),
                                    {"a": ([1, 2, 3], 1, "slope a")},
                                    lambda a: {"data": {0: {"y": [0, a], "marker.size": 4 * a}},
                                               "layout": {"title.text": f"a = {a}"}})
    face = jupyter_face(fig.to_dict())
    (slider,) = face["layout"]["sliders"]
    assert [s["method"] for s in slider["steps"]] == ["animate"] * 3 and slider["active"] == 1
    assert [s["args"][0] for s in slider["steps"]] == [["0"], ["1"], ["2"]]
    assert face["frames"] == [{"name": str(j), "traces": [0], "data": [{"y": [0, a], "marker": {"size": 4 * a}}],
                               "layout": {"title": {"text": f"a = {a}"}}} for j, a in enumerate([1, 2, 3])]
    assert STATES_KEY not in face["layout"].get("meta", {})
    shapes = viz.linked_sliders_figure(go.Figure(go.Scatter(x=[0], y=[0]), layout={"shapes": [{"type": "line"}]}),
                                       {"a": ([1, 2], 0, "a")}, lambda a: {"layout": {"shapes[0].x1": a}})
    assert "frames" not in jupyter_face(shapes.to_dict())  # a frame cannot change one item of shapes
