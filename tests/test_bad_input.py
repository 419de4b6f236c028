"""Every bad input is a ValueError whose message names the argument and what was expected."""
import math
import re
import warnings

import numpy as np
import pytest

import nnlib
from nnlib import ACTIVATIONS, COSTS, Network, TrainingDiverged, gradient_check, sgd
from nnlib.datasets import circles

N_IN, N_OUT, M = 3, 2, 5


@pytest.fixture
def net():
    return Network([N_IN, 4, N_OUT], seed=0)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(N_IN, M)), rng.uniform(0, 1, (N_OUT, M))


# Every public entry point that takes X (and Y): a bad X must be caught by each of them.
def _x_callers(net, Y):
    return {
        "forward": lambda X: net.forward(X),
        "forward_trace": lambda X: net.forward_trace(X),
        "predict": lambda X: net.predict(X),
        "cost": lambda X: net.cost(X, Y),
        "gradients": lambda X: net.gradients(X, Y),
        "sgd": lambda X: sgd(net, X, Y, epochs=1, batch_size=2, lr=0.1),
        "gradient_check": lambda X: gradient_check(net, X, Y),
    }


def _y_callers(net, X):
    return {
        "cost": lambda Y: net.cost(X, Y),
        "gradients": lambda Y: net.gradients(X, Y),
        "sgd": lambda Y: sgd(net, X, Y, epochs=1, batch_size=2, lr=0.1),
        "gradient_check": lambda Y: gradient_check(net, X, Y),
    }


X_CALLERS = ["forward", "forward_trace", "predict", "cost", "gradients", "sgd", "gradient_check"]
Y_CALLERS = ["cost", "gradients", "sgd", "gradient_check"]


# --- X ---------------------------------------------------------------------------------
@pytest.mark.parametrize("caller", X_CALLERS)
def test_X_wrong_number_of_rows(net, data, caller):
    X_bad = np.zeros((N_IN + 1, M))
    with pytest.raises(ValueError, match=r"\bX\b.*\(4, 5\).*expected.*\(3, ") as info:
        _x_callers(net, data[1])[caller](X_bad)
    assert "transpos" not in str(info.value).lower()


@pytest.mark.parametrize("caller", X_CALLERS)
def test_X_one_dimensional_suggests_reshape(net, data, caller):
    with pytest.raises(ValueError, match=r"\bX\b.*\(3,\).*X\.reshape\(-1, 1\)"):
        _x_callers(net, data[1])[caller](np.zeros(N_IN))


@pytest.mark.parametrize("caller", X_CALLERS)
def test_X_transposed(net, data, caller):
    X = data[0]
    with pytest.raises(ValueError, match=r"\bX\b.*\(5, 3\).*expected.*\(3, ") as info:
        _x_callers(net, data[1])[caller](X.T)
    msg = str(info.value)
    assert "transposed" in msg and "X.T" in msg


@pytest.mark.parametrize("bad", [np.zeros((N_IN, M, 1)), np.float64(1.0)])
def test_X_wrong_number_of_dimensions(net, bad):
    with pytest.raises(ValueError, match=r"\bX\b.*2-D.*\(3, m\)"):
        net.forward(bad)


def test_X_with_no_examples(net):
    with pytest.raises(ValueError, match=r"\bX\b.*no examples.*at least one"):
        net.forward(np.zeros((N_IN, 0)))


def test_X_not_numbers(net):
    with pytest.raises(ValueError, match=r"\bX\b.*numbers"):
        net.forward([["a", "b"], ["c", "d"], ["e", "f"]])


@pytest.mark.parametrize("caller", X_CALLERS)
@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_X_not_finite(net, data, caller, value):
    X = data[0].copy()
    X[1, 2] = value
    with pytest.raises(ValueError, match=r"\bX\b.*finite.*X\[1, 2\]"):
        _x_callers(net, data[1])[caller](X)


# --- Y ---------------------------------------------------------------------------------
@pytest.mark.parametrize("caller", Y_CALLERS)
def test_Y_wrong_number_of_rows(net, data, caller):
    with pytest.raises(ValueError, match=r"\bY\b.*\(3, 5\).*expected.*\(2, 5\)"):
        _y_callers(net, data[0])[caller](np.zeros((N_OUT + 1, M)))


@pytest.mark.parametrize("caller", Y_CALLERS)
def test_Y_different_number_of_examples_than_X(net, data, caller):
    with pytest.raises(ValueError, match=r"\bY\b.*\(2, 4\).*expected.*\(2, 5\)"):
        _y_callers(net, data[0])[caller](np.zeros((N_OUT, M - 1)))


