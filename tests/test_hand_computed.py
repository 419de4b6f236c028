"""nnlib against numbers computed by hand (math.exp, math.log), not with nnlib's own functions.

The one-neuron-per-layer chain of SOURCES.md S1: z = w a_prev + b, a = sigma(z),
C0 = (a - y)^2 (no 1/2), so
    dC0/dw      = a_prev * sigma'(z) * 2 (a - y)
    dC0/db      =          sigma'(z) * 2 (a - y)
    dC0/da_prev =      w * sigma'(z) * 2 (a - y)
"""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib
from nnlib import ACTIVATIONS, Network, layer_backward, layer_forward, linear_backward


def sig(z):
    return 1.0 / (1.0 + math.exp(-z))


def sig_prime(z):
    s = sig(z)
    return s * (1.0 - s)


def one_one_net(w, b):
    net = Network([1, 1], hidden="sigmoid", output="sigmoid", cost="quadratic")
    net.W[1][0, 0] = w
    net.b[1][0, 0] = b
    return net


# a_prev = 0.48; w = 1.5, b = -0.06 give z = 0.66 and a = sigma(0.66) ~ 0.659.
A_PREV, W, B, Y = 0.48, 1.5, -0.06, 1.0


def test_one_neuron_setup_is_the_intended_one():
    z = W * A_PREV + B
    assert z == pytest.approx(0.66)
    assert sig(z) == pytest.approx(0.66, abs=0.005)


def test_one_neuron_cost_and_forward():
    net = one_one_net(W, B)
    z = W * A_PREV + B
    a = sig(z)
    X, Yb = np.array([[A_PREV]]), np.array([[Y]])
    assert net.forward(X)[0, 0] == pytest.approx(a, rel=1e-14)
    assert net.cost(X, Yb) == pytest.approx((a - Y) ** 2, rel=1e-14)  # no factor 1/2


def test_one_neuron_dC_dw_and_dC_db():
    net = one_one_net(W, B)
    z = W * A_PREV + B
    a = sig(z)
    dC_dw = A_PREV * sig_prime(z) * 2 * (a - Y)
    dC_db = sig_prime(z) * 2 * (a - Y)
    dW, db = net.gradients(np.array([[A_PREV]]), np.array([[Y]]))
    assert dW[1].shape == (1, 1) and db[1].shape == (1, 1)
    assert dW[1][0, 0] == pytest.approx(dC_dw, rel=1e-12)
    assert db[1][0, 0] == pytest.approx(dC_db, rel=1e-12)
    # the numbers themselves, worked out on paper: sigma(0.66) = 0.6592604, sigma' = 0.2246361,
    # 2 (a - y) = -0.6814792
    assert dC_db == pytest.approx(-0.1530849, abs=1e-7)
    assert dC_dw == pytest.approx(-0.0734807, abs=1e-7)


def test_one_neuron_dC_da_prev_through_the_blocks():
    g = ACTIVATIONS["sigmoid"]
    Wm, bm, a_prev = np.array([[W]]), np.array([[B]]), np.array([[A_PREV]])
    a, cache = layer_forward(a_prev, Wm, bm, g)
    z = W * A_PREV + B
    assert cache.z[0, 0] == pytest.approx(z, rel=1e-14)
    assert a[0, 0] == pytest.approx(sig(z), rel=1e-14)
    dC_da = 2 * (sig(z) - Y)
    want_da_prev = W * sig_prime(z) * dC_da
    want_dw = A_PREV * sig_prime(z) * dC_da
    want_db = sig_prime(z) * dC_da

    da_prev, dW, db = layer_backward(np.array([[dC_da]]), cache, Wm, g)
    assert da_prev[0, 0] == pytest.approx(want_da_prev, rel=1e-12)
    assert dW[0, 0] == pytest.approx(want_dw, rel=1e-12)
    assert db[0, 0] == pytest.approx(want_db, rel=1e-12)

    # linear_backward takes dC/dz directly
    dz = sig_prime(z) * dC_da
    da_prev2, dW2, db2 = linear_backward(np.array([[dz]]), cache, Wm)
    assert da_prev2[0, 0] == pytest.approx(want_da_prev, rel=1e-12)
    assert dW2[0, 0] == pytest.approx(want_dw, rel=1e-12)
    assert db2[0, 0] == pytest.approx(want_db, rel=1e-12)


