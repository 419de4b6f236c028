"""The gradient-descent chapter: nnlib.descent, its figures and interactive (nnlib.viz.gradient_descent)
and the self-check check_descent_steps.

The independent reference is a loop written here: the neuron's cost with math.exp, its gradient by
centred finite differences, and numbers derived by hand for the bowl.
"""
import json
import math
import warnings

import numpy as np
import pytest

import nnlib
from nnlib.checks.descent_steps import check_descent_steps, reference_descent_steps
from nnlib.descent import (descent_path, hessian, network_objective, quadratic_bowl, stationary_points_two_minima,
                           two_minima)
from nnlib.viz import gradient_descent as gd
from nnlib.viz.neuron import HOURS, PASSED, one_neuron


def cost_by_hand(w, b):
    xs, ys = HOURS[0], PASSED[0]
    return sum((1 / (1 + math.exp(-(w * x + b))) - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


def grad_fd(w, b, h=1e-6):
    return np.array([(cost_by_hand(w + h, b) - cost_by_hand(w - h, b)) / (2 * h),
                     (cost_by_hand(w, b + h) - cost_by_hand(w, b - h)) / (2 * h)])


def hand_loop(lr, w0, b0, steps):
    """Gradient descent on the neuron with finite-difference gradients: points and costs."""
    theta = np.array([w0, b0], float)
    points, costs = [theta], [cost_by_hand(*theta)]
    for _ in range(steps):
        theta = theta - lr * grad_fd(*theta)
        points.append(theta)
        costs.append(cost_by_hand(*theta))
    return np.array(points), np.array(costs)


# --------------------------------------------------------------------------------------------
# nnlib.descent
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lr, start, steps", [(3.0, (1.0, -1.0), 25), (0.3, (-1.0, 0.0), 10), (10.0, (4.0, -7.0), 15)])
def test_neuron_path_matches_a_hand_loop_with_finite_differences(lr, start, steps):
    path = gd.neuron_path(lr, *start, steps)
    points, costs = hand_loop(lr, *start, steps)
    assert path.steps_taken == steps and not path.diverged
    assert path.points == pytest.approx(points, abs=1e-6)
    assert path.costs == pytest.approx(costs, abs=1e-8)
    assert path.grad_norms[0] == pytest.approx(np.linalg.norm(grad_fd(*start)), rel=1e-6)


def test_network_objective_is_backprop_and_leaves_the_network_alone():
    net = nnlib.Network([2, 3, 1], seed=3)
    X = np.array([[0.1, -0.5, 1.2], [0.3, 0.8, -0.2]])
    Y = np.array([[1.0, 0.0, 1.0]])
    before = net.get_params()
    f = network_objective(net, X, Y)
    theta = before + 0.1
    cost, grad = f(theta)
    assert np.array_equal(net.get_params(), before)
    twin = net.copy()
    twin.set_params(theta)
    assert cost == pytest.approx(twin.cost(X, Y), rel=1e-12)
    dW, db = twin.gradients(X, Y)
    flat = np.concatenate([np.hstack([w, b]).ravel() for w, b in zip(dW, db)])  # theta's layout: [W | b]
    assert grad == pytest.approx(flat, rel=1e-12)
    # a later call does not change an earlier gradient (fresh arrays)
    f(theta + 1)
    assert grad == pytest.approx(flat, rel=1e-12)


def test_descent_path_on_the_bowl_follows_the_hand_formula():
    a, c = 4.0, 1.0
    for lr in (0.1, 0.3, 0.45, 0.5, 0.55):
        p = descent_path(quadratic_bowl(a, c), (1.0, 1.5), lr, 20)
        k = np.arange(21)
        assert p.points[:, 0] == pytest.approx((1 - lr * a) ** k, rel=1e-12)
        assert p.points[:, 1] == pytest.approx(1.5 * (1 - lr * c) ** k, rel=1e-12)
        assert p.costs == pytest.approx(0.5 * (a * p.points[:, 0] ** 2 + c * p.points[:, 1] ** 2), rel=1e-12)
    assert hessian(quadratic_bowl(a, c), (0.3, -0.2)) == pytest.approx(np.diag([a, c]), abs=1e-6)
    assert gd.bowl_measured_critical() == pytest.approx(2 / a, abs=1e-6)


def test_steps_to_and_zero_steps():
    p = descent_path(quadratic_bowl(1, 1), (2.0, 0.0), 0.5, 3)  # w: 2, 1, 0.5, 0.25; C = w^2 / 2
    assert p.costs == pytest.approx([2, 0.5, 0.125, 0.03125])
    assert p.steps_to(0.5) == 1 and p.steps_to(0.01) is None and p.steps_to(10) == 0
    p0 = descent_path(quadratic_bowl(1, 1), (2.0, 1.0), 0.5, 0)
    assert p0.points.shape == (1, 2) and p0.steps_taken == 0 and list(p0.final) == [2.0, 1.0]


def test_divergence_stops_cleanly_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = descent_path(quadratic_bowl(4, 1), (1.0, 1.5), 0.55, 5000)
        q = descent_path(quadratic_bowl(4, 1), (1.0, 1.5), 0.55, 100, max_cost=1e3)
        r = descent_path(lambda t: (float(np.exp(t[0] ** 2)), np.array([2 * t[0] * np.exp(t[0] ** 2)])),
                         [3.0], 1.0, 50)
    assert p.diverged and p.steps_taken < 5000 and np.all(np.isfinite(p.costs)) and np.all(np.isfinite(p.points))
    assert q.diverged and q.costs[-1] <= 1e3 and q.steps_taken < 100
    assert r.diverged and np.all(np.isfinite(r.costs))
    assert not descent_path(quadratic_bowl(4, 1), (1.0, 1.5), 0.45, 5000).diverged


@pytest.mark.parametrize("kwargs, words", [
    ({"lr": 0.0}, "lr must be > 0"), ({"lr": -1.0}, "lr must be > 0"), ({"lr": float("nan")}, "lr must be a finite"),
    ({"steps": -1}, "steps must be >= 0"), ({"steps": 2.5}, "steps must be a finite integer"),
    ({"start": (np.inf, 0.0)}, "finite"), ({"start": [[1.0, 2.0]]}, "1-D"), ({"start": "ab"}, "vector of numbers"),
    ({"max_cost": 0}, "max_cost"),
])
def test_bad_input_fails_clearly(kwargs, words):
    args = {"start": (1.0, -1.0), "lr": 1.0, "steps": 5, **kwargs}
    with pytest.raises(ValueError, match=words):
        descent_path(gd.neuron_objective(), **args)


def test_bad_gradient_or_cost_at_the_start_fails_clearly():
    with pytest.raises(ValueError, match="one partial derivative per parameter"):
        descent_path(lambda t: (0.0, np.zeros(3)), (1.0, 2.0), 0.1, 3)
    with pytest.raises(ValueError, match="not finite at the start"):
        descent_path(lambda t: (np.nan, np.zeros(2)), (1.0, 2.0), 0.1, 3)


def test_two_minima_gradient_and_stationary_points():
    f = two_minima(0.3)
    for t in [(-1.3, 0.4), (0.2, -0.7), (1.1, 1.9)]:
        t = np.array(t)
        fd = [(f(t + h)[0] - f(t - h)[0]) / 2e-6 for h in np.eye(2) * 1e-6]
        assert f(t)[1] == pytest.approx(fd, rel=1e-6)
    left, saddle, right = stationary_points_two_minima(0.3)
    for p in (left, saddle, right):
        assert np.linalg.norm(f(p)[1]) < 1e-10
    assert left[0] < -1 < saddle[0] < 1 and 0.9 < right[0] < 1 and f(left)[0] < f(right)[0]
    assert np.linalg.eigvalsh(hessian(f, saddle))[0] < 0 < np.linalg.eigvalsh(hessian(f, left))[0]
    with pytest.raises(ValueError, match="one valley"):
        stationary_points_two_minima(3.0)


def test_saddle_paths_end_where_the_chapter_says_and_e_slows_down():
    paths = gd.saddle_paths()
    saddle = stationary_points_two_minima(gd.TILT)[1][0]
    assert ["L" if p.final[0] < saddle else "R" for p in paths.values()] == list("LRLRR")
    E = list(paths.values())[4]
    dip = int(np.argmin(E.grad_norms[:40]))
    assert 10 < dip and E.grad_norms[dip] < 0.1 and E.grad_norms[dip:].max() > 1


def test_neuron_critical_learning_rate_measured_equals_two_over_curvature():
    lam = gd.neuron_curvatures()
    assert 0 < lam[0] < lam[1]
    assert gd.measured_critical_lr() == pytest.approx(2 / lam[1], abs=0.05)
    assert gd.settles(3.0) and not gd.settles(10.0)


def test_learning_rate_sweep_numbers():
    rows = {r.lr: r for r in gd.learning_rate_sweep(steps=300)}
    for lr, r in rows.items():
        _, costs = (gd.neuron_path(lr, 1.0, -1.0, 300).points, gd.neuron_path(lr, 1.0, -1.0, 300).costs)
        below = np.flatnonzero(costs <= gd.THRESHOLD)
        assert r.steps_to_threshold == (int(below[0]) if below.size else None)
    assert rows[3.0].steps_to_threshold < rows[1.0].steps_to_threshold < rows[0.3].steps_to_threshold
    assert rows[100.0].final_cost > 0.49


# --------------------------------------------------------------------------------------------
# The interactive: update function, static face, kernel face
# --------------------------------------------------------------------------------------------
def test_descent_view_and_state_show_the_hand_loop_numbers():
    v = gd.descent_view(3.0, 1.0, -1.0, 30, k=12)
    points, costs = hand_loop(3.0, 1.0, -1.0, 12)
    assert v.w == pytest.approx(points[:, 0], abs=1e-6) and v.b == pytest.approx(points[:, 1], abs=1e-6)
    assert v.costs == pytest.approx(costs, abs=1e-8)
    assert v.grad_norm == pytest.approx(np.linalg.norm(grad_fd(*points[-1])), rel=1e-5)
    s = gd.descent_state(3.0, 1.0, -1.0, 30, 12)
    assert list(s["data"][gd.T_COST]["x"]) == list(range(13))
    assert s["data"][gd.T_NOW]["x"] == pytest.approx([points[-1, 0]], abs=1e-6)
    title = s["layout"]["title.text"]
    assert title.startswith("η = 3, start (1, -1), step 12 of 30:")
    assert f"C = {gd.fmt(costs[-1])}" in title
    with pytest.raises(ValueError, match="k must be between"):
        gd.descent_view(3.0, 1.0, -1.0, 10, k=11)


def test_explorer_config_is_what_the_page_computes_from():
    """The page computes the path itself (nnlib/viz/js/neuron_explorers.js; the browser tests
    compare it with descent_view): the config holds only the data, the window, the start and the
    named starts, the number of steps and the threshold, and it is valid JSON."""
    c = gd.explorer_config()
    assert c["start"] == {"w": 1.0, "b": -1.0, "lr": gd.DEFAULT["lr"], "k": gd.N_STATIC}
    assert c["starts"] == {name: list(p) for name, p in gd.STARTS.items()} and c["steps"] == gd.N_STATIC
    assert c["X"] == HOURS.tolist() and c["threshold"] == gd.THRESHOLD
    assert (c["w_range"], c["b_range"]) == (list(gd.W_RANGE), list(gd.B_RANGE))
    assert c["lowest"]["cost"] == pytest.approx(gd.lowest_point()[2])
    assert gd.explorer_config(0.5, (2.5, -3.0), 7)["start"] == {"w": 2.5, "b": -3.0, "lr": 0.5, "k": 7}
    assert gd.explorer_config(10.0, "plateau")["start"]["b"] == gd.STARTS["plateau"][1]
    json.dumps(c)
    html = gd.descent_explorer()._repr_html_()
    assert "mountDescentExplorer" in html and "neuron_explorers.js" in html and len(html) < 150_000


@pytest.mark.parametrize("args, message", [((0.001,), "outside"), ((3.0, (9.0, -1.0)), "window"),
                                           ((3.0, "P", 41), "whole number"), ((3.0, "P", 2.5), "whole number")])
def test_explorer_config_names_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        gd.explorer_config(*args)


def shown(app):
    return app.view.figure_dict()


def test_live_app_redraws_with_the_same_numbers():
    app = gd.descent_app()
    assert shown(app)["layout"]["title"]["text"].startswith("η = 3, start (1, -1), step 40 of 40:")
    app.sliders["lr"].value = "1"
    app.sliders["w0"].value = -1.5
    app.sliders["b0"].value = -3.0
    app.sliders["steps"].value = "25"
    fig = shown(app)
    points, costs = hand_loop(1.0, -1.5, -3.0, 25)
    assert fig["layout"]["title"]["text"].startswith("η = 1, start (-1.5, -3), step 25 of 25:")
    assert fig["data"][gd.T_PATH]["x"] == pytest.approx(points[:, 0], abs=1e-6)
    assert fig["data"][gd.T_COST]["y"] == pytest.approx(costs, abs=1e-8)
    assert fig["layout"]["xaxis2"]["range"] == [-0.5, 25.5]
    assert "learning rate 1 from (-1.5, -3)" in fig["layout"]["meta"]["alt"]
    assert "1" in gd.LR_FINE and "100" in gd.LR_FINE and "0.1" in gd.LR_FINE


@pytest.mark.parametrize("lr, w0, b0, steps", [("100", 6.0, 0.0, "200"), ("0.1", -2.0, -8.0, "0"),
                                               ("100", -2.0, 0.0, "200"), ("35", 6.0, -8.0, "5")])
def test_extreme_controls_do_not_crash(lr, w0, b0, steps):
    fig = gd.descent_figure_dict(lr, w0, b0, steps)
    assert len(fig["data"][gd.T_PATH]["x"]) == int(steps) + 1
    assert np.all(np.isfinite(fig["data"][gd.T_COST]["y"]))


def test_static_figures_describe_themselves():
    for fig in (gd.learning_rate_figure(), gd.bowl_figure(), gd.saddle_figure()):
        assert len(fig.layout.meta["alt"]) > 150
    assert "η = 0.55" in gd.bowl_figure().data[10].name


# --------------------------------------------------------------------------------------------
# The self-check check_descent_steps
# --------------------------------------------------------------------------------------------
def good_loop(gradient, start, lr, steps):
    theta = np.array(start, float)
    points = [theta]
    for _ in range(steps):
        theta = theta - lr * gradient(theta)
        points.append(theta)
    return np.array(points)


def aliased(gradient, start, lr, steps):
    theta = np.array(start, float)
    points = [theta]
    for _ in range(steps):
        theta -= lr * gradient(theta)
        points.append(theta)
    return np.array(points)


def changes_start(gradient, start, lr, steps):
    points = [start.copy()]
    for _ in range(steps):
        start -= lr * gradient(start)
        points.append(start.copy())
    return np.array(points)


def test_descent_steps_check_passes_correct_code():
    assert check_descent_steps(good_loop)
    assert check_descent_steps(reference_descent_steps)


@pytest.mark.parametrize("fn, words", [
    (aliased, "theta.copy()"), (changes_start, "changed start"),
    (lambda g, s, lr, n: good_loop(g, s, lr, n)[-1], "only the last point"),
    (lambda g, s, lr, n: good_loop(g, s, lr, n)[1:], "start point θ₀ is missing"),
    (lambda g, s, lr, n: good_loop(g, s, -lr, n), "UP the gradient"),
    (lambda g, s, lr, n: good_loop(g, s, 1.0, n), "learning rate is ignored"),
])
def test_descent_steps_pitfalls_fail_with_their_hint(fn, words):
    r = check_descent_steps(fn)
    assert not r
    assert words in (r.message + " " + r.hint)


@pytest.mark.parametrize("stub", [lambda g, s, lr, n: None, lambda g, s, lr, n: s,
                                  lambda g, s, lr, n: np.zeros((n + 1, np.size(s))),
                                  lambda g, s, lr, n: np.tile(s, (n + 1, 1))])
def test_descent_steps_stubs_fail(stub):
    assert not check_descent_steps(stub)


def test_descent_steps_not_implemented():
    def stub(gradient, start, lr, steps):
        raise NotImplementedError

    r = check_descent_steps(stub)
    assert not r and "not implemented" in r.message


def test_plateau_cost_is_half_the_worst_and_the_text_says_so():
    """Review defect: the plateau's cost 0.5 was called "nearly the worst possible"; the cost of
    the neuron is a mean of (a - y)^2 with a in (0, 1), y in {0, 1}, so it lies in [0, 1) and 0.5
    is what one answer for every student earns (four of the eight passed)."""
    import json
    from pathlib import Path

    from nnlib.viz.gradient_descent import learning_rate_sweep
    from nnlib.viz.neuron import PASSED

    assert PASSED.mean() == 0.5
    sweep = {r.lr: r for r in learning_rate_sweep(start=(1.0, -1.0), steps=300)}
    for lr in (30.0, 100.0):
        assert abs(sweep[lr].final_cost - 0.5) < 0.01
    nb = json.loads((Path(__file__).parents[1] / "book" / "gradient_descent.ipynb").read_text())
    prose = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "worst possible" not in prose.replace("\n", " ") or "half the worst" in prose
    assert "nearly the worst" not in prose
    assert "lies between 0 and 1" in prose
