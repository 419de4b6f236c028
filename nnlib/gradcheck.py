"""Gradient checking: backprop's gradients against centred finite differences (book: eq. (centred-difference))."""
import numbers

import numpy as np

from .layer_list import LayerList, in_layer_order

# Below this size a partial derivative counts as zero: the relative error then measures the
# absolute difference, so round-off in two tiny numbers cannot look like a bug.
RELATIVE_FLOOR = 1e-8


def numerical_gradients(net, X, Y, eps=1e-5, one_sided=False):
    """dC/dp ~ (C(p + eps) - C(p - eps)) / (2 eps) for every weight and bias p (eq. (centred-difference)).

    one_sided=True takes (C(p + eps) - C(p)) / eps instead, the one-sided difference whose error
    shrinks only like eps (the centred one's like eps^2).
    Returns (dW, db) shaped like net.gradients: LayerLists indexed by layer, l = 1..L. Each parameter is restored after it is nudged.
    """
    X, Y = net.check_XY(X, Y)
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not 0 < eps < 1:
        raise ValueError(f"eps must be a small positive number such as 1e-5; got {eps!r}")
    c_here = net.cost(X, Y) if one_sided else None
    grads = []
    for p in [*net.W, *net.b]:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            saved = p[i]
            p[i] = saved + eps
            c_plus = net.cost(X, Y)
            if one_sided:
                g[i] = (c_plus - c_here) / eps
            else:
                p[i] = saved - eps
                g[i] = (c_plus - net.cost(X, Y)) / (2 * eps)
            p[i] = saved
        grads.append(g)
    L = net.n_layers
    return LayerList("dW", grads[:L]), LayerList("db", grads[L:])


def relative_error(analytic, numeric):
    """|g - n| / max(|g|, |n|, 1e-8), element-wise (eq. (relative-error))."""
    analytic, numeric = np.asarray(analytic), np.asarray(numeric)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), RELATIVE_FLOOR)
    return np.abs(analytic - numeric) / scale


def gradient_check(net, X, Y, eps=1e-5, gradients=None):
    """The largest relative error between backprop's gradients and centred finite differences.

    gradients: a function (net, X, Y) -> (dW, db) to check instead of net.gradients, e.g. a
    backprop written by the reader (or nnlib.loop_backprop.loop_gradients).
    Around 1e-7 or less: the gradients agree. Around 1e-2 or more: there is a bug.
    Includes the L2 term when net.l2 > 0, since both sides differentiate net.cost.
    """
    if gradients is None:
        dW, db = net.gradients(X, Y)
    elif not callable(gradients):
        raise ValueError(f"gradients must be a function (net, X, Y) -> (dW, db); got {type(gradients).__name__}")
    else:
        dW, db = check_gradient_shapes(net, gradients(net, X, Y))
    nW, nb = numerical_gradients(net, X, Y, eps)
    return max(float(relative_error(a, n).max()) for a, n in zip([*dW, *db], [*nW, *nb]))


def check_gradient_shapes(net, result):
    """result must be (dW, db): one array per layer, each the shape of its weight or bias.

    dW and db may be LayerLists, dicts keyed by the layer numbers 1..L, or lists (layer 1 first).
    Returns them as two lists of arrays, layer 1 first.
    """
    L = net.n_layers
    try:
        dW, db = result
        dW = [np.asarray(g, dtype=float) for g in in_layer_order(dW, L, "dW")]
        db = [np.asarray(g, dtype=float) for g in in_layer_order(db, L, "db")]
    except (TypeError, ValueError) as err:
        raise ValueError(f"the gradients function must return (dW, db), one array per layer in each "
                         f"({err})") from None
    for name, got, params in (("dW", dW, net.W), ("db", db, net.b)):
        if len(got) != len(params):
            raise ValueError(f"{name} has {len(got)} arrays, expected one per layer ({len(params)})")
        for l, (g, p) in enumerate(zip(got, params), start=1):
            if g.shape != p.shape:
                raise ValueError(f"{name}[{l}] has shape {g.shape}, expected {p.shape}")
    return dW, db
