"""Backpropagation one example at a time, with accumulators: S3's algorithm as the lecture writes it.

    Delta^[l] = 0, Delta_b^[l] = 0 for every layer l
    for i = 1 .. m:
        forward example i alone, keeping every z^[l] and a^[l]
        delta^[L] = dC_i/dz^[L]                                   (eq. (delta-output))
        delta^[l] = (W^[l+1])^T delta^[l+1] * g'(z^[l])            (eq. (delta-back))
        Delta^[l] += delta^[l] (a^[l-1])^T,  Delta_b^[l] += delta^[l]   (eqs. (grad-W), (grad-b))
    D^[l] = Delta^[l] / m + (lambda / m) W^[l]     (weights)
    D_b^[l] = Delta_b^[l] / m                       (biases: never regularised)

It gives the same numbers as Network.gradients, which does all m examples at once with one
matrix product per layer; this version exists to be read next to the lecture and to be timed
against the vectorised one. It is slow on purpose: a Python loop over the examples.
"""
import numpy as np

from .layers import layer_forward


def loop_gradients(net, X, Y):
    """(dW, db) of net.cost(X, Y), accumulated example by example (S3's algorithm above)."""
    X, Y = net.check_XY(X, Y)
    m = X.shape[1]
    Delta = [np.zeros_like(W) for W in net.weights]
    Delta_b = [np.zeros_like(b) for b in net.biases]
    for i in range(m):
        x, y = X[:, i : i + 1], Y[:, i : i + 1]
        a, caches = x, []
        for W, b, g in zip(net.weights, net.biases, net.activations):
            a, cache = layer_forward(a, W, b, g)
            caches.append(cache)
        delta = net.cost_function.output_delta(a, y, caches[-1].z, net.output)
        for l in range(net.n_layers - 1, -1, -1):
            Delta[l] += delta @ caches[l].a_prev.T
            Delta_b[l] += delta
            if l > 0:
                delta = (net.weights[l].T @ delta) * net.activations[l - 1].prime(caches[l - 1].z)
    dW = [D / m + (net.l2 / m) * W for D, W in zip(Delta, net.weights)]
    db = [D / m for D in Delta_b]
    return dW, db
