"""Backpropagation one example at a time, with accumulators: S3's algorithm as the lecture writes it.

    Delta^[l] = 0, Delta_b^[l] = 0 for every layer l
    for i = 1 .. m:
        forward example i alone, keeping every z^[l] and a^[l]
        delta^[L] = dC_0^(i)/dz^[L], example i's own error         (eq. (delta-output))
        delta^[l] = (W^[l+1])^T delta^[l+1] * g'(z^[l])            (eq. (delta-back))
        Delta^[l] += delta^[l] (a^[l-1])^T,  Delta_b^[l] += delta^[l]   (eqs. (grad-W), (grad-b))
    D^[l] = Delta^[l] / m + (lambda / m) W^[l]     (weights)
    D_b^[l] = Delta_b^[l] / m                       (biases: never regularised)

It gives the same numbers as Network.gradients, which does all m examples at once with one
matrix product per layer; this version exists to be read next to the lecture and to be timed
against the vectorised one. It is slow on purpose: a Python loop over the examples.
"""
import numpy as np

from .layer_list import LayerList


def loop_gradients(net, X, Y):
    """(dW, db) of net.cost(X, Y), accumulated example by example (S3's algorithm above)."""
    X, Y = net.check_XY(X, Y)
    L, m = net.n_layers, X.shape[1]
    Delta = LayerList("Delta", (np.zeros_like(W) for W in net.W))
    Delta_b = LayerList("Delta_b", (np.zeros_like(b) for b in net.b))
    for i in range(m):
        x, y = X[:, i : i + 1], Y[:, i : i + 1]
        a, z = LayerList.empty("a", L, first=0), LayerList.empty("z", L)
        a[0] = x
        for l in range(1, L + 1):
            z[l] = net.W[l] @ a[l - 1] + net.b[l]
            a[l] = net.activations[l].g(z[l])
        delta = net.cost_function.output_delta(a[L], y, z[L], net.output)
        for l in range(L, 0, -1):
            Delta[l] += delta @ a[l - 1].T
            Delta_b[l] += delta
            if l > 1:
                delta = (net.W[l].T @ delta) * net.activations[l - 1].prime(z[l - 1])
    dW = LayerList("dW", (D / m + (net.l2 / m) * W for D, W in zip(Delta, net.W)))
    db = LayerList("db", (D / m for D in Delta_b))
    return dW, db
