"""The batch chapter's experiments and interactive (nnlib.viz.batch): numbers, both faces, figures.

The independent references here: the 2-8-1 network's forward pass, cross-entropy and L2 penalty
written with plain numpy from the trained parameters; centred differences of that cost; the
symmetry of the eight students' data (hand-derived midpoint 2.25); full-batch gradient descent
re-run with nnlib.sgd; and the chapter's claims over the ten runs, recomputed from the trained
parameters with that plain numpy.
"""
import json
import math

import numpy as np
import pytest

import nnlib
from nnlib.loop_backprop import loop_gradients
from nnlib.viz import batch as bt
from nnlib.viz.neuron import HOURS, PASSED


# --------------------------------------------------------------------------------------------
# An independent 2-8-1 network: tanh hidden layer, sigmoid output, cross-entropy, L2
# --------------------------------------------------------------------------------------------
def unpack(theta):
    """theta laid out [W1 | b1] (8x3), then [W2 | b2] (1x9), each row after row."""
    Wb1 = theta[:24].reshape(8, 3)
    Wb2 = theta[24:33].reshape(1, 9)
    return Wb1[:, :2], Wb1[:, 2:], Wb2[:, :8], Wb2[:, 8:]


def forward(theta, X):
    W1, b1, W2, b2 = unpack(theta)
    H = np.tanh(W1 @ X + b1)
    return 1.0 / (1.0 + np.exp(-(W2 @ H + b2)))


def cross_entropy(theta, X, Y):
    a = forward(theta, X)
    return float(-np.mean(Y * np.log(a) + (1 - Y) * np.log(1 - a)))


def l2_cost(theta, X, Y, lam):
    W1, _, W2, _ = unpack(theta)
    return cross_entropy(theta, X, Y) + lam / (2 * X.shape[1]) * (np.sum(W1 ** 2) + np.sum(W2 ** 2))


def fd_gradient(theta, X, Y, lam, h=1e-6):
    g = np.zeros_like(theta)
    for k in range(theta.size):
        e = np.zeros_like(theta)
        e[k] = h
        g[k] = (l2_cost(theta + e, X, Y, lam) - l2_cost(theta - e, X, Y, lam)) / (2 * h)
    return g


def flat(dW, db):
    """The gradients in theta's layout: [dW1 | db1], [dW2 | db2], row after row."""
    return np.concatenate([np.hstack(pair).ravel() for pair in zip(dW, db)])


GRID = [(lam, run) for lam in bt.LAMBDAS for run in bt.RUNS]


# --------------------------------------------------------------------------------------------
# The experiment: ten runs, each trained with every lambda
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lam, run", [(0.0, 0), (0.1, 3), (0.3, 7), (1.0, 9), (3.0, 5)])
def test_state_matches_nnlib_and_an_independent_forward_pass(lam, run):
    r = bt.regularisation_state(lam, run)
    assert (r.lam, r.run, r.m) == (lam, run, bt.M)
    X, Y = bt.training_set(run)
    Xt, Yt = bt.test_set()
    # nnlib: the same training, re-run from scratch (run k: initial weights from seed k)
    net = nnlib.Network([2, 8, 1], hidden="tanh", output="sigmoid", cost="cross_entropy", seed=run, l2=lam)
    history = nnlib.sgd(net, X, Y, epochs=bt.EPOCHS, batch_size=None, lr=bt.LR)
    theta = net.get_params()
    assert np.array_equal(theta, bt.trained_network(lam, run).get_params())
    assert history.cost[-1] == pytest.approx(r.train_cost + r.penalty, rel=1e-10)
    # independent numpy
    W1, b1, W2, b2 = unpack(theta)
    assert r.weight_norms == pytest.approx((np.sum(W1 ** 2), np.sum(W2 ** 2)), rel=1e-12)
    assert r.bias_norms == pytest.approx((np.sum(b1 ** 2), np.sum(b2 ** 2)), rel=1e-12)
    assert r.weight_norm == pytest.approx(np.sum(W1 ** 2) + np.sum(W2 ** 2), rel=1e-12)
    assert r.bias_norm == pytest.approx(np.sum(b1 ** 2) + np.sum(b2 ** 2), rel=1e-12)
    assert r.penalty == pytest.approx(lam / (2 * bt.M) * (np.sum(W1 ** 2) + np.sum(W2 ** 2)), rel=1e-12, abs=1e-15)
    assert r.train_cost == pytest.approx(cross_entropy(theta, X, Y), rel=1e-9)
    assert r.test_cost == pytest.approx(cross_entropy(theta, Xt, Yt), rel=1e-9)
    assert r.train_accuracy == np.mean((forward(theta, X)[0] > 0.5) == Y[0])
    assert r.test_accuracy == np.mean((forward(theta, Xt)[0] > 0.5) == Yt[0])
    a = forward(theta, Xt)[0]
    assert r.test_sure == np.mean((a < 0.01) | (a > 0.99))
    gx, gy = np.meshgrid(bt.PLANE, bt.PLANE)
    region = forward(theta, np.vstack([gx.ravel(), gy.ravel()]))[0].reshape(41, 41)
    assert r.region == pytest.approx(region, abs=1e-12)
    assert r.region[0, 20] == pytest.approx(forward(theta, np.array([[0.0], [-1.6]]))[0, 0], abs=1e-12)