def test_one_neuron_chain_one_layer_further_back():
    """1-1-1: x -> a1 = sigma(w1 x + b1) -> a2 = sigma(w2 a1 + b2), C0 = (a2 - y)^2."""
    x, y = 0.8, 1.0
    w1, b1, w2, b2 = 0.7, -0.2, -1.3, 0.4
    net = Network([1, 1, 1], hidden="sigmoid", output="sigmoid", cost="quadratic")
    net.W[1][0, 0], net.b[1][0, 0] = w1, b1
    net.W[2][0, 0], net.b[2][0, 0] = w2, b2

    z1 = w1 * x + b1
    a1 = sig(z1)
    z2 = w2 * a1 + b2
    a2 = sig(z2)
    dC_da2 = 2 * (a2 - y)
    dC_dz2 = sig_prime(z2) * dC_da2
    dC_da1 = w2 * dC_dz2
    dC_dz1 = sig_prime(z1) * dC_da1

    X, Yb = np.array([[x]]), np.array([[y]])
    assert net.cost(X, Yb) == pytest.approx((a2 - y) ** 2, rel=1e-13)
    dW, db = net.gradients(X, Yb)
    assert dW[2][0, 0] == pytest.approx(a1 * dC_dz2, rel=1e-12)
    assert db[2][0, 0] == pytest.approx(dC_dz2, rel=1e-12)
    assert dW[1][0, 0] == pytest.approx(x * dC_dz1, rel=1e-12)
    assert db[1][0, 0] == pytest.approx(dC_dz1, rel=1e-12)

    trace = net.forward_trace(X)
    assert trace.a[0][0, 0] == x
    assert trace.z[1][0, 0] == pytest.approx(z1, rel=1e-14)
    assert trace.a[1][0, 0] == pytest.approx(a1, rel=1e-14)
    assert trace.z[2][0, 0] == pytest.approx(z2, rel=1e-14)
    assert trace.a[2][0, 0] == pytest.approx(a2, rel=1e-14)
    # da_prev of the output block is dC/da1
    da1, _, _ = layer_backward(np.array([[dC_da2]]), trace.caches[2], net.W[2], ACTIVATIONS["sigmoid"])
    assert da1[0, 0] == pytest.approx(dC_da1, rel=1e-12)


def test_batch_gradient_is_mean_of_hand_computed_per_example_gradients():
    xs = [0.48, -1.2, 0.05, 2.0, 0.7]
    ys = [1.0, 0.0, 0.3, 1.0, 0.9]
    net = one_one_net(W, B)
    per_w, per_b, per_c = [], [], []
    for x, y in zip(xs, ys):
        z = W * x + B
        a = sig(z)
        per_w.append(x * sig_prime(z) * 2 * (a - y))
        per_b.append(sig_prime(z) * 2 * (a - y))
        per_c.append((a - y) ** 2)
    X, Yb = np.array([xs]), np.array([ys])
    dW, db = net.gradients(X, Yb)
    n = len(xs)
    assert net.cost(X, Yb) == pytest.approx(sum(per_c) / n, rel=1e-13)
    assert dW[1][0, 0] == pytest.approx(sum(per_w) / n, rel=1e-12)
    assert db[1][0, 0] == pytest.approx(sum(per_b) / n, rel=1e-12)


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_batch_gradient_is_mean_of_single_example_gradients(cost):
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2], hidden="tanh", cost=cost, seed=2, l2=0.0)
    net.b = [rng.normal(size=b.shape) for b in net.b]
    X = rng.normal(size=(3, 7))
    Yb = rng.uniform(0, 1, (2, 7))
    dW, db = net.gradients(X, Yb)
    singles = [net.gradients(X[:, [k]], Yb[:, [k]]) for k in range(7)]
    for l in (1, 2):
        np.testing.assert_allclose(dW[l], np.mean([s[0][l] for s in singles], axis=0), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db[l], np.mean([s[1][l] for s in singles], axis=0), rtol=1e-12, atol=1e-15)


