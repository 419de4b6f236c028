"""Stochastic gradient descent with mini-batches (book: eq. (update))."""
import math
from dataclasses import dataclass, field

import numpy as np

from .validation import check_positive


class TrainingDiverged(RuntimeError):
    """The cost became NaN or infinite during training."""


@dataclass
class History:
    """What sgd recorded.

    cost[0] is the training cost before the first step, cost[e] the cost after epoch e.
    step_cost[k] is the mini-batch cost just before step k (only with record_steps=True).
    """

    cost: list = field(default_factory=list)
    step_cost: list = field(default_factory=list)

    @property
    def epochs(self):
        return len(self.cost) - 1


def _diverged(where, lr):
    return TrainingDiverged(
        f"the cost became NaN or infinite at {where}; the steps overshoot. "
        f"Try a smaller learning rate than lr={lr}."
    )


def sgd(net, X, Y, epochs, batch_size, lr, seed=0, callback=None, record_steps=False):
    """Train net in place by mini-batch stochastic gradient descent; return a History.

    Each epoch shuffles the m columns of X, Y, splits them into mini-batches of
    batch_size (batch_size=None: one batch of all m, i.e. full-batch gradient descent)
    and, for each batch, steps W := W - lr dW, b := b - lr db (eq. (update)).
    callback(epoch, net, history) is called after every epoch.
    """
    X, Y = net.check_XY(X, Y)
    check_positive("epochs", epochs, integer=True)
    check_positive("lr", lr)
    m = X.shape[1]
    if batch_size is None:
        batch_size = m
    check_positive("batch_size", batch_size, integer=True)
    rng = np.random.default_rng(seed)
    buffers, workspaces = net.gradient_buffers(), {}
    with np.errstate(over="ignore", invalid="ignore"):
        history = History(cost=[net._cost_from_trace(net._forward_trace(X), Y)])
        if not math.isfinite(history.cost[0]):
            raise ValueError(
                "the cost is already NaN or infinite before training starts: the inputs or the "
                "initial weights are too large (scale X to values around 1)"
            )
        for epoch in range(1, epochs + 1):
            order = rng.permutation(m)
            X_shuffled, Y_shuffled = X[:, order], Y[:, order]
            for step, start in enumerate(range(0, m, batch_size), 1):
                Xb = X_shuffled[:, start : start + batch_size]
                Yb = Y_shuffled[:, start : start + batch_size]
                m_batch = Xb.shape[1]
                if m_batch not in workspaces:  # at most two sizes: batch_size and the last batch
                    workspaces[m_batch] = net.forward_workspace(m_batch)
                trace = net._forward_trace(Xb, workspaces[m_batch])
                c = net._cost_from_trace(trace, Yb)
                if not math.isfinite(c):
                    raise _diverged(f"epoch {epoch}, step {step}", lr)
                if record_steps:
                    history.step_cost.append(c)
                grad = net.backward_flat(trace, Yb, buffers)
                grad *= lr  # a fresh array: scaling it in place saves a copy
                net.theta -= grad  # W := W - lr dW and b := b - lr db for every layer at once
            c = net._cost_from_trace(net._forward_trace(X), Y)
            if not math.isfinite(c):
                raise _diverged(f"the end of epoch {epoch} (after step {step})", lr)
            history.cost.append(c)
            if callback is not None:
                callback(epoch, net, history)
    return history
