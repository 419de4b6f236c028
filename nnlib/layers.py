"""The block picture: one layer's forward block and backward block.

Book notation (eq. (forward)): z^[l] = W^[l] a^[l-1] + b^[l],  a^[l] = g(z^[l]).
Shapes, with m examples as columns: W (n_l, n_{l-1}), b (n_l, 1), a^[l-1] (n_{l-1}, m),
z and a (n_l, m). The forward block caches what the backward block needs.
"""
from typing import NamedTuple

import numpy as np


class LayerCache(NamedTuple):
    """What the forward block of layer l keeps for its backward block."""

    a_prev: np.ndarray  # a^[l-1], (n_{l-1}, m)
    z: np.ndarray  # z^[l], (n_l, m)
    a: np.ndarray  # a^[l] = g(z^[l]), (n_l, m): g'(z) is cheaper from a (see Activation)


def layer_forward(a_prev, W, b, g):
    """Forward block: z = W a_prev + b, a = g(z) (eq. (forward)). Returns (a, cache)."""
    z = W @ a_prev
    z += b  # in place: same z = W a_prev + b without a temporary array
    a = g.g(z)
    return a, LayerCache(a_prev, z, a)


def linear_backward(dz, cache, W, need_da_prev=True, out=None):
    """From dC/dz^[l] to the layer's gradients (eqs. (grad-W), (grad-b), (delta-back)).

    dW = dz a_prev^T   (n_l, n_{l-1}); sums over the m columns, i.e. over examples
    db = dz 1          (n_l, 1)
    da_prev = W^T dz   (n_{l-1}, m); None when need_da_prev is False (the input layer)
    out: optional arrays (dW, db) to write the gradients into.
    """
    dW, db = out if out is not None else (None, None)
    dW = np.matmul(dz, cache.a_prev.T, out=dW)
    db = np.add.reduce(dz, axis=1, keepdims=True, out=db)
    da_prev = W.T @ dz if need_da_prev else None
    return da_prev, dW, db


def layer_backward(da, cache, W, g, need_da_prev=True, out=None):
    """Backward block: takes da^[l] = dC/da^[l], returns (da^[l-1], dW^[l], db^[l]).

    dz^[l] = da^[l] * g'(z^[l]) (element-wise, eq. (delta)), then linear_backward.
    """
    return linear_backward(da * g.prime_from_output(cache.a), cache, W, need_da_prev, out)
