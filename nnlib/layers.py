"""The block picture: one layer's forward block and backward block.

Book notation: z^[l] = W^[l] a^[l-1] + b^[l],  a^[l] = g(z^[l]).
Shapes, with m examples as columns: W (n_l, n_{l-1}), b (n_l, 1), a^[l-1] (n_{l-1}, m),
z and a (n_l, m). The forward block caches what the backward block needs.
"""
from functools import lru_cache
from typing import NamedTuple

import numpy as np

# np.dot rather than the @ operator throughout: for the small matrices of a mini-batch it
# has about half the call overhead, and it multiplies by a transposed view without a copy.


@lru_cache(maxsize=64)
def ones_column(m):
    """The (m, 1) vector of ones: dz @ 1 sums the columns of dz, i.e. over the examples."""
    return np.ones((m, 1))


class LayerCache(NamedTuple):
    """What the forward block of layer l keeps for its backward block."""

    a_prev: np.ndarray  # a^[l-1], (n_{l-1}, m)
    z: np.ndarray  # z^[l], (n_l, m)
    a: np.ndarray  # a^[l] = g(z^[l]), (n_l, m): g'(z) is cheaper from a (see Activation)


def layer_forward(a_prev, W, b, g, out=None):
    """Forward block: z = W a_prev + b, a = g(z). Returns (a, cache).

    out: optional arrays (z, a) of shape (n_l, m) to compute into (sgd reuses them every step).
    """
    z_out, a_out = out if out is not None else (None, None)
    z = np.dot(W, a_prev, out=z_out)
    z += b  # in place: same z = W a_prev + b without a temporary array
    a = g.g(z, out=a_out)
    return a, LayerCache(a_prev, z, a)


def linear_backward(dz, cache, W, need_da_prev=True):
    """From dz = dC/dz^[l] (the error) to the layer's gradients and dC/da^[l-1].

    dW = dz a_prev^T   (n_l, n_{l-1}); sums over the m columns, i.e. over examples
    db = dz 1          (n_l, 1)
    da_prev = W^T dz   (n_{l-1}, m); None when need_da_prev is False (the input layer)
    """
    dW = np.dot(dz, cache.a_prev.T)
    db = np.dot(dz, ones_column(dz.shape[1]))
    da_prev = np.dot(W.T, dz) if need_da_prev else None
    return da_prev, dW, db


def layer_backward(da, cache, W, g, need_da_prev=True):
    """Backward block: takes da^[l] = dC/da^[l], returns (da^[l-1], dW^[l], db^[l]).

    dz^[l] = da^[l] * g'(z^[l]) (element-wise), then linear_backward.
    """
    return linear_backward(da * g.prime_from_output(cache.a), cache, W, need_da_prev)
