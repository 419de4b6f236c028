"""sgd, determinism by seed, and the two datasets."""
import math

import numpy as np
import pytest

from nnlib import Network, circles, digits, sgd


def _problem(m=23, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3, m))
    Y = rng.uniform(0, 1, (2, m))
    return X, Y


def _params(net):
    return [p.copy() for p in [*net.W, *net.b]]


def _assert_params_equal(a, b):
    assert len(a) == len(b)
    for p, q in zip(a, b):
        np.testing.assert_array_equal(p, q)


# --- determinism ----------------------------------------------------------------------------
@pytest.mark.parametrize("hidden", ["sigmoid", "relu"])
def test_same_seed_same_initial_weights(hidden):
    a = Network([4, 6, 3], hidden=hidden, seed=5)
    b = Network([4, 6, 3], hidden=hidden, seed=5)
    _assert_params_equal(_params(a), _params(b))


def test_different_seed_different_initial_weights():
    a = Network([4, 6, 3], seed=5)
    b = Network([4, 6, 3], seed=6)
    for Wa, Wb in zip(a.W, b.W):
        assert not np.array_equal(Wa, Wb)


def test_sgd_same_seed_same_history_and_weights():
    X, Y = _problem()
    runs = []
    for _ in range(2):
        net = Network([3, 5, 2], hidden="tanh", seed=1)
        h = sgd(net, X, Y, epochs=4, batch_size=5, lr=0.5, seed=9, record_steps=True)
        runs.append((h, _params(net)))
    (h1, p1), (h2, p2) = runs
    assert h1.cost == h2.cost
    assert h1.step_cost == h2.step_cost
    _assert_params_equal(p1, p2)


def test_sgd_different_seed_different_result():
    X, Y = _problem()
    results = []
    for seed in (9, 10):
        net = Network([3, 5, 2], hidden="tanh", seed=1)
        h = sgd(net, X, Y, epochs=2, batch_size=5, lr=0.5, seed=seed)
        results.append((h, _params(net)))
    (h1, p1), (h2, p2) = results
    assert h1.cost[0] == h2.cost[0]  # same start
    assert h1.cost[1:] != h2.cost[1:]
    assert not np.array_equal(p1[0], p2[0])


# --- sgd learns -----------------------------------------------------------------------------
@pytest.mark.parametrize("hidden", ["tanh", "sigmoid"])
def test_sgd_lowers_cost_on_circles(hidden):
    X, Y = circles(200, 0.1, seed=0)
    net = Network([2, 8, 1], hidden=hidden, output="sigmoid", cost="cross_entropy", seed=0)
    acc_before = np.mean(net.predict(X) == Y[0])
    start = net.cost(X, Y)
    h = sgd(net, X, Y, epochs=150, batch_size=20, lr=2.0, seed=0)
    assert len(h.cost) == 151 and h.epochs == 150
    assert h.cost[0] == pytest.approx(start, rel=1e-14)
    assert h.cost[-1] < 0.5 * h.cost[0]
    assert h.cost[-1] == pytest.approx(net.cost(X, Y), rel=1e-12)  # last entry is the final net's cost
    acc = np.mean(net.predict(X) == Y[0])
    assert acc > 0.9 and acc > acc_before
    # it generalises to fresh points from the same distribution
    Xt, Yt = circles(200, 0.1, seed=1)
    assert np.mean(net.predict(Xt) == Yt[0]) > 0.85


def test_sgd_history_cost_is_full_cost_after_each_epoch():
    X, Y = _problem()
    net = Network([3, 4, 2], hidden="tanh", seed=2, l2=0.1)
    twin = Network([3, 4, 2], hidden="tanh", seed=2, l2=0.1)
    start = twin.cost(X, Y)
    seen = []
    h = sgd(net, X, Y, epochs=3, batch_size=6, lr=0.3, seed=4,
            callback=lambda e, n, hist: seen.append(n.cost(X, Y)))
    assert h.cost[0] == pytest.approx(start, rel=1e-14)
    np.testing.assert_allclose(h.cost[1:], seen, rtol=1e-13)


