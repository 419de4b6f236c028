"""The cost-surface chapter: its update functions, both faces of its interactive, and its self-check.

Every number the figures show is compared with nnlib and with an independent computation
written here: the cost with math.exp, derivatives by centred differences and by the closed
form worked out by hand, and a few values the chapter derives on paper.
"""
import json
import math
import re

import numpy as np
import plotly.io as pio
import pytest

from nnlib.viz.figure_view import FigureView, decoded

import nnlib
from nnlib.checks.one_neuron_cost import check_one_neuron_cost, reference_cost
from nnlib.viz import cost_surface as cs
from nnlib.viz.neuron import HOURS, PASSED, X_GRID

XS, YS = list(HOURS[0]), list(PASSED[0])
NUM = r"(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"
TITLE = re.compile(rf"w = {NUM}, b = {NUM}:\s+C = {NUM},\s+∂C/∂w = {NUM},\s+∂C/∂b = {NUM},\s+\|∇C\| = {NUM}")


def sig(z):
    return 1 / (1 + math.exp(-z)) if z > -700 else 0.0


def cost_by_hand(w, b):
    """C = (1/m) sum (sigma(w x + b) - y)^2 with math.exp, independent of nnlib."""
    return sum((sig(w * x + b) - y) ** 2 for x, y in zip(XS, YS)) / len(XS)


def grad_by_hand(w, b):
    """The closed form: dC/dw = (2/m) sum (a - y) a (1 - a) x, dC/db = the same without x."""
    m = len(XS)
    gw = gb = 0.0
    for x, y in zip(XS, YS):
        a = sig(w * x + b)
        common = 2 * (a - y) * a * (1 - a) / m
        gw, gb = gw + common * x, gb + common
    return gw, gb


def grad_fd(w, b, eps=1e-6):
    return ((cost_by_hand(w + eps, b) - cost_by_hand(w - eps, b)) / (2 * eps),
            (cost_by_hand(w, b + eps) - cost_by_hand(w, b - eps)) / (2 * eps))


POINTS = [(1.0, -1.0), (2.0, -4.0), (0.0, 0.0), (-1.5, -0.5), (5.5, -7.5), (0.3, -2.7)]


# --------------------------------------------------------------------------------------
# The update function
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("w, b", POINTS)
def test_surface_point_matches_hand_computation_and_finite_differences(w, b):
    p = cs.surface_point(w, b)
    assert p.cost == pytest.approx(cost_by_hand(w, b), rel=1e-12)
    for got, fd, closed in zip((p.dC_dw, p.dC_db), grad_fd(w, b), grad_by_hand(w, b)):
        assert got == pytest.approx(fd, rel=1e-6, abs=1e-10)
        assert got == pytest.approx(closed, rel=1e-10, abs=1e-14)
    assert p.grad_norm == pytest.approx(math.hypot(p.dC_dw, p.dC_db))
    if p.grad_norm > 0:
        assert p.descent == pytest.approx((-p.dC_dw / p.grad_norm, -p.dC_db / p.grad_norm))
        assert math.hypot(*p.descent) == pytest.approx(1.0)
    assert p.fit.curve == pytest.approx([sig(w * x + b) for x in X_GRID[0]])


def test_the_worked_numbers_of_the_chapter():
    # P = (1, -1): outputs sigma(x - 1); the student with x = 2.5, y = 0 has the largest loss
    p = cs.surface_point(1.0, -1.0)
    losses = [(sig(x - 1) - y) ** 2 for x, y in zip(XS, YS)]
    assert int(np.argmax(losses)) == 4 and losses[4] == pytest.approx((sig(1.5)) ** 2)
    assert p.cost == pytest.approx(sum(losses) / 8)
    # the centre of the map, by hand: C = 1/4, dC/db = 0, dC/dw = (1/16) sum (1/2 - y) x = -3.5/16
    o = cs.surface_point(0.0, 0.0)
    assert o.cost == pytest.approx(0.25, abs=1e-15)
    assert o.dC_db == pytest.approx(0.0, abs=1e-15)
    assert o.dC_dw == pytest.approx(-3.5 / 16, rel=1e-12)
    assert o.descent == pytest.approx((1.0, 0.0))
    # the plateau w = 0, b = -8: every output sigma(-8), so C = (4 s^2 + 4 (1 - s)^2) / 8
    s = sig(-8.0)
    assert cs.surface_point(0.0, -8.0).cost == pytest.approx((s * s + (1 - s) ** 2) / 2, rel=1e-12)
    # 784-16-16-10 has 13,002 parameters
    assert nnlib.Network([784, 16, 16, 10]).n_params == 13002 == 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10


