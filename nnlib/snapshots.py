"""Training with a record: the parameters every few epochs, the cost and accuracy every epoch.

train_with_snapshots wraps sgd (eq. (update)) and keeps, after every epoch, the training and
test cost and accuracy, and, every `every` epochs, a copy of theta, the vector of all the
network's parameters. From a snapshot, network_at(k) rebuilds the network as it was then, so a
figure can redraw the decision boundary of any moment of training, and a test can check it.
"""
from dataclasses import dataclass, field

import numpy as np

from .metrics import accuracy
from .train import History, sgd
from .validation import check_positive


def output_accuracy(A, Y):
    """Fraction of the m examples (columns) classified correctly, from outputs A and targets Y, (n_L, m).

    One output unit: the predicted class is 1 when a > 0.5 (as Network.predict), compared with the
    label y in {0, 1}. Several output units: the predicted class is the row of the largest output,
    compared with the row of the largest target (Y one-hot). Counting is metrics.accuracy's.
    """
    A, Y = np.asarray(A, dtype=float), np.asarray(Y, dtype=float)
    if A.ndim != 2 or A.shape != Y.shape:
        raise ValueError(f"A and Y must both have shape (n_L, m); got {A.shape} and {Y.shape}")
    if A.shape[0] == 1:
        return accuracy((Y[0] > 0.5).astype(int), (A[0] > 0.5).astype(int))
    return accuracy(np.argmax(Y, axis=0), np.argmax(A, axis=0))


def network_accuracy(net, X, Y):
    """output_accuracy(net.forward(X), Y): the fraction of the columns of X that net classifies correctly."""
    return output_accuracy(net.forward(X), Y)


def plane_grid(lim=1.5, n=40):
    """A square grid over [-lim, lim]^2: (xs, ys, P) with P of shape (2, n*n), row i of the
    picture (y = ys[i]) first, so values.reshape(n, n)[i, j] belongs to the point (xs[j], ys[i])."""
    check_positive("n", n, integer=True)
    xs = np.linspace(-lim, lim, n)
    ys = np.linspace(-lim, lim, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.vstack([gx.ravel(), gy.ravel()])


def probability_grid(net, xs, ys):
    """The output a^[L]_1 of a one-output network at every grid point, shape (len(ys), len(xs))."""
    gx, gy = np.meshgrid(xs, ys)
    return net.forward(np.vstack([gx.ravel(), gy.ravel()]))[0].reshape(len(ys), len(xs))


@dataclass
class TrainingRecord:
    """What train_with_snapshots kept.

    train_cost[e], train_accuracy[e], test_cost[e], test_accuracy[e]: after epoch e (e = 0: before
    training); the test lists are empty without test data. snapshot_epochs[k] is the epoch after
    which params[k] (a copy of theta) was taken; epoch 0 and the last epoch are always included.
    """

    net: object  # the trained network (its parameters are those of the last epoch)
    snapshot_epochs: list = field(default_factory=list)
    params: list = field(default_factory=list)
    train_cost: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_cost: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    history: History = None

    @property
    def epochs(self):
        return len(self.train_cost) - 1

    def network_at(self, k):
        """A copy of the network with the parameters of snapshot k (taken after epoch snapshot_epochs[k])."""
        twin = self.net.copy()
        twin.set_params(self.params[k])
        return twin

    def snapshot_index(self, epoch):
        """The index k of the snapshot taken after the given epoch (ValueError if there is none)."""
        try:
            return self.snapshot_epochs.index(int(epoch))
        except ValueError:
            raise ValueError(f"no snapshot after epoch {epoch}; snapshots: {self.snapshot_epochs}") from None


def train_with_snapshots(net, X, Y, epochs, batch_size, lr, seed=0, every=1, X_test=None, Y_test=None,
                         callback=None):
    """Train net in place with sgd(net, X, Y, epochs, batch_size, lr, seed) and return a TrainingRecord.

    After every epoch the record gets the training (and, with X_test, Y_test, the test) cost and
    accuracy; every `every` epochs, and after the last, a copy of the parameters.
    callback(epoch, net, record), if given, runs after each epoch's record (epoch 0 included),
    e.g. to redraw a live figure.
    """
    check_positive("every", every, integer=True)
    X, Y = net.check_XY(X, Y)
    has_test = X_test is not None
    if has_test:
        X_test, Y_test = net.check_XY(X_test, Y_test)
    record = TrainingRecord(net=net)

    def keep(epoch, cost):
        A = net.forward(X)
        record.train_cost.append(float(cost))
        record.train_accuracy.append(output_accuracy(A, Y))
        if has_test:
            record.test_cost.append(float(net.cost(X_test, Y_test)))
            record.test_accuracy.append(network_accuracy(net, X_test, Y_test))
        if epoch % every == 0 or epoch == epochs:
            record.snapshot_epochs.append(epoch)
            record.params.append(net.get_params())
        if callback is not None:
            callback(epoch, net, record)

    keep(0, net.cost(X, Y))
    record.history = sgd(net, X, Y, epochs, batch_size, lr, seed=seed,
                         callback=lambda epoch, _net, history: keep(epoch, history.cost[-1]))
    return record