def test_data_are_two_circles_drawn_anew_for_every_run():
    train = [bt.training_set(run) for run in bt.RUNS]
    for X, Y in train:
        assert X.shape == (2, bt.M) and Y.shape == (1, bt.M)
        assert Y.sum() == bt.M // 2  # half the points on each circle
        r = np.hypot(*X)
        assert np.mean(r[Y[0] == 1]) < np.mean(r[Y[0] == 0]) - 0.25  # inner and outer circle
    for (X1, _), (X2, _) in zip(train, train[1:]):
        assert not np.allclose(X1, X2)  # every run has its own points
    Xt, Yt = bt.test_set()
    assert Xt.shape == (2, 1000) and Yt.sum() == 500
    r = np.hypot(*Xt)  # radii 0.5 and 1, a little more on average with the noise
    assert np.mean(r[Yt[0] == 1]) == pytest.approx(0.5, abs=0.1)
    assert np.mean(r[Yt[0] == 0]) == pytest.approx(1.0, abs=0.1)
    assert not any(np.allclose(X[:, :5], Xt[:, :5]) for X, _ in train)
    # circles_data: run 0's 300 points (the gradient checks) and the test set
    X, Y, Xt2, Yt2 = bt.circles_data()
    assert X.shape == (2, 300) and np.array_equal(Xt2, Xt) and np.array_equal(Yt2, Yt)
    assert np.array_equal(X, nnlib.circles(n=300, noise=bt.NOISE, seed=1)[0])
    X[0, 0] = 99.0  # a copy: the cached data stay as they were
    assert bt.circles_data()[0][0, 0] != 99.0
    # the initial weights differ between runs as well
    assert not np.allclose(bt.regularised_network(0.0, seed=0).get_params(),
                           bt.regularised_network(0.0, seed=1).get_params())


def independent_results():
    """{field: array (lambdas, runs)} from the trained parameters, with the plain numpy above."""
    Xt, Yt = bt.test_set()
    out = {k: np.zeros((len(bt.LAMBDAS), len(bt.RUNS))) for k in
           ("weight_norm", "bias_norm", "train_cost", "test_cost", "test_accuracy", "test_sure", "spread")}
    for i, lam in enumerate(bt.LAMBDAS):
        for j, run in enumerate(bt.RUNS):
            theta = bt.trained_network(lam, run).get_params()
            W1, b1, W2, b2 = unpack(theta)
            X, Y = bt.training_set(run)
            a = forward(theta, Xt)[0]
            out["weight_norm"][i, j] = np.sum(W1 ** 2) + np.sum(W2 ** 2)
            out["bias_norm"][i, j] = np.sum(b1 ** 2) + np.sum(b2 ** 2)
            out["train_cost"][i, j] = cross_entropy(theta, X, Y)
            out["test_cost"][i, j] = cross_entropy(theta, Xt, Yt)
            out["test_accuracy"][i, j] = np.mean((a > 0.5) == Yt[0])
            out["test_sure"][i, j] = np.mean((a < 0.01) | (a > 0.99))
            out["spread"][i, j] = np.ptp(a)
    return out


