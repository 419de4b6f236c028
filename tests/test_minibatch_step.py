"""nnlib.minibatch_step, the fused step sgd takes: against centred differences and the blocks."""
import itertools

import numpy as np
import pytest

from nnlib import Network, sgd
from nnlib.minibatch_step import MinibatchStep, with_bias_row
from nnlib.train import shuffled_batches

NETWORKS = [  # (sizes, hidden, output, cost): one, two and three weight layers
    ([3, 2], "sigmoid", "sigmoid", "cross_entropy"),
    ([3, 2], "tanh", "identity", "quadratic"),
    *[([3, 5, 4, 2], hidden, "sigmoid", cost)
      for hidden, cost in itertools.product(["sigmoid", "tanh", "relu", "leaky_relu", "identity"],
                                            ["quadratic", "cross_entropy"])],
    ([3, 4, 2], "relu", "tanh", "quadratic"),
    ([3, 1, 2], "sigmoid", "sigmoid", "quadratic"),  # one-unit hidden layers: (1, m) buffers
    ([3, 1, 1, 2], "tanh", "sigmoid", "cross_entropy"),
]


def _batch(m, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(3, m)), rng.uniform(0.05, 0.95, (2, m))


def _centred_gradient(net, X, Y, h=1e-6):
    """dC/dtheta by centred differences of net.cost, one coordinate of theta at a time."""
    theta = net.get_params()
    grad = np.empty_like(theta)
    for k in range(theta.size):
        costs = []
        for nudge in (h, -h):
            nudged = theta.copy()
            nudged[k] += nudge
            net.set_params(nudged)
            costs.append(net.cost(X, Y))
        grad[k] = (costs[0] - costs[1]) / (2 * h)
    net.set_params(theta)
    return grad


@pytest.mark.parametrize("l2", [0.0, 0.4])
@pytest.mark.parametrize("sizes, hidden, output, cost", NETWORKS)
def test_one_step_moves_theta_by_lr_times_the_gradient(sizes, hidden, output, cost, l2):
    X, Y = _batch(6)
    net = Network(sizes, hidden=hidden, output=output, cost=cost, seed=2, l2=l2)
    before, lr = net.get_params(), 0.3
    fd = _centred_gradient(net, X, Y)
    step = MinibatchStep(net, 6, lr)
    assert step.cost(with_bias_row(X), Y) == pytest.approx(net.cost(X, Y), rel=1e-12)
    step.step()
    moved = (before - net.get_params()) / lr
    assert moved == pytest.approx(fd, rel=1e-5, abs=1e-8)
    # and the blocks (Network.gradients) give the same numbers to round-off
    twin = net.copy()
    twin.set_params(before)
    dW, db = twin.gradients(X, Y)
    blocks = np.concatenate([np.hstack([gW, gb]).ravel() for gW, gb in zip(dW, db)])
    assert moved == pytest.approx(blocks, rel=1e-9, abs=1e-13)


def test_the_step_reads_the_current_parameters():
    """The step's [W | b] are views of theta: a change made between steps is seen by the next one."""
    X, Y = _batch(4)
    net = Network([3, 4, 2], seed=1)
    step = MinibatchStep(net, 4, 0.1)
    net.W[1] = np.zeros((4, 3))
    net.b[2] = np.ones((2, 1))
    assert step.cost(with_bias_row(X), Y) == pytest.approx(net.cost(X, Y), rel=1e-12)


@pytest.mark.parametrize("order", ["C", "F"])
def test_with_bias_row_appends_ones_and_keeps_the_memory_order(order):
    X = np.asarray(np.arange(6.0).reshape(2, 3), order=order)
    X1 = with_bias_row(X)
    assert np.array_equal(X1, [[0, 1, 2], [3, 4, 5], [1, 1, 1]])
    assert X1.flags.f_contiguous == (order == "F")


@pytest.mark.parametrize("m, batch_size", [(10, 3), (9, 3), (5, 8), (4, 1)])
def test_shuffled_batches_take_every_example_once_in_the_given_order(m, batch_size):
    X = np.arange(2.0 * m).reshape(2, m)  # column k is (k, m + k)
    Y = -X[:1]
    order = np.random.default_rng(5).permutation(m)
    batches = shuffled_batches(with_bias_row(X).T.copy(), Y.T.copy(), order, batch_size)
    assert [X1b.shape[1] for X1b, _ in batches] == [min(batch_size, m - s) for s in range(0, m, batch_size)]
    columns = np.concatenate([X1b for X1b, _ in batches], axis=1)
    assert np.array_equal(columns, with_bias_row(X[:, order]))
    targets = np.concatenate([Yb for _, Yb in batches], axis=1)
    assert np.array_equal(targets, Y[:, order])
    assert all(Yb.flags.c_contiguous for _, Yb in batches)


def test_record_params_keeps_theta_before_each_step():
    X, Y = _batch(7)
    net = Network([3, 4, 2], seed=0)
    twin = net.copy()
    lr, seed = 0.5, 4
    h = sgd(net, X, Y, epochs=2, batch_size=3, lr=lr, seed=seed, record_params=True)
    assert len(h.step_params) == 6  # 2 epochs of 3 batches (3 + 3 + 1 columns)
    rng, k = np.random.default_rng(seed), 0
    for _ in range(2):  # replay: the same batches, one manual step each with the blocks' gradients
        order = rng.permutation(7)
        for start in range(0, 7, 3):
            np.testing.assert_allclose(h.step_params[k], twin.get_params(), rtol=1e-12, atol=1e-14)
            batch = order[start:start + 3]
            dW, db = twin.gradients(X[:, batch], Y[:, batch])
            twin.set_params(twin.get_params() - lr * np.concatenate(
                [np.hstack([gW, gb]).ravel() for gW, gb in zip(dW, db)]))
            k += 1
    np.testing.assert_allclose(net.get_params(), twin.get_params(), rtol=1e-12, atol=1e-14)
    assert sgd(net, X, Y, epochs=1, batch_size=3, lr=lr).step_params == []


@pytest.mark.parametrize("sizes, batch_size", [([1, 1, 1], 3), ([2, 1, 1], None), ([1, 1, 1, 1], 1), ([1, 3], 4)])
def test_sgd_runs_with_one_unit_layers_and_one_input(sizes, batch_size):
    """Layers of one unit make (1, m) arrays, which numpy counts as C- and Fortran-ordered at once."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(sizes[0], 7)), rng.uniform(0.1, 0.9, (sizes[-1], 7))
    net = Network(sizes, seed=1)
    twin = net.copy()
    h = sgd(net, X, Y, epochs=2, batch_size=batch_size, lr=0.5, seed=3, record_params=True)
    rng = np.random.default_rng(3)
    for _ in range(2):  # the same steps by hand, with the blocks' gradients
        order = rng.permutation(7)
        for start in range(0, 7, batch_size or 7):
            batch = order[start:start + (batch_size or 7)]
            dW, db = twin.gradients(X[:, batch], Y[:, batch])
            twin.set_params(twin.get_params() - 0.5 * np.concatenate(
                [np.hstack([gW, gb]).ravel() for gW, gb in zip(dW, db)]))
    np.testing.assert_allclose(net.get_params(), twin.get_params(), rtol=1e-12, atol=1e-14)
    assert h.cost[-1] == pytest.approx(twin.cost(X, Y), rel=1e-12)
