"""Gradient checking: backprop's gradients against centred finite differences (book: eq. (centred-difference))."""
import numbers

import numpy as np

# Below this size a partial derivative counts as zero: the relative error then measures the
# absolute difference, so round-off in two tiny numbers cannot look like a bug.
RELATIVE_FLOOR = 1e-8


def numerical_gradients(net, X, Y, eps=1e-5):
    """dC/dp ~ (C(p + eps) - C(p - eps)) / (2 eps) for every weight and bias p (eq. (centred-difference)).

    Returns (dW, db) shaped like net.gradients. Each parameter is restored after it is nudged.
    """
    X, Y = net.check_XY(X, Y)
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not 0 < eps < 1:
        raise ValueError(f"eps must be a small positive number such as 1e-5; got {eps!r}")
    grads = []
    for p in net.weights + net.biases:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            saved = p[i]
            p[i] = saved + eps
            c_plus = net.cost(X, Y)
            p[i] = saved - eps
            c_minus = net.cost(X, Y)
            p[i] = saved
            g[i] = (c_plus - c_minus) / (2 * eps)
        grads.append(g)
    L = net.n_layers
    return grads[:L], grads[L:]


def relative_error(analytic, numeric):
    """|g - n| / max(|g|, |n|, 1e-8), element-wise (eq. (relative-error))."""
    analytic, numeric = np.asarray(analytic), np.asarray(numeric)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), RELATIVE_FLOOR)
    return np.abs(analytic - numeric) / scale


def gradient_check(net, X, Y, eps=1e-5):
    """The largest relative error between net.gradients and centred finite differences.

    Around 1e-7 or less: the gradients agree. Around 1e-2 or more: there is a bug.
    Includes the L2 term when net.l2 > 0, since both sides differentiate net.cost.
    """
    dW, db = net.gradients(X, Y)
    nW, nb = numerical_gradients(net, X, Y, eps)
    return max(float(relative_error(a, n).max()) for a, n in zip(dW + db, nW + nb))