def test_what_the_chapter_says_about_lambda_holds_over_the_runs():
    res = bt.all_trainings()
    assert len(res) == len(bt.LAMBDAS) * len(bt.RUNS) == 60
    ind = independent_results()
    lam = list(bt.LAMBDAS)
    free, reg, one, huge = lam.index(0.0), lam.index(0.1), lam.index(1.0), lam.index(3.0)
    for field in ("weight_norm", "bias_norm", "train_cost", "test_cost", "test_accuracy", "test_sure"):
        for i, l_ in enumerate(lam):
            s = bt.spread(field, l_)
            assert s.seeds == tuple(bt.RUNS)
            assert s.values == pytest.approx(ind[field][i], rel=1e-9, abs=1e-12)
    cost, acc, train = ind["test_cost"], ind["test_accuracy"], ind["train_cost"]
    # a moderate lambda lowers the test cost, run by run, and has the lowest mean
    assert cost[reg].mean() < 0.8 * cost[free].mean()
    assert np.sum(cost[reg] < cost[free]) >= 9
    assert cost[reg].mean() < np.delete(cost.mean(axis=1), reg).min() - 0.01
    assert np.all(train[reg] > train[free] + 0.02)
    # ... and raises the test accuracy on average, in most runs, by less than the runs differ
    gain = acc[reg].mean() - acc[free].mean()
    assert gain > 0.01 and np.sum(acc[reg] > acc[free]) >= 7
    assert np.ptp(acc[free]) > 2 * gain
    # memorising networks answer "surely"; the penalty keeps the answers away from 0 and 1
    assert ind["test_sure"][free].min() > 0.25
    assert ind["test_sure"][reg].mean() < 0.25 * ind["test_sure"][free].mean()
    assert np.all(ind["test_sure"][reg] < ind["test_sure"][free])
    # in every run, as lambda grows: the weight norm falls and the train cost rises
    assert np.all(np.diff(ind["weight_norm"], axis=0) <= 1e-6)
    assert np.all(np.diff(train, axis=0) >= -1e-6)
    # the biases shrink much less than the weights
    assert ind["weight_norm"][reg].mean() / ind["weight_norm"][free].mean() < 0.45
    assert ind["bias_norm"][reg].mean() / ind["bias_norm"][free].mean() > 0.6
    # too much: lambda = 1 for 30 points; lambda = 3 wipes the weights out in every run
    assert acc[one].mean() < 0.7
    assert np.all(ind["weight_norm"][huge] < 1e-12) and np.all(ind["spread"][huge] < 1e-9)
    assert np.all(acc[huge] == 0.5)
    assert train[huge] == pytest.approx(math.log(2), abs=1e-6)
    assert cost[huge] == pytest.approx(math.log(2), abs=1e-6)
    for run in bt.RUNS:
        assert np.ptp(res[(3.0, run)].region) < 1e-9
        assert res[(3.0, run)].region[0, 0] == pytest.approx(0.5, abs=1e-6)
    # the exercise: lambda = 0.1 has the lowest test cost of lambda = 0, 0.1, 3 in most runs
    assert np.sum(cost[reg] < np.minimum(cost[free], cost[huge])) >= 8