@pytest.mark.parametrize("lr", [1e-3, 0.5, 5.0])
def test_gradient_step(lr):
    w, b = cs.START
    step = cs.gradient_step(w, b, lr)
    gw, gb = grad_by_hand(w, b)
    assert (step.w_new, step.b_new) == pytest.approx((w - lr * gw, b - lr * gb), rel=1e-10)
    assert step.cost == pytest.approx(cost_by_hand(w, b), rel=1e-12)
    assert step.cost_new == pytest.approx(cost_by_hand(step.w_new, step.b_new), rel=1e-12)
    assert step.change == pytest.approx(step.cost_new - step.cost)
    assert step.predicted == pytest.approx(-lr * (gw * gw + gb * gb), rel=1e-10)
    if lr == 1e-3:  # a tiny step: the first-order prediction is nearly exact
        assert step.change / step.predicted == pytest.approx(1.0, abs=1e-3)
    if lr == 0.5:  # the chapter's claim
        assert step.change < 0 and abs(step.change / step.predicted - 1) < 0.1
    if lr == 5.0:  # the exercise's claim: overshoot, the cost goes up
        assert step.change > 0


@pytest.mark.parametrize("angle", [0, 30, 90, 137.5, 200, 333])
def test_directional_slope_is_gradient_dot_u(angle):
    w, b = 0.8, -2.2
    gw, gb = grad_by_hand(w, b)
    u = (math.cos(math.radians(angle)), math.sin(math.radians(angle)))
    assert cs.directional_slope(w, b, angle) == pytest.approx(gw * u[0] + gb * u[1], rel=1e-6, abs=1e-10)


def test_cost_grid_rows_are_b_and_columns_are_w():
    grid = cs.cost_grid()
    assert grid.shape == (len(cs.SURFACE_B), len(cs.SURFACE_W)) == (41, 41)
    for i, j in [(0, 0), (3, 17), (40, 2), (25, 40)]:
        assert grid[i, j] == pytest.approx(cost_by_hand(cs.SURFACE_W[j], cs.SURFACE_B[i]), rel=1e-12)
    grid[0, 0] = -1  # a copy: the cached grid is not changed
    assert cs.cost_grid()[0, 0] > 0


def test_lowest_point_is_a_minimum():
    w, b, c = cs.lowest_point()
    assert c == pytest.approx(cost_by_hand(w, b), rel=1e-10)
    assert max(abs(g) for g in grad_by_hand(w, b)) < 1e-6
    assert c <= cs.cost_grid().min()
    for dw, db in [(0.05, 0), (-0.05, 0), (0, 0.05), (0, -0.05)]:
        assert cost_by_hand(w + dw, b + db) > c
    assert -b / w == pytest.approx(2.25, abs=1e-3)  # the text: between 2 and 2.5 hours


@pytest.mark.parametrize("x, text", [(0.19287, "0.1929"), (-0.0001234, "-1.2e-04"), (0.0, "0.0000"),
                                     (0.001, "0.0010"), (-3.5 / 16, "-0.2188")])
def test_number_format(x, text):
    assert cs.fmt(x) == text


@pytest.mark.parametrize("w, b", [(1e6, -1e6), (-1e9, 1e9), (0.0, 800.0), (-800.0, 0.0), (6.0, -8.0), (-2.0, 0.0)])
def test_extreme_values_do_not_crash(w, b):
    p = cs.surface_point(w, b)
    assert all(np.isfinite([p.cost, p.dC_dw, p.dC_db, p.grad_norm, *p.descent]))
    state = cs.cost_surface_state(w, b)
    assert TITLE.search(state["layout"]["title.text"])
    json.dumps(FigureView(cs.cost_surface_figure_dict(w, b)).figure_dict())


def test_zero_gradient_gives_no_arrow():
    p = cs.surface_point(0.0, 800.0)  # sigma'(800) is exactly 0 in floating point
    assert p.grad_norm == 0 and p.descent == (0.0, 0.0)


