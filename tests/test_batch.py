"""The batch chapter's experiments and interactive (nnlib.viz.batch): numbers, both faces, figures.

The independent references here: the 2-8-1 network's forward pass, cross-entropy and L2 penalty
written with plain numpy from the trained parameters; centred differences of that cost; the
symmetry of the eight students' data (hand-derived midpoint 2.25); and full-batch gradient
descent re-run with nnlib.sgd.
"""
import json
import math

import numpy as np
import plotly.io as pio
import pytest

import nnlib
from nnlib.loop_backprop import loop_gradients
from nnlib.viz import batch as bt
from nnlib.viz.neuron import HOURS, PASSED
from nnlib.viz.static import STATES_KEY


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


GRID = [(lam, m) for m in bt.TRAIN_SIZES for lam in bt.LAMBDAS]


# --------------------------------------------------------------------------------------------
# The update function
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lam, m", [(0.0, 30), (0.1, 30), (1.0, 100), (3.0, 300), (10.0, 300)])
def test_state_matches_nnlib_and_an_independent_forward_pass(lam, m):
    r = bt.regularisation_state(lam, m)
    X, Y, Xt, Yt = bt.circles_data()
    # nnlib: the same training, re-run from scratch
    net = nnlib.Network([2, 8, 1], hidden="tanh", output="sigmoid", cost="cross_entropy", seed=0, l2=lam)
    history = nnlib.sgd(net, X[:, :m], Y[:, :m], epochs=bt.EPOCHS, batch_size=None, lr=bt.LR)
    theta = net.get_params()
    assert np.array_equal(theta, bt.trained_network(lam, m).get_params())
    assert history.cost[-1] == pytest.approx(r.train_cost + r.penalty, rel=1e-10)
    # independent numpy
    W1, b1, W2, b2 = unpack(theta)
    assert r.weight_norms == pytest.approx((np.sum(W1 ** 2), np.sum(W2 ** 2)), rel=1e-12)
    assert r.bias_norms == pytest.approx((np.sum(b1 ** 2), np.sum(b2 ** 2)), rel=1e-12)
    assert r.weight_norm == pytest.approx(np.sum(W1 ** 2) + np.sum(W2 ** 2), rel=1e-12)
    assert r.penalty == pytest.approx(lam / (2 * m) * (np.sum(W1 ** 2) + np.sum(W2 ** 2)), rel=1e-12, abs=1e-15)
    assert r.train_cost == pytest.approx(cross_entropy(theta, X[:, :m], Y[:, :m]), rel=1e-9)
    assert r.test_cost == pytest.approx(cross_entropy(theta, Xt, Yt), rel=1e-9)
    assert r.train_accuracy == np.mean((forward(theta, X[:, :m])[0] > 0.5) == Y[0, :m])
    assert r.test_accuracy == np.mean((forward(theta, Xt)[0] > 0.5) == Yt[0])
    gx, gy = np.meshgrid(bt.PLANE, bt.PLANE)
    region = forward(theta, np.vstack([gx.ravel(), gy.ravel()]))[0].reshape(41, 41)
    assert r.region == pytest.approx(region, abs=1e-12)
    assert r.region[0, 20] == pytest.approx(forward(theta, np.array([[0.0], [-1.6]]))[0, 0], abs=1e-12)


def test_data_are_two_circles_with_a_fixed_split():
    X, Y, Xt, Yt = bt.circles_data()
    assert X.shape == Xt.shape == (2, 300) and Y.shape == Yt.shape == (1, 300)
    r = np.hypot(*X)
    assert np.mean(r[Y[0] == 1]) == pytest.approx(0.5, abs=0.05)
    assert np.mean(r[Y[0] == 0]) == pytest.approx(1.0, abs=0.05)
    assert not np.allclose(X, Xt)
    X[0, 0] = 99.0  # a copy: the cached data stay as they were
    assert bt.circles_data()[0][0, 0] != 99.0


