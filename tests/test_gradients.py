"""Backpropagation's gradients against an independent centred finite-difference check.

The reference gradient here is written in this file (it only calls ``net.cost``), so a bug
shared by ``Network.gradients`` and ``nnlib.numerical_gradients`` cannot hide.
"""
import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import nnlib
from nnlib import ACTIVATIONS, Network, gradient_check

EPS = 1e-6
KINKED = ("relu", "leaky_relu")


def fd_gradients(net, X, Y, eps=EPS):
    """Centred differences (C(p + eps) - C(p - eps)) / 2 eps, one parameter at a time."""
    out = []
    for params in (net.W, net.b):
        grads = []
        for p in params:
            g = np.empty_like(p)
            for idx in np.ndindex(p.shape):
                saved = p[idx]
                p[idx] = saved + eps
                c_plus = net.cost(X, Y)
                p[idx] = saved - eps
                c_minus = net.cost(X, Y)
                p[idx] = saved
                g[idx] = (c_plus - c_minus) / (2 * eps)
            grads.append(g)
        out.append(grads)
    return out[0], out[1]


def random_problem(sizes, m, seed, cost):
    """Inputs in [-1, 1]; targets in (0, 1) (valid for both costs); random non-zero biases."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, (sizes[0], m))
    Y = rng.uniform(0.05, 0.95, (sizes[-1], m))
    if cost == "quadratic" and rng.random() < 0.5:
        Y = rng.uniform(-1.0, 1.0, (sizes[-1], m))
    biases = [rng.uniform(-0.5, 0.5, (n, 1)) for n in sizes[1:]]
    return X, Y, biases


def min_abs_preactivation(net, X):
    return min(float(np.min(np.abs(z))) for z in net.forward_trace(X).z)


def assert_grads_close(got, want, rtol=1e-5, atol=1e-8):
    dW, db = got
    nW, nb = want
    assert len(dW) == len(nW) and len(db) == len(nb)
    for l, (a, n) in enumerate(zip(dW, nW)):
        assert a.shape == n.shape, f"dW[{l}] shape"
        np.testing.assert_allclose(a, n, rtol=rtol, atol=atol, err_msg=f"dW[{l}]")
    for l, (a, n) in enumerate(zip(db, nb)):
        assert a.shape == n.shape, f"db[{l}] shape"
        np.testing.assert_allclose(a, n, rtol=rtol, atol=atol, err_msg=f"db[{l}]")


# cross_entropy needs a sigmoid output; quadratic takes any output activation.
net_configs = st.one_of(
    st.tuples(st.sampled_from(sorted(ACTIVATIONS)), st.sampled_from(sorted(ACTIVATIONS)), st.just("quadratic")),
    st.tuples(st.sampled_from(sorted(ACTIVATIONS)), st.just("sigmoid"), st.just("cross_entropy")),
)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4),
    config=net_configs,
    l2=st.one_of(st.just(0.0), st.floats(0.1, 1.0)),
    m=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_gradients_match_centred_differences(sizes, config, l2, m, seed):
    hidden, output, cost = config
    net = Network(sizes, hidden=hidden, output=output, cost=cost, seed=seed % 1000, l2=l2)
    X, Y, biases = random_problem(sizes, m, seed, cost)
    net.b = biases
    if hidden in KINKED or output in KINKED:
        # A nudge of EPS across a ReLU kink makes the finite difference meaningless.
        assume(min_abs_preactivation(net, X) > 1e-3)
    analytic = net.gradients(X, Y)
    numeric = fd_gradients(net, X, Y)
    assert_grads_close(analytic, numeric)


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
def test_gradients_deep_net_every_hidden_activation(hidden):
    """A fixed 4-layer case per activation, so every one is covered on every run."""
    sizes = [3, 5, 4, 2]
    net = Network(sizes, hidden=hidden, output="sigmoid", cost="cross_entropy", seed=7, l2=0.3)
    X, Y, biases = random_problem(sizes, 5, 11, "cross_entropy")
    net.b = biases
    assert min_abs_preactivation(net, X) > 1e-3
    assert_grads_close(net.gradients(X, Y), fd_gradients(net, X, Y))


def _problem(cost="quadratic", l2=0.0, hidden="tanh", output="sigmoid"):
    sizes = [3, 4, 2]
    net = Network(sizes, hidden=hidden, output=output, cost=cost, seed=1, l2=l2)
    X, Y, biases = random_problem(sizes, 6, 5, cost)
    net.b = biases
    return net, X, Y


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("l2", [0.0, 0.5])
def test_gradient_check_small_for_correct_net(cost, l2):
    net, X, Y = _problem(cost, l2)
    err = gradient_check(net, X, Y)
    assert 0.0 <= err < 1e-5


def test_gradient_check_catches_doubled_dW(monkeypatch):
    net, X, Y = _problem()
    assert gradient_check(net, X, Y) < 1e-5
    true_backward = net.backward

    def buggy_backward(trace, Y):
        dW, db = true_backward(trace, Y)
        return [2 * g for g in dW], db

    monkeypatch.setattr(net, "backward", buggy_backward)
    assert gradient_check(net, X, Y) > 0.1


def test_gradient_check_catches_missing_factor_two(monkeypatch):
    """The output error of C = sum (a - y)^2 without the 2 of its derivative: off by 2x."""
    net, X, Y = _problem("quadratic")
    correct = net.cost_function

    def delta_without_two(A, Y, Z, g):
        return (A - Y) * g.prime(Z) / Y.shape[1]

    monkeypatch.setattr(net, "cost_function", dataclasses.replace(correct, output_delta=delta_without_two))
    assert gradient_check(net, X, Y) > 0.1


def test_gradient_check_catches_forgotten_l2_term(monkeypatch):
    """With l2 on, a backward that drops the (lambda/m) W term must be flagged."""
    net, X, Y = _problem(l2=0.8)
    assert gradient_check(net, X, Y) < 1e-5
    monkeypatch.setattr(net, "l2", 0.0)
    dW_plain, db_plain = net.gradients(X, Y)
    monkeypatch.setattr(net, "l2", 0.8)
    monkeypatch.setattr(net, "backward", lambda trace, Y: ([g.copy() for g in dW_plain], [g.copy() for g in db_plain]))
    assert gradient_check(net, X, Y) > 0.01


def test_gradient_check_leaves_parameters_unchanged():
    net, X, Y = _problem(l2=0.2)
    W0 = [W.copy() for W in net.W]
    b0 = [b.copy() for b in net.b]
    gradient_check(net, X, Y)
    for a, b in zip([*net.W, *net.b], W0 + b0):
        np.testing.assert_array_equal(a, b)


def test_gradients_twice_identical_and_fresh():
    net, X, Y = _problem("cross_entropy", l2=0.4)
    W0 = [W.copy() for W in net.W]
    dW1, db1 = net.gradients(X, Y)
    saved = [g.copy() for g in [*dW1, *db1]]
    # Mutating the first result must not leak into the second call (no shared buffers).
    for g in [*dW1, *db1]:
        g += 100.0
    dW2, db2 = net.gradients(X, Y)
    for first, second in zip(saved, [*dW2, *db2]):
        np.testing.assert_array_equal(first, second)
    for g1, g2 in zip([*dW1, *db1], [*dW2, *db2]):
        assert not np.shares_memory(g1, g2)
    for p in [*net.W, *net.b]:
        for g in [*dW2, *db2]:
            assert not np.shares_memory(p, g)
    # and gradients never modify the parameters
    for W, W_before in zip(net.W, W0):
        np.testing.assert_array_equal(W, W_before)
    # A third call still agrees (nothing accumulates between calls).
    dW3, db3 = net.gradients(X, Y)
    for first, third in zip(saved, [*dW3, *db3]):
        np.testing.assert_array_equal(first, third)


@pytest.mark.parametrize("lam", [0.1, 0.5, 1.0])
def test_bias_not_regularised_and_weight_term_is_lambda_over_m(lam):
    sizes = [3, 4, 2]
    plain = Network(sizes, hidden="tanh", seed=3, l2=0.0)
    reg = Network(sizes, hidden="tanh", seed=3, l2=lam)
    X, Y, biases = random_problem(sizes, 5, 9, "quadratic")
    rng = np.random.default_rng(42)
    weights = [rng.normal(0, 1, W.shape) for W in plain.W]
    for net in (plain, reg):
        net.W = [W.copy() for W in weights]
        net.b = [b.copy() for b in biases]
    m = X.shape[1]
    dW0, db0 = plain.gradients(X, Y)
    dW1, db1 = reg.gradients(X, Y)
    for a, b in zip(db0, db1):
        np.testing.assert_array_equal(a, b)
    for a, b, W in zip(dW0, dW1, weights):
        np.testing.assert_allclose(b - a, (lam / m) * W, rtol=1e-10, atol=1e-14)
    # and the cost carries the matching (lambda / 2m) sum W^2, weights only
    penalty = lam / (2 * m) * sum(float(np.sum(W**2)) for W in weights)
    assert reg.cost(X, Y) - plain.cost(X, Y) == pytest.approx(penalty, rel=1e-10)


def test_numerical_gradients_agrees_with_independent_fd():
    """nnlib's own finite differences agree with the ones written here."""
    net, X, Y = _problem("cross_entropy", l2=0.3)
    nW, nb = nnlib.numerical_gradients(net, X, Y, eps=EPS)
    assert_grads_close((nW, nb), fd_gradients(net, X, Y), rtol=1e-6, atol=1e-9)


def test_one_sided_differences_are_the_forward_quotient_and_first_order_accurate():
    """one_sided=True: (C(p + eps) - C(p)) / eps, checked for one weight by hand, and its error
    against backprop falls like eps (ten times smaller eps: about ten times smaller error)."""
    net, X, Y = _problem("quadratic")
    W = net.W[1]
    saved, c_here = W[1, 0], net.cost(X, Y)
    W[1, 0] = saved + 1e-3
    by_hand = (net.cost(X, Y) - c_here) / 1e-3
    W[1, 0] = saved
    nW, _ = nnlib.numerical_gradients(net, X, Y, eps=1e-3, one_sided=True)
    assert nW[1][1, 0] == pytest.approx(by_hand, rel=1e-12)
    exact = net.gradients(X, Y)[0][1][1, 0]
    errors = [abs(nnlib.numerical_gradients(net, X, Y, eps=e, one_sided=True)[0][1][1, 0] - exact)
              for e in (1e-3, 1e-4)]
    assert 5 < errors[0] / errors[1] < 20
    centred = abs(nnlib.numerical_gradients(net, X, Y, eps=1e-3)[0][1][1, 0] - exact)
    assert centred < errors[0] / 10