def test_the_same_lambda_shrinks_the_weights_less_with_more_data():
    n30, n300 = bt.spread("weight_norm", 1.0), bt.spread("weight_norm", 1.0, m=bt.M_MORE)
    assert n300.lo > 2 * n30.hi
    # m = 300 trains run k on the 300 points of circles_data() for run 0
    X, Y, _, _ = bt.circles_data()
    net = bt.regularised_network(1.0, seed=0)
    nnlib.sgd(net, X, Y, epochs=bt.EPOCHS, batch_size=None, lr=bt.LR)
    assert np.array_equal(net.get_params(), bt.trained_network(1.0, 0, m=300).get_params())
    with pytest.raises(ValueError, match="at least 2"):
        bt.run_result(1.0, 0, m=1)


def test_summary_table_prints_the_means_and_ranges():
    lines = bt.summary_table().splitlines()
    assert len(lines) == 2 + len(bt.LAMBDAS)
    assert max(len(line) for line in lines) <= 80
    for line, lam in zip(lines[2:], bt.LAMBDAS):
        test, acc = bt.spread("test_cost", lam), bt.spread("test_accuracy", lam)
        assert line.split()[0] == f"{lam:g}"
        assert f"{bt.spread('weight_norm', lam).mean:.2f}" in line
        assert f"{bt.spread('train_cost', lam).mean:.3f}" in line
        assert f"{test.mean:.3f} ({test.lo:.3f}-{test.hi:.3f})" in line
        assert f"{100 * acc.mean:.1f} ({100 * acc.lo:.1f}-{100 * acc.hi:.1f})" in line


def test_runs_figure_shows_mean_and_range_of_every_run():
    fig = bt.regularisation_bands_figure()
    assert fig.layout.meta["alt"]
    traces = {t.name: t for t in fig.data}
    assert len(fig.data) == 15
    for name, field, scale in (("train cost", "train_cost", 1), ("test cost", "test_cost", 1),
                               ("test accuracy", "test_accuracy", 100)):
        spreads = [bt.spread(field, lam) for lam in bt.LAMBDAS]
        assert list(traces[name].x) == [f"{lam:g}" for lam in bt.LAMBDAS]
        assert list(traces[name].y) == pytest.approx([scale * s.mean for s in spreads], abs=1e-6)
        assert list(traces[f"{name}: lowest of 10 runs"].y) == pytest.approx([scale * s.lo for s in spreads], abs=1e-6)
        assert list(traces[f"{name}: highest of 10 runs"].y) == pytest.approx([scale * s.hi for s in spreads], abs=1e-6)
    # the bottom row: each run against itself at lambda = 0
    for name, field, scale in (("change in test cost", "test_cost", 1),
                               ("change in test accuracy", "test_accuracy", 100)):
        change = np.array([scale * (bt.spread(field, lam).values - bt.spread(field, 0.0).values)
                           for lam in bt.LAMBDAS])
        assert list(traces[name].y) == pytest.approx(change.mean(axis=1), abs=1e-6)
        assert list(traces[f"{name}: lowest of 10 runs"].y) == pytest.approx(change.min(axis=1), abs=1e-6)
        assert list(traces[f"{name}: highest of 10 runs"].y) == pytest.approx(change.max(axis=1), abs=1e-6)
        assert traces[name].y[0] == 0 and not traces[name].showlegend
    # the chapter: at lambda = 0.1 the band of the change in test cost lies below zero
    assert traces["change in test cost: highest of 10 runs"].y[bt.LAMBDAS.index(0.1)] < -0.02
    assert f"{100 * bt.spread('test_accuracy', 0.1).mean:.1f}" in fig.layout.meta["alt"]
    assert "in 10 of 10" in fig.layout.meta["alt"]