def test_what_the_chapter_says_about_lambda():
    res = bt.all_trainings()
    assert len(res) == 21
    for m in bt.TRAIN_SIZES:
        norms = [res[(lam, m)].weight_norm for lam in bt.LAMBDAS]
        train = [res[(lam, m)].train_cost for lam in bt.LAMBDAS]
        assert all(b <= a + 1e-6 for a, b in zip(norms, norms[1:]))
        assert all(b >= a - 1e-6 for a, b in zip(train, train[1:]))
        huge = res[(10.0, m)]
        assert huge.weight_norm < 1e-2 and np.ptp(huge.region) < 0.01
    free, reg = res[(0.0, 30)], res[(0.1, 30)]
    assert reg.test_cost < free.test_cost and free.train_cost < reg.train_cost
    assert res[(1.0, 30)].weight_norm < res[(1.0, 300)].weight_norm  # lambda / m
    # the collapsed network answers about 1/2 everywhere: cost near ln 2
    assert res[(10.0, 300)].test_cost == pytest.approx(math.log(2), abs=0.01)


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
        s3 = [d + lam * W for d, W in zip(dW, net.weights)]
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
def neuron_cost(w, b, lam, penalty):
    a = 1.0 / (1.0 + np.exp(-(w * HOURS[0] + b)))
    c = np.mean((a - PASSED[0]) ** 2)
    m = HOURS.shape[1]
    if penalty != "none":
        c += lam / (2 * m) * w * w
    if penalty == "weight and bias":
        c += lam / (2 * m) * b * b
    return c


@pytest.mark.parametrize("lam", [0.5, 0.2])
def test_neuron_fits_are_minima_of_their_costs(lam):
    fits = bt.neuron_penalty_fits(lam)
    assert [f.penalty for f in fits] == list(bt.PENALTIES)
    h = 1e-6
    for f in fits:
        gw = (neuron_cost(f.w + h, f.b, lam, f.penalty) - neuron_cost(f.w - h, f.b, lam, f.penalty)) / (2 * h)
        gb = (neuron_cost(f.w, f.b + h, lam, f.penalty) - neuron_cost(f.w, f.b - h, lam, f.penalty)) / (2 * h)
        assert abs(gw) < 1e-6 and abs(gb) < 1e-6, f.penalty
        assert f.midpoint == pytest.approx(-f.b / f.w)
        assert f.curve == pytest.approx(1 / (1 + np.exp(-(f.w * bt.X_GRID[0] + f.b))))
    none, weight, both = fits
    # The data are symmetric about x = 2.25 (x -> 4.5 - x swaps pass and fail), so without a bias
    # penalty the midpoint is exactly 2.25, with or without the weight penalty.
    assert none.midpoint == pytest.approx(2.25, abs=1e-6)
    assert weight.midpoint == pytest.approx(2.25, abs=1e-6)
    assert weight.w < none.w
    assert both.midpoint < 2.25 - 0.2


def test_bias_penalty_figure_shows_the_fits():
    fig = bt.bias_penalty_figure(0.5)
    fits = bt.neuron_penalty_fits(0.5)
    curves = [t for t in fig.data if t.mode == "lines"]
    assert len(curves) == 3
    for t, f in zip(curves, fits):
        assert np.allclose(t.y, f.curve)
        assert f"x = {f.midpoint:.2f}" in t.name
    assert fig.layout.meta["alt"]


# --------------------------------------------------------------------------------------------
# The figure and its two faces
# --------------------------------------------------------------------------------------------
def test_figure_shows_the_state_numbers():
    fig = bt.regularisation_figure(0.3, 100)
    r = bt.regularisation_state(0.3, 100)
    assert fig.layout.title.text == bt.regularisation_title(r)
    assert f"Σ‖W‖² = {r.weight_norm:.3f}" in fig.layout.title.text
    assert list(fig.data[bt.T_NORMS].y) == pytest.approx(list(r.weight_norms + r.bias_norms))
    assert list(fig.data[bt.T_COSTS].y) == pytest.approx([r.train_cost, r.test_cost, r.penalty])
    assert len(fig.data[bt.T_OUTER].x) + len(fig.data[bt.T_INNER].x) == 100
    assert fig.layout.meta["alt"]