@pytest.mark.parametrize("caller", Y_CALLERS)
def test_Y_transposed(net, data, caller):
    with pytest.raises(ValueError, match=r"\bY\b.*\(5, 2\).*expected.*\(2, 5\)") as info:
        _y_callers(net, data[0])[caller](data[1].T)
    assert "Y.T" in str(info.value)


def test_Y_one_dimensional_suggests_reshape():
    net = Network([N_IN, 1])
    X = np.zeros((N_IN, M))
    with pytest.raises(ValueError, match=r"\bY\b.*\(5,\).*Y\.reshape\(-1, 1\)"):
        net.cost(X, np.zeros(M))


@pytest.mark.parametrize("caller", Y_CALLERS)
@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_Y_not_finite(net, data, caller, value):
    Y = data[1].copy()
    Y[0, 3] = value
    with pytest.raises(ValueError, match=r"\bY\b.*finite.*Y\[0, 3\]"):
        _y_callers(net, data[0])[caller](Y)


def test_valid_inputs_are_accepted(net, data):
    """The checks must not reject good input: lists, ints, numpy scalar hyper-parameters."""
    X, Y = data
    net.cost(X.tolist(), Y.tolist())
    net.forward(np.ones((N_IN, 1), dtype=int))
    h = sgd(net, X, Y, epochs=np.int64(2), batch_size=np.int64(2), lr=np.float64(0.1), seed=1)
    assert len(h.cost) == 3
    assert gradient_check(net, X, Y, eps=np.float64(1e-5)) < 1e-5
    Network(np.array([2, 3, 1]), l2=np.float64(0.5))
    circles(n=np.int64(10), noise=np.float64(0.1))


# --- Network constructor -------------------------------------------------------------------
def test_unknown_activation_lists_valid_names():
    for kwargs, arg in ((dict(hidden="sigmoidd"), "sigmoidd"), (dict(output="softmax"), "softmax")):
        with pytest.raises(ValueError, match=rf"(?i)activation.*{arg}") as info:
            Network([2, 3, 1], **kwargs)
        for name in ACTIVATIONS:
            assert name in str(info.value)


def test_unknown_cost_lists_valid_names():
    with pytest.raises(ValueError, match=r"(?i)cost.*'mse'") as info:
        Network([2, 1], cost="mse")
    assert set(COSTS) == {"quadratic", "cross_entropy"}
    for name in COSTS:
        assert name in str(info.value)


@pytest.mark.parametrize("output", sorted(set(ACTIVATIONS) - {"sigmoid"}))
def test_cross_entropy_needs_sigmoid_output(output):
    with pytest.raises(ValueError, match=r"cross_entropy.*output='sigmoid'") as info:
        Network([2, 1], output=output, cost="cross_entropy")
    assert output in str(info.value)


@pytest.mark.parametrize("sizes", [[], [3], (5,)])
def test_fewer_than_two_layers(sizes):
    with pytest.raises(ValueError, match=r"(?i)at least two layers.*sizes"):
        Network(sizes)


def test_sizes_not_a_list():
    with pytest.raises(ValueError, match=r"sizes.*list"):
        Network(5)


@pytest.mark.parametrize(
    "sizes, index",
    [([2, 0, 1], 1), ([2, -3, 1], 1), ([0, 1], 0), ([2, 1.5, 1], 1), ([2, 3, "1"], 2), ([2, None], 1), ([2, 3, -1], 2)],
)
def test_non_positive_or_non_integer_sizes(sizes, index):
    with pytest.raises(ValueError, match=rf"positive integers.*sizes\[{index}\]"):
        Network(sizes)


@pytest.mark.parametrize("l2", [-0.1, -1, float("nan"), float("inf"), "0.1"])
def test_bad_l2(l2):
    with pytest.raises(ValueError, match=r"\bl2\b.*(>= 0|finite)"):
        Network([2, 1], l2=l2)


# --- sgd hyper-parameters -------------------------------------------------------------------
@pytest.mark.parametrize("lr", [0, -0.5, float("nan"), float("inf"), "0.1", None])
def test_sgd_bad_lr(net, data, lr):
    with pytest.raises(ValueError, match=r"\blr\b.*(> 0|finite)"):
        sgd(net, *data, epochs=1, batch_size=2, lr=lr)


@pytest.mark.parametrize("epochs", [0, -1, 1.5, "3", None])
def test_sgd_bad_epochs(net, data, epochs):
    with pytest.raises(ValueError, match=r"\bepochs\b.*(> 0|integer)"):
        sgd(net, *data, epochs=epochs, batch_size=2, lr=0.1)


@pytest.mark.parametrize("batch_size", [0, -2, 2.5, "2"])
def test_sgd_bad_batch_size(net, data, batch_size):
    with pytest.raises(ValueError, match=r"\bbatch_size\b.*(> 0|integer)"):
        sgd(net, *data, epochs=1, batch_size=batch_size, lr=0.1)