@pytest.mark.parametrize("lam", [0.0, 0.5, 3.0])
def test_loop_and_vectorised_gradients_agree_with_independent_finite_differences(lam):
    X, Y, _, _ = bt.circles_data()
    X, Y = X[:, :40], Y[:, :40]
    net = bt.regularised_network(lam, seed=3)
    fd = fd_gradient(net.get_params(), X, Y, lam)
    loop = flat(*loop_gradients(net, X, Y))
    vec = flat(*net.gradients(X, Y))
    assert np.max(np.abs(loop - vec)) < 1e-14
    assert loop == pytest.approx(fd, rel=1e-5, abs=1e-9)
    # S3's lambda * W instead of (lambda / m) W is not the gradient of (cost-l2)
    if lam:
        plain = net.copy()
        plain.l2 = 0.0
        dW, _ = loop_gradients(plain, X, Y)
        s3 = [d + lam * W for d, W in zip(dW, net.W)]
        assert not np.allclose(s3[0], fd[:16].reshape(8, 2), rtol=1e-3)
        # ... it is the gradient of the cost with lambda' = m lambda
        big = net.copy()
        big.l2 = lam * X.shape[1]
        for a, b in zip(big.gradients(X, Y)[0], s3):
            assert a == pytest.approx(b, rel=1e-12, abs=1e-15)


def test_vectorised_is_faster_and_time_per_call_is_positive():
    X, Y, _, _ = bt.circles_data()
    net = bt.regularised_network(0.5)
    t_loop = bt.time_per_call(loop_gradients, net, X, Y, number=1, repeat=3)
    t_vec = bt.time_per_call(lambda n, X, Y: n.gradients(X, Y), net, X, Y, number=1, repeat=3)
    assert 0 < t_vec < t_loop


# --------------------------------------------------------------------------------------------
# Why the bias is left out
# --------------------------------------------------------------------------------------------
def neuron_cost(w, b, lam, penalty, hours=HOURS, passed=PASSED):
    a = 1.0 / (1.0 + np.exp(-(w * hours[0] + b)))
    c = np.mean((a - passed[0]) ** 2)
    m = hours.shape[1]
    if penalty != "none":
        c += lam / (2 * m) * w * w
    if penalty == "weight and bias":
        c += lam / (2 * m) * b * b
    return c


def assert_minima(fits, lam, hours=HOURS, passed=PASSED):
    """Each fit is a stationary point of its own cost (centred differences), and its midpoint and curve
    are those of its w and b."""
    assert [f.penalty for f in fits] == list(bt.PENALTIES)
    h = 1e-6
    for f in fits:
        def cost(w, b):
            return neuron_cost(w, b, lam, f.penalty, hours, passed)
        gw = (cost(f.w + h, f.b) - cost(f.w - h, f.b)) / (2 * h)
        gb = (cost(f.w, f.b + h) - cost(f.w, f.b - h)) / (2 * h)
        assert abs(gw) < 1e-6 and abs(gb) < 1e-6, f.penalty
        assert f.midpoint == pytest.approx(-f.b / f.w)
        assert f.curve == pytest.approx(1 / (1 + np.exp(-(f.w * bt.X_GRID[0] + f.b))))


@pytest.mark.parametrize("lam", [0.5, 0.2])
def test_neuron_fits_are_minima_of_their_costs(lam):
    fits = bt.neuron_penalty_fits(lam)
    assert_minima(fits, lam)
    none, weight, both = fits
    # The data are symmetric about x = 2.25 (x -> 4.5 - x swaps pass and fail), so without a bias
    # penalty the midpoint is exactly 2.25, with or without the weight penalty.
    assert np.allclose(4.5 - HOURS[0][::-1], HOURS[0]) and np.all(PASSED[0][::-1] == 1 - PASSED[0])
    assert none.midpoint == pytest.approx(2.25, abs=1e-6)
    assert weight.midpoint == pytest.approx(2.25, abs=1e-6)
    assert weight.w < none.w
    assert both.midpoint < 2.25 - 0.2


