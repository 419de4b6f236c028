"""Did training break? Two ways SGD fails without a NaN, and what to tell the student.

- The cost rose far above where it started: the steps overshoot the valley (eq. (update) with
  too large a learning rate).
- A layer passes no gradient: every unit of layer l has g'(z^[l]) = 0 (or almost) on (nearly)
  every training example, so delta^[l] = (dC/da^[l]) * g'(z^[l]) (eq. (delta)) is 0, no layer at or
  below l learns again, and the cost stops changing. ReLU units die when z <= 0 for every
  example; sigmoid and tanh units saturate when |z| is so large that their slope underflows.

sgd calls training_problems after its last epoch and warns with TrainingWarning.
"""
import numpy as np

ROSE_FACTOR = 1.5  # a final cost above 1.5 times the starting cost means training made things worse
FLAT_SLOPE = 1e-6  # below this g'(z), a unit passes (almost) no gradient: 0.25 and 1 are the largest slopes
OPEN_SHARE = 0.01  # a layer whose units pass a gradient on fewer than 1 % of the examples is blocked


class TrainingWarning(UserWarning):
    """Training finished without a NaN, but it broke: the message says how and what to try."""


def blocked_layers(net, X):
    """[(l, kind)]: the layers (book numbering, 1..L) whose units have g'(z^[l]) >= FLAT_SLOPE on
    fewer than OPEN_SHARE of the (unit, example) pairs of X: almost no gradient gets through.
    kind is "dead" (ReLU, z <= 0) or "saturated" (sigmoid, tanh).

    The output layer counts only when its delta^[L] contains g'(z^[L]) (not for sigmoid outputs
    with the cross-entropy cost, where g' cancels).
    """
    trace = net.forward_trace(X)
    cancels = net.cost_function.name == "cross_entropy"
    blocked = []
    for l, g in enumerate(net.activations, start=1):
        if g.name in ("identity", "leaky_relu") or (l == net.n_layers and cancels):
            continue
        slope = g.prime_from_output(trace.a[l])
        if np.mean(np.abs(slope) >= FLAT_SLOPE) < OPEN_SHARE:
            blocked.append((l, "dead" if g.name == "relu" else "saturated"))
    return blocked


def _layer_name(net, l):
    return "the output layer" if l == net.n_layers else f"hidden layer {l}"


def _stuck_layers(net, l):
    """Which layers a blocked layer l stops: l itself and every layer below it."""
    if l == net.n_layers:
        return "no layer learns any more"
    return "layer 1 no longer learns" if l == 1 else f"layers 1 to {l} no longer learn"


def training_problems(net, X, cost, lr):
    """Sentences for the student: what broke in a training run that ended without a NaN, then
    the advice (the last sentence); [] when all is well.

    cost is the History's list of training costs (cost[0] before training).
    """
    problems = []
    if cost[-1] > ROSE_FACTOR * cost[0]:
        problems.append(
            f"the training cost rose from {cost[0]:.4g} to {cost[-1]:.4g}: the steps overshoot the "
            f"valley instead of going down into it"
        )
    for l, kind in blocked_layers(net, X):
        why = "z <= 0 for (almost) every example, so its output and slope are 0" if kind == "dead" else \
            "its units sit at their flat ends on (almost) every example, where the slope g'(z) is about 0"
        problems.append(
            f"every unit of {_layer_name(net, l)} is {kind} ({why}): no gradient passes through it, "
            f"so {_stuck_layers(net, l)} and the cost stopped at {cost[-1]:.4g}"
        )
    if problems:
        problems.append(
            f"Try a learning rate several times smaller than lr={lr:g} (and start from fresh weights)"
        )
    return problems