# --- sgd is the update rule it claims, checked step by step ----------------------------------
def _manual_step(net, X, Y, lr):
    dW, db = net.gradients(X, Y)
    for W, b, gW, gb in zip(net.W, net.b, dW, db):
        W -= lr * gW
        b -= lr * gb


@pytest.mark.parametrize("cost, output", [("quadratic", "sigmoid"), ("cross_entropy", "sigmoid"), ("quadratic", "identity")])
def test_batch_size_none_is_full_batch_gradient_descent(cost, output):
    X, Y = _problem()
    net = Network([3, 4, 2], hidden="tanh", output=output, cost=cost, seed=3, l2=0.2)
    twin = Network([3, 4, 2], hidden="tanh", output=output, cost=cost, seed=3, l2=0.2)
    lr = 0.4
    h = sgd(net, X, Y, epochs=2, batch_size=None, lr=lr, seed=0, record_steps=True)
    for _ in range(2):
        _manual_step(twin, X, Y, lr)
    for p, q in zip(_params(net), _params(twin)):
        # only the summation order differs (columns are shuffled): equal to round-off
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-14)
    assert len(h.step_cost) == 2  # one step per epoch


@pytest.mark.parametrize("batch_size", [1, 5, 7, 23, 40])
def test_minibatch_epochs_equal_manual_steps_over_same_permutations(batch_size):
    X, Y = _problem(m=23)
    m = X.shape[1]
    net = Network([3, 4, 2], hidden="sigmoid", seed=3, l2=0.05)
    twin = Network([3, 4, 2], hidden="sigmoid", seed=3, l2=0.05)
    lr, seed, epochs = 0.7, 12, 2
    h = sgd(net, X, Y, epochs=epochs, batch_size=batch_size, lr=lr, seed=seed, record_steps=True)

    rng = np.random.default_rng(seed)
    step_costs = []
    for _ in range(epochs):
        order = rng.permutation(m)  # a fresh shuffle every epoch
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            step_costs.append(twin.cost(X[:, batch], Y[:, batch]))
            _manual_step(twin, X[:, batch], Y[:, batch], lr)
    for p, q in zip(_params(net), _params(twin)):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(h.step_cost, step_costs, rtol=1e-12)


def test_each_epoch_reshuffles():
    """Two epochs over one fixed order would not match the manual run above; check directly too."""
    X, Y = _problem(m=12)
    net = Network([3, 4, 2], seed=0)
    same_order = Network([3, 4, 2], seed=0)
    sgd(net, X, Y, epochs=2, batch_size=4, lr=0.5, seed=3)
    order = np.random.default_rng(3).permutation(12)
    for _ in range(2):
        for start in range(0, 12, 4):
            batch = order[start:start + 4]
            _manual_step(same_order, X[:, batch], Y[:, batch], 0.5)
    assert not np.allclose(net.W[1], same_order.W[1], rtol=1e-9, atol=0)


@pytest.mark.parametrize("m, batch_size, epochs", [(50, 16, 3), (10, 10, 2), (7, 1, 2), (9, 100, 3)])
def test_record_steps_one_cost_per_step(m, batch_size, epochs):
    X, Y = _problem(m=m)
    net = Network([3, 4, 2], seed=0)
    h = sgd(net, X, Y, epochs=epochs, batch_size=batch_size, lr=0.1, record_steps=True)
    assert len(h.step_cost) == epochs * math.ceil(m / batch_size)
    assert all(math.isfinite(c) for c in h.step_cost)
    assert len(h.cost) == epochs + 1


def test_no_step_costs_unless_requested():
    X, Y = _problem()
    h = sgd(Network([3, 4, 2], seed=0), X, Y, epochs=2, batch_size=5, lr=0.1)
    assert h.step_cost == []
    assert len(h.cost) == 3


def test_callback_called_once_per_epoch():
    X, Y = _problem()
    net = Network([3, 4, 2], seed=0)
    calls = []

    def callback(epoch, n, history):
        calls.append((epoch, n, len(history.cost), _params(n)[0]))

    h = sgd(net, X, Y, epochs=5, batch_size=6, lr=0.2, callback=callback)
    assert [c[0] for c in calls] == [1, 2, 3, 4, 5]
    assert all(c[1] is net for c in calls)
    # the callback sees the history including the epoch just finished
    assert [c[2] for c in calls] == [2, 3, 4, 5, 6]
    assert len(h.cost) == 6
    # and the net after that epoch (weights change from call to call)
    assert not np.array_equal(calls[0][3], calls[1][3])


