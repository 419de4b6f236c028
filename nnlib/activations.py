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
    """

    name: str
    g: Callable[[np.ndarray], np.ndarray]
    prime: Callable[[np.ndarray], np.ndarray]
    prime_from_output: Callable[[np.ndarray], np.ndarray]

    def __call__(self, z, out=None):
        return self.g(z, out=out)


def sigmoid(z, out=None):
    """sigma(z) = 1 / (1 + e^(-z)), computed without overflow even for |z| = 1e4."""
    return expit(z, out=out)


def sigmoid_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))."""
    s = expit(z)
    return s * (1.0 - s)


def tanh(z, out=None):
    """tanh(z) = (e^z - e^(-z)) / (e^z + e^(-z))."""
    return np.tanh(z, out=out)


def tanh_prime(z):
    """tanh'(z) = 1 - tanh(z)^2."""
    t = np.tanh(z)
    return 1.0 - t * t


def relu(z, out=None):
    """relu(z) = max(0, z)."""
    return np.maximum(z, 0.0, out=out)


def relu_prime(z):
    """relu'(z) = 1 if z > 0 else 0 (we take 0 at the kink z = 0)."""
    return (np.asarray(z) > 0).astype(float)


def leaky_relu(z, out=None):
    """leaky_relu(z) = z if z > 0 else 0.01 z, i.e. max(z, 0.01 z) since 0.01 < 1."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z, LEAKY_SLOPE * z, out=out)


def leaky_relu_prime(z):
    """leaky_relu'(z) = 1 if z > 0 else 0.01."""
    return np.where(np.asarray(z) > 0, 1.0, LEAKY_SLOPE)


def identity(z, out=None):
    """identity(z) = z (no non-linearity)."""
    if out is None:
        return np.asarray(z, dtype=float)
    np.copyto(out, z)
    return out


def identity_prime(z):
    """identity'(z) = 1."""
    return np.ones_like(np.asarray(z, dtype=float))


ACTIVATIONS = {
    a.name: a
    for a in (
        Activation("sigmoid", sigmoid, sigmoid_prime, lambda a: a * (1.0 - a)),
        Activation("tanh", tanh, tanh_prime, lambda a: 1.0 - a * a),
        # relu and leaky relu: a > 0 exactly when z > 0
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
