"""One step of mini-batch gradient descent, written for speed (book: eqs. (forward),
(delta-output), (delta-back), (grad-W), (grad-b), (update)).

Network.gradients builds the gradient from the layer blocks, the form the chapters teach.
sgd takes thousands of steps on batches of a few columns, where the fixed cost of each numpy
call outweighs the arithmetic, so this module computes the same equations with fewer calls:

- The bias rides along as the last column of each layer's [W | b] (the layout of
  Network.theta) and a row of ones under each activation, S3's bias unit:
      z = [W | b] [a; 1]                       eq. (forward), one matrix product
      [dW | db] = delta [a_prev; 1]^T          eqs. (grad-W) and (grad-b), one product
      dC/da_prev = W^T delta                   eq. (delta-back)
- Every array is allocated once, for one batch size, and then written in place.
- The step theta := theta - lr grad C (eq. (update)) is one subtraction on the whole
  parameter vector; lr multiplies delta^[L] once, since every gradient is linear in it.

tests/test_minibatch_step.py checks it against Network.gradients for every activation, cost
and l2 strength.
"""
import numpy as np

from .network import layer_parameter_matrices


class MinibatchStep:
    """Forward pass and cost, then backward pass and parameter step, for batches of m columns.

    The input batch comes with its row of ones: X1 = [X; 1], shape (n_0 + 1, m)
    (with_bias_row makes it). lr is the learning rate of step().
    """

    def __init__(self, net, m, lr=1.0):
        self.net, self.m, self.lr = net, m, lr
        sizes = net.sizes
        self.Wb = layer_parameter_matrices(sizes, net.theta)  # views [W | b]: always the current values
        self.grad = np.empty_like(net.theta)
        self.dWb = layer_parameter_matrices(sizes, self.grad)  # views [dW | db] into grad
        # a1[l] = [a^[l]; 1] for the hidden layers l = 1 .. L-1; the output layer keeps z^[L] as
        # well as a^[L], because the cross-entropy cost is computed from z^[L].
        self.a1 = [np.ones((n + 1, m)) for n in sizes[1:-1]]  # the rows above the last are overwritten
        self.forward_layers = [(Wb, g.g, a1, a1[:-1]) for Wb, g, a1 in zip(self.Wb, net.activations, self.a1)]
        self.z_out, self.a_out = np.empty((sizes[-1], m)), np.empty((sizes[-1], m))
        self.delta_out, self.work_out = np.empty((sizes[-1], m)), np.empty((sizes[-1], m))
        # Backward, from the top hidden layer down: what layer l needs to pass delta to layer l - 1.
        # (a^[l-1], [a^[l-1]; 1]^T, [dW | db]^[l], (W^[l])^T, delta^[l-1], g'(z^[l-1]), g of layer l - 1)
        self.backward_layers = [
            (self.a1[l - 1][:-1], self.a1[l - 1].T, self.dWb[l], self.Wb[l][:, :-1].T,
             np.empty((n, m)), np.empty((n, m)), net.activations[l].prime_from_output)
            for l, n in zip(range(net.n_layers - 1, 0, -1), sizes[-2:0:-1])
        ]

    def cost(self, X1, Y):
        """The batch cost C, after a forward pass z = [W | b] [a; 1], a = g(z) through every layer.

        Also leaves lr delta^[L] ready for step(): it comes from the same a^[L] - y as C.
        """
        net, a1 = self.net, X1
        for Wb, g, a1_next, a in self.forward_layers:  # a: the rows of a1_next above its row of ones
            np.dot(Wb, a1, out=a)
            g(a, out=a)
            a1 = a1_next
        np.dot(self.Wb[-1], a1, out=self.z_out)
        net.output.g(self.z_out, out=self.a_out)
        self.X1 = X1
        C, _ = net.cost_function.cost_and_delta(
            self.a_out, Y, self.z_out, net.output, self.lr, self.delta_out, self.work_out)
        return C + net.l2_penalty(self.m)

    def step(self):
        """Backward pass from the batch of the last cost() call, then theta := theta - lr grad C."""
        delta = self.delta_out  # lr delta^[L]: from here on every gradient is multiplied by lr
        for a_prev, a1_prev_T, dWb, W_T, delta_prev, g_prime, prime_from_output in self.backward_layers:
            np.dot(delta, a1_prev_T, out=dWb)  # lr [dW | db], eqs. (grad-W), (grad-b)
            np.dot(W_T, delta, out=delta_prev)  # lr dC/da of the layer below, eq. (delta-back)
            np.multiply(delta_prev, prime_from_output(a_prev, out=g_prime), out=delta_prev)
            delta = delta_prev
        np.dot(delta, self.X1.T, out=self.dWb[0])
        net = self.net
        if net.l2:
            for Wb, dWb in zip(self.Wb, self.dWb):
                dWb[:, :-1] += (self.lr * net.l2 / self.m) * Wb[:, :-1]  # from (lambda/2m) sum W^2
        np.subtract(net.theta, self.grad, out=net.theta)  # eq. (update), every W and b at once


def with_bias_row(X):
    """[X; 1]: X with a row of ones below it, shape (n + 1, m), in X's memory order.

    Keeping the order keeps the copy fast: a data set stored example by example (Fortran
    order, like nnlib.digits()) gives [X; 1] whose transpose is a C-ordered table of examples.
    """
    X1 = np.empty((X.shape[0] + 1, X.shape[1]), order="F" if X.flags.f_contiguous else "C")
    X1[:-1] = X
    X1[-1] = 1.0
    return X1
