"""A fully connected network: forward pass, cost, and backpropagation.

Book notation: layers 0..L, sizes n_0..n_L. The code indexes layers by the same number
(LayerList): net.W[l] is W^[l] with shape (n_l, n_{l-1}) and net.b[l] is b^[l] with shape
(n_l, 1) for l = 1..L. A batch X is (n_0, m), targets Y are (n_L, m): one example per column.

All parameters live in one vector theta (S1's picture: 13,002 parameters are the
coordinates of one point). Layer by layer it holds the matrix [W^[l] | b^[l]] of shape
(n_l, n_{l-1} + 1), row after row: S3's Theta^(l), with the bias column last instead of
first. net.W[l] and net.b[l] are views into it, and a gradient step is one vector
operation on theta.
"""
from typing import NamedTuple

import numpy as np

from .activations import get_activation
from .costs import get_cost
from .layer_list import LayerList
from .layers import layer_forward, linear_backward
from .validation import check_matrix, check_positive, check_sizes


class ForwardTrace(NamedTuple):
    """Everything the forward pass computed (eq. (forward)), indexed by the book's layer number.

    a[0] = X, z[l] = W[l] a[l-1] + b[l] and a[l] = g(z[l]) for l = 1..L.
    """

    a: LayerList  # a^[0..L], a[l] of shape (n_l, m)
    z: LayerList  # z^[1..L], z[l] of shape (n_l, m)
    caches: LayerList  # the LayerCache of each forward block, layers 1..L


class BackwardPass(NamedTuple):
    """Every layer's backward quantities for one batch, indexed by the book's layer number l = 1..L.

    delta[l] is the batch's error dZ^[l] = dC/dZ^[l] of eq. (delta-batch): its column i is
    delta^[l](i) / m, example i's error delta^[l](i) = dC_0/dz^[l] over the m of the average."""

    delta: LayerList  # dZ^[l] = dC/dZ^[l], (n_l, m)
    dC_da: LayerList  # dC/dA^[l] = (W^[l+1])^T dZ^[l+1] for the hidden layers; None at the output
    dW: LayerList  # dC/dW^[l] = dZ^[l] (A^[l-1])^T (+ (lambda/m) W^[l] with l2), shape of W^[l]
    db: LayerList  # dC/db^[l] = dZ^[l] summed over the columns, (n_l, 1)


def layer_parameter_matrices(sizes, flat):
    """Split a vector laid out like theta into the per-layer views [W^[l] | b^[l]], (n_l, n_{l-1} + 1)."""
    matrices, i = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        matrices.append(flat[i : i + n_out * (n_in + 1)].reshape(n_out, n_in + 1))
        i += n_out * (n_in + 1)
    return matrices


def parameter_views(sizes, flat, names=("W", "b")):
    """Split a vector laid out like theta into views: the weights W^[l] and the biases b^[l], l = 1..L.

    names: the symbols of the two LayerLists, ("W", "b") for the parameters, ("dW", "db") for a gradient.
    """
    matrices = layer_parameter_matrices(sizes, flat)
    return (LayerList(names[0], (Wb[:, :-1] for Wb in matrices), views=True),
            LayerList(names[1], (Wb[:, -1:] for Wb in matrices), views=True))


