"""Training that breaks without a NaN tells the student why (nnlib.training_health, via sgd).

The blocked-layer verdicts are checked against slopes computed here by hand from z = W a + b."""
import warnings

import numpy as np
import pytest

from nnlib import Network, TrainingWarning, circles, sgd
from nnlib.training_health import blocked_layers, training_problems


@pytest.fixture(scope="module")
def data():
    X, Y, *_ = circles(200, seed=0)
    return X, Y


def test_absurd_learning_rate_on_relu_warns_and_names_lr(data):
    X, Y = data
    net = Network([2, 8, 1], hidden="relu", seed=0)
    with pytest.warns(TrainingWarning, match=r"lr=1e\+08") as caught:
        history = sgd(net, X, Y, epochs=5, batch_size=10, lr=1e8)
    message = str(caught[0].message)
    assert "smaller" in message and history.problems
    # the verdict is true: by hand, the slope is ~0 for every unit of the blocked layer
    a = X
    slopes = []
    for W, b, g in zip(net.W, net.b, net.activations):
        z = W @ a + b
        a = g.g(z)
        slopes.append(g.prime(z))
    flat = [l for l, s in enumerate(slopes, 1) if np.mean(np.abs(s) >= 1e-6) < 0.01]
    assert flat and all(f"layer {l}" in message or (l == net.n_layers and "output layer" in message) for l in flat)


def test_every_relu_dead_is_named_by_layer(data):
    X, Y = data
    net = Network([2, 4, 3, 1], hidden="relu", seed=0)
    net.b[2][...] = -100.0  # z^[2] = W a^[1] - 100 < 0 for every example: hidden layer 2 is dead
    assert blocked_layers(net, X) == [(2, "dead")]
    problems = training_problems(net, X, [0.25, 0.25], lr=0.5)
    assert "every unit of hidden layer 2 is dead" in problems[0]
    assert "layers 1 to 2 no longer learn" in problems[0] and "lr=0.5" in problems[-1]


def test_a_layer_open_on_a_few_examples_is_still_blocked(data):
    X, _ = data
    net = Network([2, 4, 1], hidden="relu", seed=0)
    net.W[1][...] = 0.0
    net.W[1][0, 0] = 1.0
    net.b[1][...] = -1.0
    net.b[1][0] = -X[0].max() + 1e-9  # unit 1 is open (z > 0) only on the example with the largest x_1
    assert np.sum(net.forward_trace(X).a[1] > 0) == 1
    assert blocked_layers(net, X) == [(1, "dead")]


def test_saturated_sigmoid_layer(data):
    X, _ = data
    net = Network([2, 3, 1], seed=0)
    net.W[1][...] = 0.0
    net.b[1][...] = 60.0  # sigma(60) = 1 to the last bit: slope a (1 - a) = 0
    assert blocked_layers(net, X) == [(1, "saturated")]
    net.b[1][...] = 5.0  # slope about 0.0066: slow, but not blocked
    assert blocked_layers(net, X) == []


def test_cross_entropy_output_is_never_blocked(data):
    X, _ = data
    net = Network([2, 3, 1], cost="cross_entropy", seed=0)
    net.b[2][...] = 60.0  # saturated output, but delta^[L] = a - y has no g'(z^[L])
    assert blocked_layers(net, X) == []


def test_cost_that_rose_far_above_its_start():
    net = Network([2, 2, 1], seed=0)
    X = np.zeros((2, 3))
    assert "rose from 0.2 to 0.4" in training_problems(net, X, [0.2, 0.1, 0.4], lr=3.0)[0]
    assert training_problems(net, X, [0.2, 0.3, 0.29], lr=3.0) == []  # 1.45 times the start: no verdict


def test_healthy_training_is_silent(data):
    X, Y = data
    net = Network([2, 8, 1], hidden="relu", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrainingWarning)
        history = sgd(net, X, Y, epochs=20, batch_size=10, lr=0.5)
    assert history.problems == [] and history.cost[-1] < history.cost[0]
