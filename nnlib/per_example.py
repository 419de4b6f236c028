"""Each example's own gradient, for all m examples at once (book: the SGD chapter, eq. (sgd-mean)).

The cost over a batch is the mean of the examples' costs, C = (1/m) sum_i C_0^(i), so its gradient
is the mean of the examples' gradients (eq. (sgd-mean)). Network.gradients returns only that mean:
backpropagation sums dZ^[l] (A^[l-1])^T over the columns as it goes. Here the sum is left out.
One forward pass gives every A^[l] and Z^[l]; one backward pass (Network.backward_pass) gives every
dZ^[l] = dC/dZ^[l], column by column (eq. (delta-back)). dZ^[l] belongs to the averaged cost, so
column i is delta^[l](i) / m (eq. (delta-batch)); times m, it is the error of example i's OWN cost C_0^(i). Then, per
example i (eqs. (grad-W), (grad-b) for one example):

    dC_0^(i)/dW^[l] = delta^[l](i) (a^[l-1](i))^T      (an outer product; einsum "jm,km->mjk"),
    dC_0^(i)/db^[l] = delta^[l](i).

No Python loop runs over the examples, only over the L layers.

Regularisation: with l2 = lambda > 0 the cost adds (lambda / 2m) sum_l ||W^[l]||^2. We share that
penalty equally among the m examples, C = (1/m) sum_i [C_0^(i) + (lambda / 2m) sum_l ||W^[l]||^2], so
(lambda / m) W^[l] is added to every example's weight gradient (never to the biases) and the mean
over the examples is exactly Network.gradients(X, Y) for the same X, Y.
"""
import numpy as np

from .layer_list import LayerList


def per_example_gradients(net, X, Y):
    """(dW, db), LayerLists l = 1..L: dW[l] has shape (m, *W^[l].shape), dW[l][i] = dC_0^(i)/dW^[l]; db[l] is (m, n_l, 1).

    X is (n_0, m) and Y is (n_L, m), one example per column, as for Network.gradients; the mean
    over axis 0 equals Network.gradients(X, Y) (regularisation included, see the module note).
    """
    X, Y = net.check_XY(X, Y)
    L, m = net.n_layers, X.shape[1]
    trace = net.forward_trace(X)
    with np.errstate(over="ignore", invalid="ignore"):
        delta = net.backward_pass(trace, Y).delta  # the deltas only: the penalty is shared out below
    dW, db = LayerList.empty("dW", L), LayerList.empty("db", L)
    for l in range(1, L + 1):
        delta_i = delta[l] * m  # delta of the averaged cost carries 1/m: times m, each example's own error
        dW[l] = np.einsum("jm,km->mjk", delta_i, trace.a[l - 1])  # (m, n_l, n_{l-1}): one outer product per column
        db[l] = delta_i.T[:, :, None].copy()  # (m, n_l, 1)
        if net.l2:
            dW[l] += (net.l2 / m) * net.W[l]
    return dW, db


def per_example_flat(net, X, Y):
    """The per-example gradients as one (m, n_params) array, each row laid out like net.theta.

    That is layer after layer the matrix [dW | db], row after row.
    """
    dW, db = per_example_gradients(net, X, Y)
    m = dW[1].shape[0]
    return np.concatenate([np.concatenate(pair, axis=2).reshape(m, -1) for pair in zip(dW, db)], axis=1)