class Network:
    """A fully connected feed-forward network trained by backpropagation.

    hidden, output: activation names for the hidden layers and the output layer;
    cost: "quadratic" or "cross_entropy"; l2: the regularisation strength lambda in
    (lambda / 2m) sum W^2 (weights only, never biases).
    """

    def __init__(self, sizes, hidden="sigmoid", output="sigmoid", cost="quadratic", seed=0, l2=0.0):
        self.sizes = check_sizes(sizes)
        self.hidden = get_activation(hidden)
        self.output = get_activation(output)
        self.cost_function = get_cost(cost)
        if self.cost_function.name == "cross_entropy" and self.output.name != "sigmoid":
            raise ValueError(
                f"cost 'cross_entropy' needs outputs in (0, 1): use output='sigmoid', "
                f"not {self.output.name!r}"
            )
        self.l2 = float(check_positive("l2", l2, allow_zero=True))
        self.seed = seed
        self.activations = LayerList("g", [self.hidden] * (len(self.sizes) - 2) + [self.output])
        self.theta = np.zeros(sum(n_out * (n_in + 1) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])))
        self._W, self._b = parameter_views(self.sizes, self.theta)
        rng = np.random.default_rng(seed)
        # Each W^[l] ~ N(0, s / n_{l-1}): s = 2 for ReLU-like layers (He), 1 otherwise (Xavier/LeCun),
        # so activations neither explode nor vanish at the start; biases start at 0.
        for W, g in zip(self.W, self.activations):
            W[...] = rng.normal(0.0, np.sqrt((2.0 if g.name in ("relu", "leaky_relu") else 1.0) / W.shape[1]), W.shape)

    def __repr__(self):
        return (
            f"Network({self.sizes}, hidden={self.hidden.name!r}, output={self.output.name!r}, "
            f"cost={self.cost_function.name!r}, l2={self.l2})"
        )

    # --- parameters: views into theta --------------------------------------------
    @property
    def W(self):
        """The weight matrices (views into theta): W[l] is W^[l], shape (n_l, n_{l-1}), l = 1..L."""
        return self._W

    @W.setter
    def W(self, values):
        # net.W = [W1, W2] copies into theta; rebinding the list would detach it from theta,
        # which sgd trains, so the network would go on predicting with the assigned arrays.
        self._W.assign_all(values, "net.W")

    @property
    def b(self):
        """The bias columns (views into theta): b[l] is b^[l], shape (n_l, 1), l = 1..L."""
        return self._b

    @b.setter
    def b(self, values):
        self._b.assign_all(values, "net.b")

    @property
    def n_params(self):
        """Number of weights and biases: sum over layers of n_l n_{l-1} + n_l."""
        return self.theta.size

    @property
    def n_layers(self):
        """L, the number of weight layers."""
        return len(self.W)

    # --- input checks -------------------------------------------------------------
    def check_X(self, X):
        return check_matrix("X", X, self.sizes[0])

    def check_XY(self, X, Y):
        X = self.check_X(X)
        return X, check_matrix("Y", Y, self.sizes[-1], X.shape[1])

    # --- forward ------------------------------------------------------------------
    def forward_trace(self, X):
        """Forward pass keeping every z and a (eq. (forward)) for teaching and for backprop."""
        return self._forward_trace(self.check_X(X))

    def _forward_trace(self, X, workspace=None):
        a, caches = [X], []
        outs = workspace if workspace is not None else [None] * self.n_layers
        for W, b, g, out in zip(self.W, self.b, self.activations, outs):
            out, cache = layer_forward(a[-1], W, b, g, out)
            a.append(out)
            caches.append(cache)
        return ForwardTrace(LayerList("a", a, first=0), LayerList("z", (c.z for c in caches)),
                            LayerList("cache", caches))

    def forward(self, X):
        """Output activations a^L, shape (n_L, m)."""
        A = self.check_X(X)
        for W, b, g in zip(self.W, self.b, self.activations):
            A = g.g(np.dot(W, A) + b)
        return A

    def predict(self, X):
        """Predicted class of each column: argmax of a^L, or a^L > 0.5 for one output unit."""
        A = self.forward(X)
        return (A[0] > 0.5).astype(int) if A.shape[0] == 1 else np.argmax(A, axis=0)

    # --- cost ---------------------------------------------------------------------
    def cost(self, X, Y):
        """C = (1/m) sum_examples loss + (lambda / 2m) sum_l ||W^[l]||^2 (eq. (cost-l2))."""
        X, Y = self.check_XY(X, Y)
        return self._cost_from_trace(self._forward_trace(X), Y)

    def _cost_from_trace(self, trace, Y):
        return self.cost_function(trace.a[-1], Y, trace.z[-1]) + self.l2_penalty(Y.shape[1])

    def l2_penalty(self, m):
        """The regularisation term (lambda / 2m) sum_l ||W^[l]||^2 of eq. (cost-l2); 0.0 when l2 = 0."""
        if not self.l2:
            return 0.0
        return self.l2 / (2 * m) * sum(float(np.vdot(W, W)) for W in self.W)

    # --- backward -----------------------------------------------------------------
    def gradients(self, X, Y):
        """(dW, db): LayerLists of dC/dW^[l] and dC/db^[l], l = 1..L, each the shape of its parameter.

        Vectorised backpropagation over the batch (eqs. (delta-output), (delta-back),
        (grad-W), (grad-b)); fresh arrays on every call, nothing accumulates.
        """
        X, Y = self.check_XY(X, Y)
        return self.backward(self._forward_trace(X), Y)

    def backward(self, trace, Y):
        """Backward pass from a forward trace: output error, then layer after layer back."""
        return parameter_views(self.sizes, self.backward_flat(trace, Y), ("dW", "db"))

    def forward_workspace(self, m):
        """Arrays (z, a) for every layer and a batch of m examples, for _forward_trace to reuse."""
        return [(np.empty((n, m)), np.empty((n, m))) for n in self.sizes[1:]]

    def gradient_buffers(self):
        """An empty gradient vector laid out like theta, with its per-layer views (grad, dW, db)."""
        grad = np.empty_like(self.theta)
        return (grad, *parameter_views(self.sizes, grad, ("dW", "db")))

    def backward_pass(self, trace, Y):
        """Backpropagation keeping every layer's delta (eqs. (delta-output), (delta-back), (grad-W), (grad-b)).

        The cost's output_delta gives delta^[L]; each layer's backward block linear_backward gives
        its dW, db and dC/da of the layer before, which times g'(z) (eq. (delta)) is that layer's delta.
        """
        L = self.n_layers
        delta, dC_da, dW, db = (LayerList.empty(name, L) for name in ("delta", "dC_da", "dW", "db"))
        delta[L] = self.cost_function.output_delta(trace.a[L], Y, trace.z[L], self.output)
        for l in range(L, 0, -1):
            da_prev, dW[l], db[l] = linear_backward(delta[l], trace.caches[l], self.W[l], l > 1)
            if l > 1:
                dC_da[l - 1] = da_prev
                delta[l - 1] = da_prev * self.activations[l - 1].prime_from_output(trace.a[l - 1])
            if self.l2:
                dW[l] += (self.l2 / Y.shape[1]) * self.W[l]  # from the penalty of eq. (cost-l2)
        return BackwardPass(delta, dC_da, dW, db)

    def backward_flat(self, trace, Y, buffers=None):
        """The gradient as one vector laid out like theta.

        Every entry is overwritten, so nothing accumulates between calls; a caller that takes
        many gradients can pass the same buffers (from gradient_buffers) every time.
        """
        grad, dW, db = buffers if buffers is not None else self.gradient_buffers()
        back = self.backward_pass(trace, Y)
        for l in range(1, self.n_layers + 1):
            dW[l], db[l] = back.dW[l], back.db[l]  # views: copies into grad
        return grad

    # --- parameters as one vector (the "13,002 coordinates" picture) ---------------
    def get_params(self):
        """A copy of theta: all parameters as one vector, layer by layer the matrix [W^[l] | b^[l]] row after row."""
        return self.theta.copy()

    def set_params(self, theta):
        """Inverse of get_params: write the vector theta back into weights and biases."""
        theta = np.asarray(theta, dtype=float)
        if theta.shape != self.theta.shape:
            raise ValueError(f"theta has shape {theta.shape}, expected {self.theta.shape}")
        self.theta[...] = theta

    def copy(self):
        """An independent copy with the same parameters."""
        twin = object.__new__(Network)
        twin.__dict__.update(self.__dict__)
        twin.theta = self.theta.copy()
        twin._W, twin._b = parameter_views(self.sizes, twin.theta)
        return twin
