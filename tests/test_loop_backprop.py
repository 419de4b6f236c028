"""S3's example-by-example algorithm (nnlib.loop_backprop) against finite differences.

The reference is tests/test_gradients.fd_gradients, which only calls net.cost.
"""
import numpy as np
import pytest

from nnlib import Network
from nnlib.loop_backprop import loop_gradients
from tests.test_gradients import fd_gradients

CASES = [
    ([3, 4, 2], "sigmoid", "sigmoid", "quadratic", 0.0),
    ([2, 5, 3, 1], "tanh", "sigmoid", "cross_entropy", 0.7),
    ([4, 3, 3, 2], "leaky_relu", "identity", "quadratic", 0.2),
]


@pytest.mark.parametrize("sizes, hidden, output, cost, l2", CASES)
def test_loop_gradients_match_finite_differences(sizes, hidden, output, cost, l2):
    rng = np.random.default_rng(3)
    net = Network(sizes, hidden=hidden, output=output, cost=cost, l2=l2, seed=5)
    X = rng.normal(size=(sizes[0], 6))
    Y = rng.uniform(0.05, 0.95, size=(sizes[-1], 6))
    dW, db = loop_gradients(net, X, Y)
    fW, fb = fd_gradients(net, X, Y)
    for got, ref in zip([*dW, *db], [*fW, *fb]):
        assert got.shape == ref.shape
        np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-8)


def test_loop_gradients_bias_not_regularised():
    """With lambda > 0 only the weight gradients change, by exactly (lambda / m) W."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(2, 5)), rng.uniform(size=(1, 5))
    plain = Network([2, 3, 1], seed=1)
    reg = Network([2, 3, 1], seed=1, l2=2.0)
    dW0, db0 = loop_gradients(plain, X, Y)
    dW1, db1 = loop_gradients(reg, X, Y)
    for g0, g1, W in zip(dW0, dW1, reg.W):
        np.testing.assert_allclose(g1 - g0, (2.0 / 5) * W, atol=1e-12)
    for g0, g1 in zip(db0, db1):
        np.testing.assert_array_equal(g0, g1)


def test_loop_gradients_rejects_bad_shapes():
    net = Network([2, 3, 1])
    with pytest.raises(ValueError, match="Y"):
        loop_gradients(net, np.zeros((2, 4)), np.zeros((1, 3)))


def test_gradient_check_accepts_a_gradients_function():
    """gradient_check(gradients=...) passes the correct loop and catches a planted 2/m slip."""
    from nnlib import gradient_check

    rng = np.random.default_rng(1)
    net = Network([2, 3, 2], l2=0.5, seed=2)
    X, Y = rng.normal(size=(2, 4)), rng.uniform(size=(2, 4))
    assert gradient_check(net, X, Y, gradients=loop_gradients) < 1e-6

    def doubled(net, X, Y):
        dW, db = loop_gradients(net, X, Y)
        return [2 * g for g in dW], db

    assert gradient_check(net, X, Y, gradients=doubled) > 0.1


@pytest.mark.parametrize("bad, message", [
    (lambda net, X, Y: None, "must return"),
    (lambda net, X, Y: ([np.zeros((3, 2))], [np.zeros((3, 1))]), "dW has 1 arrays"),
    (lambda net, X, Y: ([np.zeros((2, 3)), np.zeros((2, 3))], [np.zeros((3, 1)), np.zeros((2, 1))]), r"dW\[1\] has shape \(2, 3\), expected \(3, 2\)"),
    ("not a function", "must be a function"),
])
def test_gradient_check_rejects_bad_gradients_function(bad, message):
    from nnlib import gradient_check

    net = Network([2, 3, 2])
    with pytest.raises(ValueError, match=message):
        gradient_check(net, np.zeros((2, 3)), np.zeros((2, 3)), gradients=bad)