def _tiny_2_2_net(cost):
    net = Network([2, 2], hidden="sigmoid", output="sigmoid", cost=cost)
    Wt = [[0.5, -1.0], [2.0, 0.25]]
    bt = [0.1, -0.3]
    net.W[1][...] = Wt
    net.b[1][...] = np.array(bt).reshape(2, 1)
    X = [[1.0, -0.5, 0.0], [2.0, 0.3, -1.5]]
    Yt = [[1.0, 0.0, 0.2], [0.0, 1.0, 0.7]]
    A = [[sig(Wt[j][0] * X[0][k] + Wt[j][1] * X[1][k] + bt[j]) for k in range(3)] for j in range(2)]
    return net, np.array(X), np.array(Yt), A, Yt


def test_quadratic_cost_by_hand():
    net, X, Yb, A, Yt = _tiny_2_2_net("quadratic")
    m = 3
    want = sum((A[j][k] - Yt[j][k]) ** 2 for j in range(2) for k in range(m)) / m
    np.testing.assert_allclose(net.forward(X), A, rtol=1e-14)
    assert net.cost(X, Yb) == pytest.approx(want, rel=1e-13)


def test_cross_entropy_cost_by_hand():
    net, X, Yb, A, Yt = _tiny_2_2_net("cross_entropy")
    m = 3
    want = -sum(
        Yt[j][k] * math.log(A[j][k]) + (1 - Yt[j][k]) * math.log(1 - A[j][k])
        for j in range(2)
        for k in range(m)
    ) / m
    assert net.cost(X, Yb) == pytest.approx(want, rel=1e-12)


def test_l2_cost_term_by_hand():
    net, X, Yb, A, Yt = _tiny_2_2_net("quadratic")
    lam, m = 0.6, 3
    reg = Network([2, 2], l2=lam)
    reg.W, reg.b = [w.copy() for w in net.W], [b.copy() for b in net.b]
    sq = 0.5**2 + 1.0**2 + 2.0**2 + 0.25**2  # weights only, never the biases 0.1, -0.3
    assert reg.cost(X, Yb) == pytest.approx(net.cost(X, Yb) + lam / (2 * m) * sq, rel=1e-13)


def test_cross_entropy_finite_and_correct_when_saturated():
    net = Network([1, 1], output="sigmoid", cost="cross_entropy")
    net.W[1][0, 0], net.b[1][0, 0] = 1.0, 0.0
    X = np.array([[1e4, -1e4]])  # z = +-1e4: sigma(z) is exactly 1 and 0 in float64
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        right = net.cost(X, np.array([[1.0, 0.0]]))
        wrong = net.cost(X, np.array([[0.0, 1.0]]))
        dW, db = net.gradients(X, np.array([[0.0, 1.0]]))
    assert math.isfinite(right) and math.isfinite(wrong)
    assert right == pytest.approx(0.0, abs=1e-300)
    # -ln(1 - sigma(1e4)) = ln(1 + e^1e4) = 1e4 (to double precision), likewise for the other
    assert wrong == pytest.approx(1e4, rel=1e-12)
    # dC/dw = mean((a - y) x) = ((1 - 0) 1e4 + (0 - 1)(-1e4)) / 2, dC/db = mean(a - y) = 0
    assert dW[1][0, 0] == pytest.approx(1e4, rel=1e-12)
    assert db[1][0, 0] == pytest.approx(0.0, abs=1e-12)


def test_cross_entropy_moderately_saturated_matches_hand():
    """z = 40: 1 - sigma(40) ~ 4e-18 is lost in float64, yet the cost -ln(1 - sigma(40)) must be ~40."""
    net = Network([1, 1], output="sigmoid", cost="cross_entropy")
    net.W[1][0, 0], net.b[1][0, 0] = 1.0, 0.0
    c = net.cost(np.array([[40.0]]), np.array([[0.0]]))
    assert c == pytest.approx(40.0 + math.log1p(math.exp(-40.0)), rel=1e-12)


def test_sigmoid_huge_arguments_no_warning():
    net = Network([1, 1], output="sigmoid")
    net.W[1][0, 0], net.b[1][0, 0] = 1.0, 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow RuntimeWarning in exp(-z) would raise here
        s = nnlib.sigmoid(np.array([-1e4, 1e4]))
        lo, hi = nnlib.sigmoid(-1e4), nnlib.sigmoid(1e4)
        sp = nnlib.sigmoid_prime(np.array([-1e4, 1e4]))
        out = net.forward(np.array([[-1e4, 1e4]]))
    assert s[0] == 0.0 and s[1] == 1.0
    assert float(lo) == 0.0 and float(hi) == 1.0
    np.testing.assert_array_equal(sp, [0.0, 0.0])
    np.testing.assert_array_equal(out, [[0.0, 1.0]])