def test_static_figure_holds_every_grid_state():
    fig = bt.regularisation_static_figure()
    grid = fig.layout.meta[STATES_KEY]
    assert grid["names"] == ["lam", "m"] and grid["shape"] == [7, 3]
    assert grid["initial"] == [bt.LAMBDAS.index(bt.START[0]), bt.TRAIN_SIZES.index(bt.START[1])]
    assert [s.label for s in fig.layout.sliders[0].steps] == [f"{v:g}" for v in bt.LAMBDAS]
    assert [s.label for s in fig.layout.sliders[1].steps] == [str(v) for v in bt.TRAIN_SIZES]
    for k, (lam, m) in enumerate((lam, m) for lam in bt.LAMBDAS for m in bt.TRAIN_SIZES):
        state = grid["states"][k]
        r = bt.regularisation_state(lam, m)
        assert state["layout"]["title.text"] == bt.regularisation_title(r)
        data = {d["trace"]: d["props"] for d in state["data"]}
        assert data[bt.T_NORMS]["y"][0] == pytest.approx(list(r.weight_norms + r.bias_norms), abs=1e-4)
        assert data[bt.T_COSTS]["y"][0] == pytest.approx([r.train_cost, r.test_cost, r.penalty], abs=1e-4)
        assert np.array(data[bt.T_REGION]["z"][0]) == pytest.approx(r.region, abs=1e-3)
        assert len(data[bt.T_OUTER]["x"][0]) + len(data[bt.T_INNER]["x"][0]) == m
    html = pio.renderers["nnlib"].to_mimebundle(fig.to_dict())["text/html"]
    assert len(html) < 1_500_000
    assert "plotly_sliderchange" in html


def shown(app):
    (output,) = app.out.outputs
    fig = output["data"]["application/vnd.plotly.v1+json"]
    return fig["layout"]["title"]["text"], fig["data"][bt.T_NORMS]["y"], fig["data"][bt.T_COSTS]["y"]


def test_live_app_redraws_from_the_same_numbers():
    app = bt.regularisation_app()
    sliders = [c for c in app.children if hasattr(c, "options")]
    assert [s.value for s in sliders] == ["0", "30"]
    title, _, _ = shown(app)
    assert title == bt.regularisation_title(bt.regularisation_state(0.0, 30))
    for lam, m in [("0.1", "30"), ("10", "300"), ("0.03", "100")]:
        sliders[0].value, sliders[1].value = lam, m
        r = bt.regularisation_state(float(lam), int(m))
        title, norms, costs = shown(app)
        assert title == bt.regularisation_title(r)
        assert list(norms) == pytest.approx(list(r.weight_norms + r.bias_norms))
        assert list(costs) == pytest.approx([r.train_cost, r.test_cost, r.penalty])


@pytest.mark.parametrize("lam, m", [(0.0, 30), (10.0, 30), (10.0, 300), (0.0, 300)])
def test_extreme_slider_values_do_not_crash(lam, m):
    r = bt.regularisation_state(lam, m)
    numbers = [*r.weight_norms, *r.bias_norms, r.penalty, r.train_cost, r.test_cost]
    assert np.all(np.isfinite(numbers)) and np.all(np.isfinite(r.region))
    assert 0 <= r.region.min() <= r.region.max() <= 1
    json.dumps(bt.regularisation_figure_state(lam, m)["layout"])
    bt.regularisation_figure(lam, m)


def test_off_grid_values_fail_clearly():
    with pytest.raises(ValueError, match="lam must be one of"):
        bt.regularisation_state(0.2, 30)
    with pytest.raises(ValueError, match="m must be one of"):
        bt.regularisation_state(0.1, 31)
    assert bt.regularisation_state(np.float64(0.1), np.int64(30)) is bt.regularisation_state(0.1, 30)


@pytest.mark.parametrize("lam", [0.0, 50.0])
def test_neuron_fits_at_extreme_lambda_do_not_crash(lam):
    fits = bt.neuron_penalty_fits(lam, epochs=200)
    for f in fits:
        assert np.all(np.isfinite(f.curve)) and np.isfinite(f.w) and np.isfinite(f.b)
    if lam == 0.0:
        assert np.allclose(fits[0].curve, fits[1].curve)
