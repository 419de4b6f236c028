"""check_network_gradients: the self-check the nbgrader course adds to the delta-rule chapter's
backward-pass exercise (the chapter itself prints what nnlib.gradient_check finds)."""
import numpy as np
import pytest

import nnlib
from nnlib.checks import check_network_gradients


def backprop(net, X, Y, scale=2.0, transpose=True):
    """The four equations, with switchable mistakes (the defaults are right)."""
    trace = net.forward_trace(X)
    L, m = net.n_layers, X.shape[1]
    dW, db = {}, {}
    a = trace.a[L]
    delta = scale / m * (a - Y) * a * (1 - a)
    for l in range(L, 0, -1):
        dW[l] = delta @ trace.a[l - 1].T
        db[l] = delta.sum(axis=1, keepdims=True)
        if l > 1:
            W = net.W[l]
            a_prev = trace.a[l - 1]
            delta = ((W.T if transpose else W) @ delta) * a_prev * (1 - a_prev)
    return dW, db


def test_the_four_equations_pass():
    result = check_network_gradients(backprop)
    assert result and result.n_cases == 5, str(result)


def test_nnlib_itself_passes_on_nnlib_networks_too():
    # what the teacher's guide warns about: the library computes the answer
    assert check_network_gradients(lambda net, X, Y: nnlib.Network.gradients(_as_nnlib(net), X, Y))


def _as_nnlib(net):
    real = nnlib.Network(net.sizes)
    real.W, real.b = net.W, net.b
    return real


def _raises(net, X, Y):
    raise NotImplementedError("Write your solution here.")


@pytest.mark.parametrize("fn, words", [
    (lambda net, X, Y: backprop(net, X, Y, scale=1.0), "factor 2"),
    (lambda net, X, Y: backprop(net, X, Y, scale=2.0 * X.shape[1]), "AVERAGE"),
    (lambda net, X, Y: backprop(net, X, Y, transpose=False), "transpose"),
    (_raises, "not implemented yet"),
    (lambda net, X, Y: None, "None"),
    (lambda net, X, Y: ([np.zeros_like(W) for W in net.W], [np.zeros_like(b) for b in net.b]), "zeros"),
    (lambda net, X, Y: (net.W, net.b), "wrong gradients"),
])
def test_mistakes_and_stubs_fail_with_a_reason(fn, words):
    result = check_network_gradients(fn)
    assert not result and words.lower() in str(result).lower(), str(result)


def test_a_function_that_changes_the_network_fails():
    def changes(net, X, Y):
        dW, db = backprop(net, X, Y)
        net.W[1] -= dW[1]
        return dW, db
    result = check_network_gradients(changes)
    assert not result and "in place" in result.message