def test_activation_values_by_hand():
    zs = [-3.0, -0.7, -0.01, 0.02, 0.5, 2.5]
    hand = {
        "sigmoid": sig,
        "tanh": lambda z: (math.exp(z) - math.exp(-z)) / (math.exp(z) + math.exp(-z)),
        "relu": lambda z: z if z > 0 else 0.0,
        "leaky_relu": lambda z: z if z > 0 else 0.01 * z,
        "identity": lambda z: z,
    }
    assert set(ACTIVATIONS) == set(hand)
    for name, f in hand.items():
        got = ACTIVATIONS[name].g(np.array(zs))
        np.testing.assert_allclose(got, [f(z) for z in zs], rtol=1e-13, atol=1e-16, err_msg=name)
        # works element-wise on (n, m) batches, shape preserved
        batch = np.array(zs).reshape(2, 3)
        assert ACTIVATIONS[name].g(batch).shape == (2, 3)
        assert ACTIVATIONS[name].prime(batch).shape == (2, 3)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivative_against_finite_differences(name):
    g = ACTIVATIONS[name]
    z = np.linspace(-4.0, 4.0, 81)
    if name in ("relu", "leaky_relu"):
        z = z[np.abs(z) > 0.05]  # away from the kink at 0
    h = 1e-6
    fd = (g.g(z + h) - g.g(z - h)) / (2 * h)
    np.testing.assert_allclose(g.prime(z), fd, rtol=1e-6, atol=1e-9)


def test_sigmoid_prime_by_hand():
    for z in (-5.0, -0.3, 0.0, 1.7):
        assert float(nnlib.sigmoid_prime(np.array(z))) == pytest.approx(sig_prime(z), rel=1e-13)


def test_n_params_13002():
    assert Network([784, 16, 16, 10]).n_params == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10 == 13002


@settings(max_examples=50, deadline=None, database=None)
@given(sizes=st.lists(st.integers(1, 40), min_size=2, max_size=6))
def test_n_params_formula_random_sizes(sizes):
    net = Network(sizes)
    want = sum(sizes[l] * sizes[l - 1] + sizes[l] for l in range(1, len(sizes)))
    assert net.n_params == want
    assert net.get_params().shape == (want,)


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
def test_parameter_shapes_and_dtype(hidden):
    sizes = [5, 7, 3, 2]
    net = Network(sizes, hidden=hidden, seed=4)
    assert len(net.W) == len(net.b) == 3
    for l in (1, 2, 3):
        W, b = net.W[l], net.b[l]
        assert W.shape == (sizes[l], sizes[l - 1])
        assert b.shape == (sizes[l], 1)
        assert W.dtype == np.float64 and b.dtype == np.float64
        assert np.all(np.isfinite(W)) and np.all(np.isfinite(b))
        assert np.std(W) > 0  # actually initialised, not all equal
    X = np.zeros((5, 4))
    assert net.forward(X).shape == (2, 4)
    dW, db = net.gradients(X, np.zeros((2, 4)))
    assert [g.shape for g in dW] == [W.shape for W in net.W]
    assert [g.shape for g in db] == [b.shape for b in net.b]


def test_forward_accepts_integer_input_and_computes_in_float64():
    net = Network([2, 3, 1], seed=1)
    Xi = np.array([[1, 0, 2], [0, 1, 1]])
    out = net.forward(Xi)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, net.forward(Xi.astype(float)), rtol=0, atol=0)


def test_predict_threshold_and_argmax():
    one = Network([1, 1])
    one.W[1][0, 0], one.b[1][0, 0] = 1.0, 0.0
    np.testing.assert_array_equal(one.predict(np.array([[-2.0, -0.1, 0.1, 3.0]])), [0, 0, 1, 1])
    multi = Network([2, 2], output="identity")
    multi.W[1][...] = np.eye(2)
    multi.b[1][...] = 0.0
    np.testing.assert_array_equal(multi.predict(np.array([[1.0, 0.0, 5.0], [0.0, 2.0, 4.0]])), [0, 1, 0])
