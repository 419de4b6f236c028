"""Backpropagation with planted mistakes, for the gradient-checking chapter's "find the bug".

One readable backprop, S3's loop over the examples with accumulators (nnlib.loop_backprop),
written for a sigmoid network with the quadratic cost. The lines that people get wrong are
small named functions, its *pieces*:

    output_error(a_L, y, m, slope)      delta^[L] = (2/m)(a^[L] - y) * g'(z^[L])     (eq. (delta-output))
    error_back(W_next, delta, a, slope) delta^[l] = (W^[l+1])^T delta^[l+1] * g'(z^[l]) (eq. (delta-back))
    slope(a)                            g'(z) from a = g(z): sigma'(z) = a (1 - a)
    accumulate(Delta, term)             Delta^[l] += term                          (eqs. (grad-W), (grad-b))
    bias_penalty(b, lam, m)             what L2 adds to dC/db: nothing              (eq. (cost-l2))

A planted bug replaces exactly one piece by a wrong one, so each bug is a short visible diff:
read both with inspect.getsource (piece_sources does it). Every implementation is a function
(net, X, Y) -> (dW, db), so nnlib.gradient_check(net, X, Y, gradients=fn) can check it.
IMPLEMENTATIONS maps a name to the function, a one-line description of the bug and where it
shows (which gradient arrays differ from the correct ones).

The factor 2/m sits in delta^[L] (as in nnlib.costs.quadratic_delta), so the accumulators
already sum to dC/dW and dC/db: no division by m at the end.
"""
import inspect
from typing import Callable, NamedTuple

import numpy as np

from .layer_list import LayerList
from .layers import layer_forward
from .network import Network


# --- the correct pieces --------------------------------------------------------------------
def sigmoid_slope(a):
    """sigma'(z), computed from a = sigma(z): sigma'(z) = a (1 - a)."""
    return a * (1 - a)


def output_error(a_L, y, m, slope):
    """delta^[L] = dC/dz^[L] = (2/m) (a^[L] - y) * g'(z^[L]) for C = (1/m) sum (a - y)^2."""
    return (2 / m) * (a_L - y) * slope(a_L)


def error_back(W_next, delta_next, a, slope):
    """delta^[l] = (W^[l+1])^T delta^[l+1] * g'(z^[l])."""
    return (W_next.T @ delta_next) * slope(a)


def accumulate(Delta, term):
    """Delta += term: add this example's share to the running sum."""
    Delta += term
    return Delta


def no_bias_penalty(b, lam, m):
    """L2 leaves the biases alone: it adds nothing to dC/db."""
    return 0 * b


# --- the wrong pieces: each bug is one of these in place of the correct one ----------------
def sigmoid_as_slope(a):
    """BUG: sigma(z) where sigma'(z) = sigma(z) (1 - sigma(z)) belongs."""
    return a


def output_error_one_over_m(a_L, y, m, slope):
    """BUG: 1/m where the derivative of (a - y)^2 needs 2/m."""
    return (1 / m) * (a_L - y) * slope(a_L)


def error_back_untransposed(W_next, delta_next, a, slope):
    """BUG: W^[l+1] where its transpose belongs (the shapes fit when W is square)."""
    return (W_next @ delta_next) * slope(a)


def error_back_mystery(W_next, delta_next, a, slope):
    """The mystery implementation's error_back: delta^[l] from delta^[l+1]."""
    return W_next.T @ delta_next


def accumulate_overwriting(Delta, term):
    """BUG: `=` where `+=` belongs: each example replaces the sum instead of adding to it."""
    Delta = term
    return Delta


def bias_penalty_too(b, lam, m):
    """BUG: the biases are regularised like the weights."""
    return (lam / m) * b


class Pieces(NamedTuple):
    """The replaceable lines of backprop, one function each."""

    output_error: Callable = output_error
    error_back: Callable = error_back
    slope: Callable = sigmoid_slope
    accumulate: Callable = accumulate
    bias_penalty: Callable = no_bias_penalty


CORRECT = Pieces()


def forward_one(net, x):
    """a^[0] = x, a^[1], ..., a^[L] for one example x of shape (n_0, 1) (eq. (forward))."""
    a = [x]
    for W, b, g in zip(net.W, net.b, net.activations):
        a.append(layer_forward(a[-1], W, b, g)[0])
    return LayerList("a", a, first=0)


def backprop(net, X, Y, pieces=CORRECT):
    """(dW, db) of net.cost(X, Y) by S3's loop over the examples, built from the given pieces.

    With the correct pieces it equals net.gradients(X, Y). The network must use the sigmoid
    in every layer and the quadratic cost (the pieces are written for them).
    """
    X, Y = net.check_XY(X, Y)
    if {g.name for g in net.activations} != {"sigmoid"} or net.cost_function.name != "quadratic":
        raise ValueError("the planted-bug backprops are written for sigmoid layers and the quadratic cost; "
                         f"got {net!r}")
    m, L, lam = X.shape[1], net.n_layers, net.l2
    Delta = LayerList("Delta", (np.zeros_like(W) for W in net.W))  # Delta[l] sums dC/dW^[l]
    Delta_b = LayerList("Delta_b", (np.zeros_like(b) for b in net.b))
    for i in range(m):
        a = forward_one(net, X[:, [i]])                    # a[0] = x_i, ..., a[L]
        delta = pieces.output_error(a[L], Y[:, [i]], m, pieces.slope)
        for l in range(L, 0, -1):                          # book layers L, L-1, ..., 1
            Delta[l] = pieces.accumulate(Delta[l], delta @ a[l - 1].T)
            Delta_b[l] = pieces.accumulate(Delta_b[l], delta)
            if l > 1:
                delta = pieces.error_back(net.W[l], delta, a[l - 1], pieces.slope)
    dW = LayerList("dW", (D + (lam / m) * W for D, W in zip(Delta, net.W)))
    db = LayerList("db", (D + pieces.bias_penalty(b, lam, m) for D, b in zip(Delta_b, net.b)))
    return dW, db