# --------------------------------------------------------------------------------------
# The kernel face's figure, and the page's explorer
# --------------------------------------------------------------------------------------
def _parse_title(text):
    m = TITLE.search(text)
    assert m, text
    return [float(g) for g in m.groups()]


def _check_title(text, w, b):
    shown = _parse_title(text)
    p = cs.surface_point(w, b)
    assert shown[:2] == [w, b]
    assert text.endswith(f"C = {cs.fmt(p.cost)},  ∂C/∂w = {cs.fmt(p.dC_dw)},  ∂C/∂b = {cs.fmt(p.dC_db)},  "
                         f"|∇C| = {cs.fmt(p.grad_norm)}")
    # and the numbers are right independently of nnlib (to the 4 decimals shown)
    gw, gb = grad_by_hand(w, b)
    assert shown[2:] == pytest.approx([cost_by_hand(w, b), gw, gb, math.hypot(gw, gb)], abs=5.1e-5, rel=0.051)


def test_trace_numbers_match_the_figure():
    fig = cs.cost_surface_figure()
    kinds = {cs.T_SURFACE: "surface", cs.T_POINT3D: "scatter3d", cs.T_CONTOUR: "contour",
             cs.T_LOWEST: "scatter", cs.T_ARROW: "scatter", cs.T_POINT2D: "scatter",
             cs.T_DATA: "scatter", cs.T_CURVE: "scatter", cs.T_OUTPUTS: "scatter"}
    assert len(fig.data) == len(kinds)
    for i, kind in kinds.items():
        assert fig.data[i].type == kind, (i, fig.data[i].type)
    assert fig.data[cs.T_ARROW].name == "direction of −∇C" and fig.data[cs.T_CURVE].name.startswith("a = σ")
    assert np.asarray(fig.data[cs.T_SURFACE].z) == pytest.approx(np.round(cs.cost_grid(), 4))


def test_figure_at_a_point_shows_that_point():
    w, b = 0.3, -2.7
    fig = cs.cost_surface_figure(w, b)
    p = cs.surface_point(w, b)
    _check_title(fig.layout.title.text, w, b)
    assert list(fig.data[cs.T_POINT2D].x) == [w] and list(fig.data[cs.T_POINT2D].y) == [b]
    assert list(fig.data[cs.T_POINT3D].z) == pytest.approx([p.cost + cs.LIFT])
    ax, ay = fig.data[cs.T_ARROW].x, fig.data[cs.T_ARROW].y
    gw, gb = grad_fd(w, b)
    norm = math.hypot(gw, gb)
    assert (ax[0], ay[0]) == (w, b)
    assert ((ax[1] - w) / cs.ARROW_LENGTH, (ay[1] - b) / cs.ARROW_LENGTH) == pytest.approx((-gw / norm, -gb / norm), abs=1e-6)
    assert "w = 0.3, b = -2.7 has cost" in fig.layout.meta["alt"]


def test_explorer_config_is_nnlibs_data_and_lowest_point():
    config = cs.explorer_config(0.5, -3.0, 4.0)
    assert json.loads(json.dumps(config)) == config  # JSON-ready
    assert config["X"] == HOURS.tolist() and config["Y"] == PASSED.tolist() and config["x_grid"] == X_GRID[0].tolist()
    assert config["start"] == {"w": 0.5, "b": -3.0, "lr": 4.0}
    assert (config["lowest"]["w"], config["lowest"]["b"], config["lowest"]["cost"]) == cs.lowest_point()
    assert config["w_range"] == list(cs.W_RANGE) and config["b_range"] == list(cs.B_RANGE)
    assert config["steps"] == cs.DESCENT_STEPS and config["contours"] == cs.CONTOURS


@pytest.mark.parametrize("args, words", [((7.0, -1.0, 2.0), "window"), ((1.0, 0.5, 2.0), "window"),
                                         ((1.0, -1.0, 0.0), "learning-rate"), ((1.0, -1.0, 80.0), "learning-rate")])
def test_explorer_rejects_a_start_it_cannot_show(args, words):
    with pytest.raises(ValueError, match=words):
        cs.cost_surface_explorer(*args)


