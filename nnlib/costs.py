"""Cost functions C and the output error they start backpropagation with.

A loss is the error on one example; the cost is the loss averaged over the m examples
(columns) of a batch (book: eq. (cost-quadratic) and eq. (cost-cross-entropy)).
Every function takes the output layer's activations A, pre-activations Z and
targets Y, all of shape (n_L, m).
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Cost:
    """A cost: per-example losses, and the output error delta^L = dC/dz^L."""

    name: str
    losses: Callable  # (A, Y, Z) -> (m,) loss of each example
    output_delta: Callable  # (A, Y, Z, g) -> (n_L, m) dC/dZ^L for the averaged cost
    total: Callable  # (A, Y, Z) -> float, the sum of the losses (faster than losses().sum())
    cost_and_delta: Callable  # (A, Y, Z, g, scale, delta, work) -> C, scale * delta^L written into delta

    def __call__(self, A, Y, Z):
        """C = (1/m) sum over examples of the loss (eq. (cost))."""
        return self.total(A, Y, Z) / Y.shape[1]


def quadratic_losses(A, Y, Z=None):
    """C_0 = sum_j (a_j^L - y_j)^2 for each example (eq. (cost-quadratic)); no factor 1/2."""
    return np.sum((A - Y) ** 2, axis=0)


def quadratic_total(A, Y, Z=None):
    """sum over examples and outputs of (a_j - y_j)^2."""
    d = A - Y
    return float(np.vdot(d, d))


def quadratic_cost_and_delta(A, Y, Z, g, scale, delta, work):
    """C and scale * delta^L, both from one difference a^L - y (eqs. (cost-quadratic), (delta-output)).

    delta^L = (2/m)(a^L - y) * g'(z^L). delta and work are arrays of A's shape to write into
    (sgd passes the same ones at every step, and scale = lr); returns (C, delta).
    """
    np.subtract(A, Y, out=delta)
    C = float(np.vdot(delta, delta)) / Y.shape[1]
    np.multiply(delta, g.prime_from_output(A, out=work), out=delta)
    np.multiply(delta, scale * 2.0 / Y.shape[1], out=delta)
    return C, delta


def quadratic_delta(A, Y, Z, g):
    """delta^L = dC/dz^L = (2/m)(a^L - y) * g'(z^L) (eq. (delta-output))."""
    return quadratic_cost_and_delta(A, Y, Z, g, 1.0, np.empty_like(A), np.empty_like(A))[1]


def cross_entropy_losses(A, Y, Z):
    """-[y ln a + (1 - y) ln(1 - a)] summed over outputs, for a = sigma(z) (eq. (cost-cross-entropy)).

    Computed from z, with ln sigma(z) = -softplus(-z) and ln(1 - sigma(z)) = -softplus(z),
    softplus(x) = ln(1 + e^x), so it never takes log(0) and never overflows.
    """
    return np.sum(Y * np.logaddexp(0.0, -Z) + (1.0 - Y) * np.logaddexp(0.0, Z), axis=0)


def cross_entropy_total(A, Y, Z):
    return float(np.sum(cross_entropy_losses(A, Y, Z)))


def cross_entropy_cost_and_delta(A, Y, Z, g, scale, delta, work=None):
    """C and scale * delta^L with delta^L = (1/m)(a^L - y): sigma' cancels (eq. (delta-ce)).

    delta: an array of A's shape to write into; returns (C, delta).
    """
    np.subtract(A, Y, out=delta)
    np.multiply(delta, scale / Y.shape[1], out=delta)
    return cross_entropy_total(A, Y, Z) / Y.shape[1], delta


def cross_entropy_delta(A, Y, Z, g):
    """delta^L = (1/m)(a^L - y) for sigmoid + cross-entropy: sigma' cancels (eq. (delta-ce))."""
    return cross_entropy_cost_and_delta(A, Y, Z, g, 1.0, np.empty_like(A))[1]


COSTS = {
    c.name: c
    for c in (
        Cost("quadratic", quadratic_losses, quadratic_delta, quadratic_total, quadratic_cost_and_delta),
        Cost("cross_entropy", cross_entropy_losses, cross_entropy_delta, cross_entropy_total,
             cross_entropy_cost_and_delta),
    )
}


def get_cost(name):
    """Look a cost up by name; a clear ValueError lists the valid names."""
    try:
        return COSTS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown cost {name!r}; expected one of {sorted(COSTS)}") from None