def test_sgd_does_not_modify_inputs():
    X, Y = _problem()
    X0, Y0 = X.copy(), Y.copy()
    sgd(Network([3, 4, 2], seed=0), X, Y, epochs=2, batch_size=5, lr=0.1)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)


# --- datasets --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dig():
    return digits()


def test_digits_shapes_and_ranges(dig):
    m_train, m_test = dig.X_train.shape[1], dig.X_test.shape[1]
    assert m_train + m_test == 1797
    assert m_train > m_test > 0
    assert dig.X_train.shape == (64, m_train) and dig.X_test.shape == (64, m_test)
    assert dig.Y_train.shape == (10, m_train) and dig.Y_test.shape == (10, m_test)
    assert dig.labels_train.shape == (m_train,) and dig.labels_test.shape == (m_test,)
    for X in (dig.X_train, dig.X_test):
        assert X.dtype == np.float64
        assert X.min() >= 0.0 and X.max() <= 1.0
    assert max(dig.X_train.max(), dig.X_test.max()) == 1.0  # scaled by 16, not left in [0, 16]
    for Y, labels in ((dig.Y_train, dig.labels_train), (dig.Y_test, dig.labels_test)):
        assert set(np.unique(Y)) == {0.0, 1.0}
        np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
        np.testing.assert_array_equal(np.argmax(Y, axis=0), labels)
    assert set(np.unique(dig.labels_train)) == set(range(10))


def test_digits_fixed_split(dig):
    again = digits()
    for a, b in zip(dig, again):
        np.testing.assert_array_equal(a, b)


def test_digits_are_sklearns_digits_with_matching_labels(dig):
    from sklearn.datasets import load_digits

    data = load_digits()
    ours = np.hstack([dig.X_train, dig.X_test]).T * 16.0
    ours = np.column_stack([ours, np.r_[dig.labels_train, dig.labels_test]])
    theirs = np.column_stack([data.data, data.target])
    # same multiset of (image, label) rows
    key = lambda A: A[np.lexsort(A.T[::-1])]
    np.testing.assert_allclose(key(ours), key(theirs), rtol=0, atol=1e-12)


def test_circles_shapes_labels_balanced():
    for n in (10, 11, 400):
        X, Y = circles(n, 0.1, seed=2)
        assert X.shape == (2, n) and Y.shape == (1, n)
        assert set(np.unique(Y)) <= {0.0, 1.0}
        n1 = int(Y.sum())
        assert abs((n - n1) - n1) <= 1


def test_circles_radii_without_noise():
    X, Y = circles(300, 0.0, seed=3)
    r = np.hypot(X[0], X[1])
    radii = sorted({round(float(v), 12) for v in r})
    assert radii == [0.5, 1.0]
    # each class lies on one circle
    for label in (0.0, 1.0):
        assert np.ptp(r[Y[0] == label]) < 1e-12
    np.testing.assert_allclose(sorted({float(r[Y[0] == 0][0]), float(r[Y[0] == 1][0])}), [0.5, 1.0])
    # points spread all around the circle, not clustered
    angles = np.arctan2(X[1], X[0])
    assert np.histogram(angles, bins=4, range=(-np.pi, np.pi))[0].min() > 30


def test_circles_noise_and_seed():
    X1, Y1 = circles(200, 0.1, seed=0)
    X2, Y2 = circles(200, 0.1, seed=0)
    X3, _ = circles(200, 0.1, seed=1)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert not np.array_equal(X1, X3)
    r = np.hypot(X1[0], X1[1])
    outer, inner = r[Y1[0] == 0], r[Y1[0] == 1]
    if outer.mean() < inner.mean():
        outer, inner = inner, outer
    assert abs(outer.mean() - 1.0) < 0.05 and abs(inner.mean() - 0.5) < 0.05
    assert outer.std() > 0.01 and inner.std() > 0.01  # noise actually added