def test_explorer_output_is_light_and_self_contained():
    """The explorer's HTML carries its modules (no path to resolve, no plotly, no precomputed
    states) and each output has its own element."""
    first, second = cs.cost_surface_explorer()._repr_html_(), cs.cost_surface_explorer()._repr_html_()
    ids = [re.search(r'<div id="([\w-]+)"', h).group(1) for h in (first, second)]
    assert ids[0] != ids[1] and f"getElementById({json.dumps(ids[0])})" in first
    for module in ("cost_surface.js", "network.js", "matrix.js", "activations.js", "costs.js"):
        assert json.dumps(module) in first, module
    assert "mountCostSurface" in first and "Plotly" not in first
    assert len(first) < 100_000, f"{len(first)} bytes"
    assert "drag the point" in repr(cs.cost_surface_explorer())


def test_surface_picture_colours_are_nnlibs_costs():
    svg = cs.surface_picture_svg(n=9)
    fills = re.findall(r'<polygon points="[^"]+" fill="(#[0-9a-f]{6})"/>', svg)
    assert len(fills) == 8 * 8
    # the colour scale: low cost dark blue, high cost the pale tint
    assert cs._scale_colour(0.0) == cs.BLUE.lower() and cs._scale_colour(1.0) == cs.COLORSCALE[-1][1].lower()
    assert cs._scale_colour(0.45) == cs.SKY.lower()
    # the darkest quadrilateral holds the valley's bottom: its colour is the lowest mean cost's
    C = cs.cost_grid(np.linspace(*cs.W_RANGE, 9), np.linspace(*cs.B_RANGE, 9))
    means = (C[:-1, :-1] + C[1:, :-1] + C[:-1, 1:] + C[1:, 1:]) / 4
    t = (means - C.min()) / (C.max() - C.min())
    assert sorted(fills) == sorted(cs._scale_colour(v) for v in t.ravel())
    lw, lb, lc = cs.lowest_point()
    assert f"cost {lc:.4f}" in svg and 'role="img"' in svg
    assert len(cs.cost_surface_picture()._repr_html_()) < 60_000


def test_kernel_face_figure_dict_equals_the_figure():
    w, b = 4.5, -6.0
    fast = cs.cost_surface_figure_dict(w, b)
    slow = json.loads(pio.to_json(cs.cost_surface_figure(w, b)))
    fast = json.loads(pio.to_json(fast, validate=False))
    assert fast["layout"]["title"]["text"] == slow["layout"]["title"]["text"]
    assert fast["layout"]["meta"]["alt"] == slow["layout"]["meta"]["alt"]
    for t in (cs.T_POINT3D, cs.T_ARROW, cs.T_POINT2D, cs.T_CURVE, cs.T_OUTPUTS):
        for k in ("x", "y", "z"):
            if k in slow["data"][t]:
                assert decoded(fast["data"][t][k]) == pytest.approx(decoded(slow["data"][t][k]))


# --------------------------------------------------------------------------------------
# The live app (kernel face)
# --------------------------------------------------------------------------------------
def _shown(view):
    """The figure the app's view sent to the page last."""
    return view.figure_dict()


def test_live_app_redraws_from_the_same_numbers():
    app = cs.cost_surface_app()
    sliders = [c for c in app.children if hasattr(c, "value") and hasattr(c, "min")]
    out = app.children[-1]
    assert out is app.view
    assert [s.value for s in sliders] == list(cs.START)
    assert [s.step for s in sliders] == pytest.approx([0.1, 0.1])
    _check_title(_shown(out)["layout"]["title"]["text"], *cs.START)
    sliders[0].value = 3.0
    sliders[1].value = -6.5
    fig = _shown(out)
    _check_title(fig["layout"]["title"]["text"], 3.0, -6.5)
    assert fig["data"][cs.T_POINT3D]["customdata"] == pytest.approx([cost_by_hand(3.0, -6.5)])
    assert fig["data"][cs.T_CURVE]["y"] == pytest.approx([sig(3 * x - 6.5) for x in X_GRID[0]])
    # steps of 0.1 reach points such as w = 1.7
    sliders[0].value = 1.7
    _check_title(_shown(out)["layout"]["title"]["text"], 1.7, -6.5)
    assert out.figure_dict()["data"][cs.T_POINT3D]["x"] == [1.7]


