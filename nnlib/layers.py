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


def layer_forward(a_prev, W, b, g):
    """Forward block: z = W a_prev + b, a = g(z) (eq. (forward)). Returns (a, cache)."""
    z = W @ a_prev + b
    return g.g(z), LayerCache(a_prev, z)


def linear_backward(dz, cache, W):
    """From dC/dz^[l] to the layer's gradients (eqs. (grad-W), (grad-b), (delta-back)).

    dW = dz a_prev^T   (n_l, n_{l-1}); sums over the m columns, i.e. over examples
    db = dz 1          (n_l, 1)
    da_prev = W^T dz   (n_{l-1}, m)
    """
    dW = dz @ cache.a_prev.T
    db = dz.sum(axis=1, keepdims=True)
    da_prev = W.T @ dz
    return da_prev, dW, db


def layer_backward(da, cache, W, g):
    """Backward block: takes da^[l] = dC/da^[l], returns (da^[l-1], dW^[l], db^[l]).

    dz^[l] = da^[l] * g'(z^[l]) (element-wise, eq. (delta)), then linear_backward.
    """
    return linear_backward(da * g.prime(cache.z), cache, W)