# --- the implementations: (net, X, Y) -> (dW, db) ------------------------------------------
HALF = CORRECT._replace(output_error=output_error_one_over_m)
UNTRANSPOSED = CORRECT._replace(error_back=error_back_untransposed)
OVERWRITING = CORRECT._replace(accumulate=accumulate_overwriting)
BIAS_PENALISED = CORRECT._replace(bias_penalty=bias_penalty_too)
SIGMA_SLOPE = CORRECT._replace(slope=sigmoid_as_slope)
MYSTERY_PIECES = CORRECT._replace(error_back=error_back_mystery)


def correct(net, X, Y):
    """Backprop with every piece right."""
    return backprop(net, X, Y, CORRECT)


def half_output_error(net, X, Y):
    """Backprop with 1/m instead of 2/m in the output error."""
    return backprop(net, X, Y, HALF)


def missing_transpose(net, X, Y):
    """Backprop with W^[l+1] instead of (W^[l+1])^T in the error of the hidden layers."""
    return backprop(net, X, Y, UNTRANSPOSED)


def overwritten_sum(net, X, Y):
    """Backprop whose accumulators use = instead of +=."""
    return backprop(net, X, Y, OVERWRITING)


def regularised_bias(net, X, Y):
    """Backprop that adds the L2 term (lambda/m) b to dC/db as well."""
    return backprop(net, X, Y, BIAS_PENALISED)


def wrong_derivative(net, X, Y):
    """Backprop with sigma(z) in place of sigma'(z)."""
    return backprop(net, X, Y, SIGMA_SLOPE)


def mystery(net, X, Y):
    """Backprop with one more planted mistake: find it (the chapter's last exercise)."""
    return backprop(net, X, Y, MYSTERY_PIECES)


class Implementation(NamedTuple):
    """One entry of IMPLEMENTATIONS."""

    function: Callable  # (net, X, Y) -> (dW, db)
    bug: str  # one line: what is wrong ("" for the correct one)
    where: str  # which gradients it changes, in words
    piece: str  # the Pieces field it replaces ("" for the correct one)
    pieces: Pieces  # the pieces it is built from
    differs: tuple  # the gradient arrays that differ from the correct ones, by book layer (L = 2)


EVERY_ARRAY = ("dW[1]", "db[1]", "dW[2]", "db[2]")

# "differs" is for the chapter's two-layer network: dW[1] is dC/dW^[1], db[2] is dC/db^[2].
IMPLEMENTATIONS = {
    "correct": Implementation(correct, "", "nowhere", "", CORRECT, ()),
    "1/m for 2/m": Implementation(
        half_output_error, "the output error uses 1/m where the derivative of (a − y)² needs 2/m",
        "every gradient (each exactly half its right value when λ = 0)", "output_error", HALF, EVERY_ARRAY),
    "missing transpose": Implementation(
        missing_transpose, "the error is sent back with W^[l+1] instead of its transpose (W^[l+1])ᵀ",
        "the layers before the last (dW[1], db[1]); the last layer is right", "error_back", UNTRANSPOSED,
        ("dW[1]", "db[1]")),
    "= for +=": Implementation(
        overwritten_sum, "the accumulators Δ use = instead of +=, so only the last example counts",
        "every gradient (unless the batch has one example)", "accumulate", OVERWRITING, EVERY_ARRAY),
    "bias regularised": Implementation(
        regularised_bias, "L2 is applied to the biases too: dC/db gets an extra (λ/m) b",
        "the biases only (db[1], db[2]), and only when λ > 0 and b ≠ 0", "bias_penalty", BIAS_PENALISED,
        ("db[1]", "db[2]")),
    "σ for σ′": Implementation(
        wrong_derivative, "the slope of the sigmoid is taken as σ(z) instead of σ(z)(1 − σ(z))",
        "every gradient (the output error uses the slope too)", "slope", SIGMA_SLOPE, EVERY_ARRAY),
    "mystery": Implementation(
        mystery, "one more planted mistake: find it (the chapter's exercise)",
        "find it with error_by_array", "error_back", MYSTERY_PIECES, ("dW[1]", "db[1]")),
}
BUGS = [name for name in IMPLEMENTATIONS if name not in ("correct", "mystery")]  # the five named bugs


def piece_sources(name):
    """(source of the correct piece, source of the buggy piece) that implementation `name` swaps."""
    imp = IMPLEMENTATIONS[name]
    if not imp.piece:
        raise ValueError(f"{name!r} has no planted bug")
    return inspect.getsource(getattr(CORRECT, imp.piece)), inspect.getsource(getattr(imp.pieces, imp.piece))


# --- the chapter's test problem --------------------------------------------------------------
SIZES = (3, 3, 3)  # square weight matrices, so a missing transpose still runs
M_EXAMPLES = 4


def example_problem(l2=0.0, sizes=SIZES, m=M_EXAMPLES, seed=4):
    """(net, X, Y): a sigmoid network with the quadratic cost, random weights AND random non-zero
    biases (nnlib starts biases at 0, which would hide a regularised bias), m random examples."""
    net = Network(list(sizes), hidden="sigmoid", output="sigmoid", cost="quadratic", seed=seed, l2=l2)
    rng = np.random.default_rng(seed + 100)
    for b in net.b:
        b[...] = np.round(rng.uniform(-1, 1, b.shape), 2)
    X = np.round(rng.normal(0, 1, (sizes[0], m)), 2)
    Y = np.round(rng.uniform(0, 1, (sizes[-1], m)), 2)
    return net, X, Y