def good_vectorised(w, b, x, y):
    a = 1 / (1 + np.exp(-np.clip(w * x + b, -500, 500)))
    return np.mean((a - y) ** 2)


def good_loop(w, b, x, y):
    total = 0.0
    for xi, yi in zip(x, y):
        z = w * xi + b
        a = 1 / (1 + math.exp(-z)) if z > -700 else 0.0
        total += (a - yi) ** 2
    return total / len(x)


def good_0d_array(w, b, x, y):
    return np.array(np.mean((1 / (1 + np.exp(-(w * x + b))) - y) ** 2))


def good_nnlib(w, b, x, y):
    net = nnlib.Network([1, 1])
    net.W[1] = [[w]]
    net.b[1] = [[b]]
    return net.cost(np.reshape(x, (1, -1)), np.reshape(y, (1, -1)))


@pytest.mark.parametrize("fn", [good_vectorised, good_loop, good_0d_array, good_nnlib])
def test_check_passes_correct_code(fn):
    for _ in range(3):
        result = check_one_neuron_cost(fn)
        assert result.passed and bool(result), str(result)
        assert f"{result.n_cases} cases" in str(result)


def _not_implemented(*args):
    raise NotImplementedError("Write your solution to exercise 'ex-surface-code-cost' here.")


STUBS = {
    "zeros": lambda w, b, x, y: 0.0,
    "input": lambda w, b, x, y: x,
    "inputs unchanged": lambda w, b, x, y: (w, b, x, y),
    "None": lambda w, b, x, y: None,
    "NotImplementedError": _not_implemented,
    "constant": lambda w, b, x, y: 0.25,
}


@pytest.mark.parametrize("name", list(STUBS))
def test_check_fails_stubs_readably(name):
    result = check_one_neuron_cost(STUBS[name])
    assert not result.passed
    text = str(result)
    assert "failed" in text and "check_one_neuron_cost" in text and "Traceback" not in text
    if name == "NotImplementedError":
        assert result.message.startswith("not implemented yet")
    else:
        assert result.case is not None and set(result.case.inputs) == {"w", "b", "x", "y"}
    if name == "None":
        assert "None" in result.message and "return" in result.hint


def _sig(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))


def _mistake(kind):
    def fn(w, b, x, y):
        z = w * x + b
        a = _sig(z)
        return {
            "sum": lambda: np.sum((a - y) ** 2),
            "half": lambda: 0.5 * np.mean((a - y) ** 2),
            "no square": lambda: np.mean(a - y),
            "abs": lambda: np.mean(np.abs(a - y)),
            "sqrt": lambda: np.sqrt(np.mean((a - y) ** 2)),
            "square of mean": lambda: np.mean(a - y) ** 2,
            "no sigmoid": lambda: np.mean((z - y) ** 2),
            "no bias": lambda: np.mean((_sig(w * x) - y) ** 2),
            "bias inside": lambda: np.mean((_sig(w * (x + b)) - y) ** 2),
            "sigmoid sign": lambda: np.mean((_sig(-z) - y) ** 2),
            "m - 1": lambda: np.sum((a - y) ** 2) / (len(x) - 1),
            "losses": lambda: (a - y) ** 2,
            "overflow": lambda: np.mean((np.exp(z) / (1 + np.exp(z)) - y) ** 2),
            "math.exp": lambda: np.mean([(1 / (1 + math.exp(-zi)) - yi) ** 2 for zi, yi in zip(z, y)]),
            "changes x": lambda: (x.__imul__(w), np.mean((_sig(x + b) - y) ** 2))[1],
        }[kind]()
    fn.__name__ = kind.replace(" ", "_")
    return fn


PITFALLS = [
    ("sum", ["AVERAGE", "divide the sum by m"]),
    ("half", ["factor 1/2"]),
    ("no square", ["Square each error"]),
    ("abs", ["absolute value"]),
    ("sqrt", ["square root"]),
    ("square of mean", ["Square each example's error first"]),
    ("no sigmoid", ["Apply the sigmoid"]),
    ("no bias", ["Add the bias"]),
    ("bias inside", ["not w·(x + b)"]),
    ("sigmoid sign", ["−z in the exponent"]),
    ("m - 1", ["not by m − 1"]),
    ("losses", ["loss of each example", "np.mean"]),
    ("overflow", ["finite", "1 / (1 + np.exp(-z))"]),
    ("math.exp", ["np.exp"]),
    ("changes x", ["in place"]),
]