def test_sgd_bad_input_leaves_net_untouched(net, data):
    before = [W.copy() for W in net.W]
    with pytest.raises(ValueError):
        sgd(net, *data, epochs=1, batch_size=0, lr=0.1)
    for W, W0 in zip(net.W, before):
        np.testing.assert_array_equal(W, W0)


# --- gradient_check ----------------------------------------------------------------------------
@pytest.mark.parametrize("eps", [0, -1e-5, 1.0, 5, float("nan"), "1e-5", None])
def test_gradient_check_bad_eps(net, data, eps):
    with pytest.raises(ValueError, match=r"\beps\b.*small positive"):
        gradient_check(net, *data, eps=eps)


# --- datasets -----------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [0, -4, 1, 2.5, "10"])
def test_circles_bad_n(n):
    with pytest.raises(ValueError, match=r"\bn\b.*(> 0|integer|at least 2)"):
        circles(n=n)


@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf"), "0.1"])
def test_circles_bad_noise(noise):
    with pytest.raises(ValueError, match=r"\bnoise\b.*(>= 0|finite)"):
        circles(n=10, noise=noise)


# --- divergence --------------------------------------------------------------------------------
@pytest.mark.parametrize("hidden, output", [("identity", "identity"), ("relu", "identity"), ("tanh", "identity")])
def test_sgd_divergence_names_epoch_and_step(hidden, output):
    X, Y = circles(200, 0.1, seed=0)
    net = Network([2, 8, 1], hidden=hidden, output=output, seed=0)
    epochs, batch_size = 50, 10
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning (overflow, invalid) may leak
        with pytest.raises(TrainingDiverged, match=r"(?i)smaller learning rate") as info:
            sgd(net, X, Y, epochs=epochs, batch_size=batch_size, lr=1e6)
    msg = str(info.value)
    epoch = re.search(r"epoch (\d+)", msg)
    step = re.search(r"step (\d+)", msg)
    assert epoch and step, msg
    assert 1 <= int(epoch.group(1)) <= epochs
    assert 1 <= int(step.group(1)) <= math.ceil(200 / batch_size)
    assert isinstance(info.value, RuntimeError)


def test_sgd_divergence_full_batch_is_reported_too():
    X, Y = circles(100, 0.1, seed=1)
    net = Network([2, 5, 1], hidden="identity", output="identity", seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TrainingDiverged, match=r"epoch \d+.*step \d+.*(?i:smaller learning rate)"):
            sgd(net, X, Y, epochs=500, batch_size=None, lr=1e6)


def test_training_diverged_is_exported():
    assert nnlib.TrainingDiverged is TrainingDiverged


def test_sgd_rejects_a_cost_that_is_infinite_before_training():
    import warnings
    net = nnlib.Network([1, 1], output="identity")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="before training starts"):
            nnlib.sgd(net, np.array([[1e200]]), np.array([[0.0]]), epochs=1, batch_size=1, lr=0.1)


def test_gradient_check_accepts_numpy_float_eps():
    net = nnlib.Network([2, 2, 1], seed=3)
    X, Y = np.ones((2, 3)), np.zeros((1, 3))
    assert nnlib.gradient_check(net, X, Y, eps=np.float32(1e-4)) < 1e-3


def test_assigning_a_whole_weight_list_copies_into_theta():
    """net.W = [W1, W2] must not detach the network from theta (which sgd trains)."""
    from nnlib import Network, sgd
    net = Network([2, 3, 1], seed=0)
    W1, W2 = np.full((3, 2), 0.5), np.full((1, 3), -0.25)
    net.W = [W1, W2]
    net.b = [np.ones((3, 1)), np.zeros((1, 1))]
    assert np.array_equal(net.W[1], W1) and np.array_equal(net.b[1], np.ones((3, 1)))
    assert np.shares_memory(net.W[2], net.theta)
    W1[...] = 9.0  # the caller's arrays were copied, not kept
    assert net.W[1][0, 0] == 0.5
    X, Y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[1.0, 0.0]])
    before = net.forward(X).copy()
    sgd(net, X, Y, epochs=5, batch_size=None, lr=1.0)
    assert not np.allclose(net.forward(X), before), "training must change what the network predicts"


def test_assigning_a_weight_list_of_the_wrong_shape_names_the_layer():
    from nnlib import Network
    net = Network([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=r"net.W\[2\] needs an array of shape \(1, 3\); got shape \(3, 1\)"):
        net.W = [np.zeros((3, 2)), np.zeros((3, 1))]
    with pytest.raises(ValueError, match="net.b needs 2 arrays, one per layer; got 1"):
        net.b = [np.zeros((3, 1))]
    assert np.all(net.b[1] == 0) and net.W[2].shape == (1, 3)  # nothing half-assigned
