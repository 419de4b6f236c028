"""Stochastic gradient descent with mini-batches (book: eq. (update))."""
import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from .minibatch_step import MinibatchStep, with_bias_row
from .training_health import TrainingWarning, training_problems
from .validation import check_positive


class TrainingDiverged(RuntimeError):
    """The cost became NaN or infinite during training."""


@dataclass
class History:
    """What sgd recorded.

    cost[0] is the training cost before the first step, cost[e] the cost after epoch e.
    step_cost[k] is the mini-batch cost just before step k (only with record_steps=True).
    step_params[k] is a copy of net.theta just before step k (only with record_params=True).
    problems: what broke, in sentences for the student, when training ended without a NaN but
    went wrong (nnlib.training_health); empty when all is well.
    """

    cost: list = field(default_factory=list)
    step_cost: list = field(default_factory=list)
    step_params: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def epochs(self):
        return len(self.cost) - 1


def _diverged(where, lr):
    return TrainingDiverged(
        f"the cost became NaN or infinite at {where}; the steps overshoot. "
        f"Try a smaller learning rate than lr={lr}."
    )


def shuffled_batches(XT1, YT, order, batch_size):
    """One epoch's mini-batches (X1b, Yb), taking the examples in the order of the permutation order.

    XT1 = [X; 1]^T and YT = Y^T hold one example per row, so shuffling copies whole rows, and
    X1b, the (n_0 + 1, batch) matrix [X; 1] of a batch, is a transposed view of consecutive rows.
    The targets are copied into contiguous (n_L, batch) blocks, once per epoch: a^[L] - y runs
    fastest on arrays stored in the same order.
    """
    XT1_shuffled, YT_shuffled = XT1[order], YT[order]
    m, n_full = len(order), len(order) // batch_size
    Y_blocks = list(YT_shuffled[: n_full * batch_size].reshape(n_full, batch_size, YT.shape[1]).transpose(0, 2, 1).copy())
    if n_full * batch_size < m:  # the last, shorter batch
        Y_blocks.append(YT_shuffled[n_full * batch_size :].T.copy())
    return [(XT1_shuffled[start : start + batch_size].T, Yb) for start, Yb in zip(range(0, m, batch_size), Y_blocks)]


def sgd(net, X, Y, epochs, batch_size, lr, seed=0, callback=None, record_steps=False, record_params=False):
    """Train net in place by mini-batch stochastic gradient descent; return a History.

    Each epoch shuffles the m columns of X, Y, splits them into mini-batches of
    batch_size (batch_size=None: one batch of all m, i.e. full-batch gradient descent)
    and, for each batch, steps W := W - lr dW, b := b - lr db (eq. (update)).
    callback(epoch, net, history) is called after every epoch. The steps themselves are
    MinibatchStep's: the same equations as Network.gradients, with fewer numpy calls.
    A NaN or infinite cost raises TrainingDiverged; a run that ends with the cost far above its
    start, or with a layer whose units are all dead or saturated, warns with TrainingWarning and
    says what to try (history.problems keeps the sentences).
    """
    X, Y = net.check_XY(X, Y)
    check_positive("epochs", epochs, integer=True)
    check_positive("lr", lr)
    m = X.shape[1]
    if batch_size is None:
        batch_size = m
    check_positive("batch_size", batch_size, integer=True)
    rng = np.random.default_rng(seed)
    # Examples as rows, [x; 1] each, so that shuffling copies whole rows; a mini-batch is then
    # a slice of rows, and its transpose is the (n_0 + 1, m_batch) matrix [X; 1] of columns.
    XT1, YT = np.ascontiguousarray(with_bias_row(X).T), np.ascontiguousarray(Y.T)
    whole_set = MinibatchStep(net, m)  # the cost over all m examples, before and after each epoch
    steps = {}  # one MinibatchStep per batch size: batch_size, and the shorter last batch
    with np.errstate(over="ignore", invalid="ignore"):
        history = History(cost=[whole_set.cost(XT1.T, Y)])
        if not math.isfinite(history.cost[0]):
            raise ValueError(
                "the cost is already NaN or infinite before training starts: the inputs or the "
                "initial weights are too large (scale X to values around 1)"
            )
        for epoch in range(1, epochs + 1):
            for step, (X1b, Yb) in enumerate(shuffled_batches(XT1, YT, rng.permutation(m), batch_size), 1):
                m_batch = X1b.shape[1]
                if m_batch not in steps:
                    steps[m_batch] = MinibatchStep(net, m_batch, lr)
                c = steps[m_batch].cost(X1b, Yb)
                if not math.isfinite(c):
                    raise _diverged(f"epoch {epoch}, step {step}", lr)
                if record_steps:
                    history.step_cost.append(c)
                if record_params:
                    history.step_params.append(net.get_params())
                steps[m_batch].step()  # W := W - lr dW and b := b - lr db for every layer at once
            c = whole_set.cost(XT1.T, Y)
            if not math.isfinite(c):
                raise _diverged(f"the end of epoch {epoch} (after step {step})", lr)
            history.cost.append(c)
            if callback is not None:
                callback(epoch, net, history)
    history.problems = training_problems(net, X, history.cost, lr)
    if history.problems:
        *what, advice = history.problems
        warnings.warn(TrainingWarning(f"Training broke: {'; '.join(what)}. {advice}."), stacklevel=2)
    return history