@pytest.mark.parametrize("kind, words", PITFALLS, ids=[k for k, _ in PITFALLS])
def test_check_names_each_pitfall(kind, words):
    result = check_one_neuron_cost(_mistake(kind))
    assert not result.passed
    text = result.message + " " + result.hint
    for word in words:
        assert word in text, f"{word!r} not in:\n{result}"
    assert result.case is not None and result.case.inputs


def test_check_reference_agrees_with_nnlib_and_the_chapter():
    assert reference_cost(2.0, -4.0, HOURS[0], PASSED[0]) == pytest.approx(cs.surface_point(2.0, -4.0).cost, rel=1e-12)
    assert reference_cost(2.0, -4.0, HOURS[0], PASSED[0]) == pytest.approx(0.111252, abs=1e-6)  # the pipeline chapter
    assert reference_cost(200.0, 0.0, [-4.0, -1.0, 1.0, 4.0], [1.0, 0.0, 0.0, 1.0]) == 0.5


# --------------------------------------------------------------------------------------------
# The review's layout defects, and the descent path
# --------------------------------------------------------------------------------------------
def test_contour_labels_are_readable_and_3d_ticks_do_not_crowd():
    fig = cs.cost_surface_figure()
    assert fig.data[cs.T_CONTOUR].contours.labelfont.size >= 11  # were 9 px
    scene = fig.layout.scene
    # ticks every 2 on w and b (8 units) and every 0.2 on C: a few labels each, none overlapping
    assert scene.xaxis.dtick == 2 and scene.yaxis.dtick == 2 and scene.zaxis.dtick == 0.2
    assert list(scene.yaxis.range) == [-8.0, 0.0]
    # the camera is far enough out for the whole box (the C axis and b = -8 were clipped)
    eye = scene.camera.eye
    assert math.hypot(eye.x, eye.y, eye.z) > 2.8


@pytest.mark.parametrize("lr", [0.5, 2.0, 5.0, 10.0, 20.0])
def test_descent_path_repeats_the_gradient_step(lr):
    path = cs.descent_path(*cs.START, lr)
    assert len(path.w) == len(path.b) == len(path.cost) == cs.DESCENT_STEPS + 1
    for k in (0, 1, cs.DESCENT_STEPS - 1):
        s = cs.gradient_step(path.w[k], path.b[k], lr)
        assert (s.w_new, s.b_new) == pytest.approx((path.w[k + 1], path.b[k + 1]), abs=1e-12)
        assert s.cost == pytest.approx(path.cost[k], abs=1e-12)
    net = cs.one_neuron(path.w[-1], path.b[-1])
    assert path.cost[-1] == pytest.approx(net.cost(HOURS, PASSED), abs=1e-12)
    # every path stays on the drawn map
    assert cs.W_RANGE[0] <= path.w.min() and path.w.max() <= cs.W_RANGE[1]
    assert cs.B_RANGE[0] <= path.b.min() and path.b.max() <= cs.B_RANGE[1]


def test_pipeline_learning_figure_starts_from_a_bad_point():
    """The review: "let it learn" started next to the optimum (0.1113 -> 0.1065), so learning was
    invisible. The chapter now starts at w = -1, b = 1 and plots the cost per step."""
    from nnlib.viz.neuron import learning_figure, neuron_fit, one_neuron

    net = one_neuron(-1.0, 1.0)
    history = nnlib.sgd(net, HOURS, PASSED, epochs=300, batch_size=None, lr=2.0)
    start, end = neuron_fit(-1.0, 1.0), neuron_fit(net.W[1][0, 0], net.b[1][0, 0])
    fig = learning_figure(history.cost, start, end)
    assert list(fig.data[0].y) == pytest.approx(list(history.cost))
    assert history.cost[0] > 0.45 and history.cost[-1] < 0.11
    assert list(fig.data[2].y) == pytest.approx(list(start.curve))
    assert list(fig.data[3].y) == pytest.approx(list(end.curve))
    assert "→" in fig.layout.title.text and len(fig.layout.meta["alt"]) > 100
