"""Activation functions g and their derivatives g' (book: the activation table, eq. (act)).

Each activation is applied element-wise to a pre-activation array z of any shape,
so the same function serves one neuron, one layer (n, 1) or a whole batch (n, m).
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy.special import expit

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """An activation g with its derivative: a = g(z), da/dz = g'(z).

    prime_from_output gives the same g'(z) from the output a = g(z), as S3 writes
    g'(z) = a (1 - a) for the sigmoid; backprop uses it because a is already computed.
    Like g, it takes an optional out array to write into (sgd reuses one at every step).
    """

    name: str
    g: Callable[[np.ndarray], np.ndarray]
    prime: Callable[[np.ndarray], np.ndarray]
    prime_from_output: Callable[..., np.ndarray]

    def __call__(self, z, out=None):
        return self.g(z, out=out)


def sigmoid(z, out=None):
    """sigma(z) = 1 / (1 + e^(-z)), computed without overflow even for |z| = 1e4."""
    return expit(z, out=out)


def sigmoid_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))."""
    s = expit(z)
    return s * (1.0 - s)


def sigmoid_prime_from_output(a, out=None):
    """sigma'(z) = a (1 - a) with a = sigma(z).

    Not a - a^2: for a near 1 that difference of two nearly equal numbers loses most digits.
    """
    out = np.subtract(1.0, a, out=out)
    return np.multiply(out, a, out=out)


def tanh(z, out=None):
    """tanh(z) = (e^z - e^(-z)) / (e^z + e^(-z))."""
    return np.tanh(z, out=out)


def tanh_prime(z):
    """tanh'(z) = 1 - tanh(z)^2."""
    t = np.tanh(z)
    return 1.0 - t * t


def tanh_prime_from_output(a, out=None):
    """tanh'(z) = 1 - a^2 with a = tanh(z)."""
    out = np.multiply(a, a, out=out)
    return np.subtract(1.0, out, out=out)


def relu(z, out=None):
    """relu(z) = max(0, z)."""
    return np.maximum(z, 0.0, out=out)


def relu_prime(z, out=None):
    """relu'(z) = 1 if z > 0 else 0 (we take 0 at the kink z = 0).

    Also relu' from the output a = relu(z), since a > 0 exactly when z > 0.
    """
    if out is None:
        return (np.asarray(z) > 0).astype(float)
    return np.greater(z, 0.0, out=out)


def leaky_relu(z, out=None):
    """leaky_relu(z) = z if z > 0 else 0.01 z, i.e. max(z, 0.01 z) since 0.01 < 1."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z, LEAKY_SLOPE * z, out=out)


def leaky_relu_prime(z, out=None):
    """leaky_relu'(z) = 1 if z > 0 else 0.01 (also from the output: a > 0 exactly when z > 0)."""
    if out is None:
        return np.where(np.asarray(z) > 0, 1.0, LEAKY_SLOPE)
    out = np.greater(z, 0.0, out=out)
    out *= 1.0 - LEAKY_SLOPE
    out += LEAKY_SLOPE
    return out


def identity(z, out=None):
    """identity(z) = z (no non-linearity)."""
    if out is None:
        return np.asarray(z, dtype=float)
    np.copyto(out, z)
    return out


def identity_prime(z, out=None):
    """identity'(z) = 1."""
    if out is None:
        return np.ones_like(np.asarray(z, dtype=float))
    out.fill(1.0)
    return out


ACTIVATIONS = {
    a.name: a
    for a in (
        Activation("sigmoid", sigmoid, sigmoid_prime, sigmoid_prime_from_output),
        Activation("tanh", tanh, tanh_prime, tanh_prime_from_output),
        Activation("relu", relu, relu_prime, relu_prime),
        Activation("leaky_relu", leaky_relu, leaky_relu_prime, leaky_relu_prime),
        Activation("identity", identity, identity_prime, identity_prime),
    )
}


def get_activation(name):
    """Look an activation up by name; a clear ValueError lists the valid names."""
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}"
        ) from None