@pytest.mark.parametrize("lam", [0.5, 0.2])
def test_without_the_symmetry_a_weight_penalty_moves_the_midpoint_too(lam):
    hours, passed = bt.HOURS_7, bt.PASSED_7
    assert hours.shape == passed.shape == (1, 7) and passed.sum() == 3 and 4.0 not in hours
    fits = bt.neuron_penalty_fits(lam, hours=hours, passed=passed)
    assert_minima(fits, lam, hours, passed)
    none, weight, both = fits
    # 3 passes of 7: the flatter curve stays nearer 3/7 and reaches 1/2 further right
    assert weight.w < none.w
    assert weight.midpoint > none.midpoint + 0.02
    # the bias penalty drags it left, further than the weight penalty moves it
    assert none.midpoint - both.midpoint > 2 * (weight.midpoint - none.midpoint)
    assert bt.neuron_penalty_fits(lam) != fits


def test_bias_penalty_figure_shows_the_fits():
    for hours, passed in ((HOURS, PASSED), (bt.HOURS_7, bt.PASSED_7)):
        fig = bt.bias_penalty_figure(0.5, hours, passed)
        fits = bt.neuron_penalty_fits(0.5, hours=hours, passed=passed)
        assert list(fig.data[0].x) == list(hours[0]) and list(fig.data[0].y) == list(passed[0])
        curves = [t for t in fig.data if t.mode == "lines"]
        assert len(curves) == 3
        for t, f in zip(curves, fits):
            assert np.allclose(t.y, f.curve)
            assert f"x = {f.midpoint:.2f}" in t.name
        assert f"m = {hours.shape[1]} students" in fig.layout.title.text
        assert all(f"{f.midpoint:.2f}" in fig.layout.meta["alt"] for f in fits)


# --------------------------------------------------------------------------------------------
# The figure and its two faces
# --------------------------------------------------------------------------------------------
def test_figure_shows_the_state_numbers():
    fig = bt.regularisation_figure(0.3, 4)
    r = bt.regularisation_state(0.3, 4)
    assert fig.layout.title.text == bt.regularisation_title(r)
    assert f"Σ‖W‖² = {r.weight_norm:.3f}" in fig.layout.title.text and "run 4" in fig.layout.title.text
    assert list(fig.data[bt.T_NORMS].y) == pytest.approx(list(r.weight_norms + r.bias_norms))
    assert list(fig.data[bt.T_COSTS].y) == pytest.approx([r.train_cost, r.test_cost, r.penalty])
    X, Y = bt.training_set(4)
    assert list(fig.data[bt.T_OUTER].x) == list(X[0, Y[0] == 0])
    assert list(fig.data[bt.T_INNER].y) == list(X[1, Y[0] == 1])
    assert fig.layout.meta["alt"]


def test_explorer_config_holds_each_runs_data_and_initial_weights():
    """The page trains from the config: each run's 30 points and its initial weights are nnlib's
    (the same for every lambda), the test points and the plane's grid too; JSON-ready and small."""
    config = bt.explorer_config(0.25, 6)
    assert config["start"] == {"lam": 0.25, "run": 6}
    assert (config["epochs"], config["lr"], config["sizes"]) == (bt.EPOCHS, bt.LR, list(bt.SIZES))
    assert (config["hidden"], config["output"], config["cost"]) == (bt.HIDDEN, bt.OUTPUT, bt.COST)
    assert len(config["runs"]) == len(bt.RUNS)
    for k, run in enumerate(config["runs"]):
        X, Y = bt.training_set(k)
        assert np.array_equal(run["X"], X) and np.array_equal(run["Y"], Y)
        for lam in (0.0, 0.7):
            assert np.array_equal(run["theta"], bt.regularised_network(lam, seed=k).get_params())
    X_test, Y_test = bt.test_set()
    assert np.array_equal(config["test"]["X"], X_test) and np.array_equal(config["test"]["Y"], Y_test)
    assert config["plane"] == list(bt.PLANE) and config["lambda_range"] == [0.0, 10.0]
    norm_max, cost_max = bt._axis_limits()
    assert config["norm_top"] == pytest.approx(norm_max, abs=0.05) and config["cost_top"] == pytest.approx(cost_max, abs=5e-4)
    assert json.loads(json.dumps(config)) == config
    html = bt.regularisation_explorer()._repr_html_()
    assert "mountRegularisation" in html and len(html) < 150_000  # the old grid figure: 540 kB


@pytest.mark.parametrize("lam, run, message", [(-0.1, 0, "outside"), (10.5, 0, "outside"), (0.1, 10, "run must be"),
                                              (0.1, 1.5, "run must be")])
def test_explorer_config_refuses_a_start_outside_its_controls(lam, run, message):
    with pytest.raises(ValueError, match=message):
        bt.explorer_config(lam, run)


def shown(app):
    fig = app.view.figure_dict()
    return fig["layout"]["title"]["text"], fig["data"][bt.T_NORMS]["y"], fig["data"][bt.T_COSTS]["y"]


def test_live_app_redraws_from_the_same_numbers():
    app = bt.regularisation_app()
    sliders = [c for c in app.children if hasattr(c, "options")]
    assert [s.value for s in sliders] == ["0", "0"]
    title, _, _ = shown(app)
    assert title == bt.regularisation_title(bt.regularisation_state(0.0, 0))
    for lam, run in [("0.1", "3"), ("3", "9"), ("0.03", "5")]:
        sliders[0].value, sliders[1].value = lam, run
        r = bt.regularisation_state(float(lam), int(run))
        title, norms, costs = shown(app)
        assert title == bt.regularisation_title(r)
        assert list(norms) == pytest.approx(list(r.weight_norms + r.bias_norms))
        assert list(costs) == pytest.approx([r.train_cost, r.test_cost, r.penalty])


@pytest.mark.parametrize("lam, run", [(0.0, 0), (3.0, 0), (3.0, 9), (0.0, 9)])
def test_extreme_slider_values_do_not_crash(lam, run):
    r = bt.regularisation_state(lam, run)
    numbers = [*r.weight_norms, *r.bias_norms, r.penalty, r.train_cost, r.test_cost]
    assert np.all(np.isfinite(numbers)) and np.all(np.isfinite(r.region))
    assert 0 <= r.region.min() <= r.region.max() <= 1
    json.dumps(bt.regularisation_figure_state(lam, run)["layout"])
    bt.regularisation_figure(lam, run)


def test_off_grid_values_fail_clearly():
    with pytest.raises(ValueError, match="lam must be one of"):
        bt.regularisation_state(0.2, 0)
    with pytest.raises(ValueError, match="run must be one of"):
        bt.regularisation_state(0.1, 10)
    with pytest.raises(ValueError, match="run must be one of"):
        bt.regularisation_state(0.1, 1.5)
    assert bt.regularisation_state(np.float64(0.1), np.int64(3)) is bt.regularisation_state(0.1, 3)


@pytest.mark.parametrize("lam", [0.0, 50.0])
def test_neuron_fits_at_extreme_lambda_do_not_crash(lam):
    fits = bt.neuron_penalty_fits(lam, epochs=200)
    for f in fits:
        assert np.all(np.isfinite(f.curve)) and np.isfinite(f.w) and np.isfinite(f.b)
    if lam == 0.0:
        assert np.allclose(fits[0].curve, fits[1].curve)


def test_bar_labels_stay_below_the_panel_titles():
    """The bars' value labels sit above the bars (textposition outside): the y axes leave a
    fifth of their height free above the tallest bar of every state, so no label (e.g. a test
    cost of 0.714) reaches the panel title above it."""
    norm_max, cost_max = bt._axis_limits()
    res = bt.all_trainings().values()
    assert max(max(r.weight_norms + r.bias_norms) for r in res) <= norm_max / 1.2
    assert max(max(r.train_cost, r.test_cost, r.penalty) for r in res) <= cost_max / 1.2
    fig = bt.regularisation_figure()
    assert list(fig.layout.yaxis2.range) == [0, norm_max]
    assert list(fig.layout.yaxis3.range) == [0, cost_max]
