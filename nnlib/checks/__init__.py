"""Self-checks for the book's coding exercises: pass your function, get a clear pass/fail.

    from nnlib.checks import check_sigmoid_prime
    check_sigmoid_prime(my_sigmoid_prime)      # last line of a notebook cell: a green or red box

Each check calls the student's function on fixed edge cases and on fresh random cases (new ones
on every run, so a hard-coded answer cannot pass), compares it with a reference written inside
this package (closed forms or finite differences of the cost, never nnlib's own backpropagation)
and returns a :class:`CheckResult`: truthy when passed (``result.passed``), with ``name``,
``message`` and, when it failed, the first failing case ``result.case`` (``inputs``,
``expected``, ``got``, ``hint``; also as ``result.inputs`` etc.). A check never raises, and a stub (returning zeros, its input, None or
a constant, or raising NotImplementedError) never passes.

    check_sigmoid_prime(fn)          fn(z) = σ'(z) = σ(z)(1 − σ(z))
    check_one_neuron_gradients(fn)   fn(w, b, a_prev, y) = (∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev)
    check_delta_back(fn)             fn(W_next, delta_next, z) = (W^[l+1])ᵀ δ^[l+1] ⊙ σ'(z^[l])
    check_batch_gradients(fn)        fn(W, b, X, Y, lam) = (dW, db) of the L2-regularised cost (W[l] is W^[l], l = 1..L)
    check_network_gradients(fn)      fn(net, X, Y) = (dW, db) of an nnlib Network (sigmoid, quadratic cost)
    check_sgd_step(fn)               fn(W, b, dW, db, lr): W[l] ← W[l] − lr·dW[l], b[l] ← b[l] − lr·db[l] in place
    check_minibatches(fn)            fn(X, Y, batch_size, rng) = [(Xb, Yb), ...]: one epoch shuffled (same columns) and cut
    check_descent_steps(fn)          fn(gradient, start, lr, steps) = [θ₀, θ₁, …], θ_{k+1} = θ_k − lr ∇C(θ_k)
    check_layer_backward(fn)         fn(da, cache, W) = (da_prev, dW, db) of a sigmoid layer's backward block
    check_one_neuron_cost(fn)        fn(w, b, x, y) = (1/m) Σ (σ(w x_i + b) − y_i)², the cost over a dataset
    check_activation_prime(fn, name) fn(z) = g'(z) for g = "sigmoid", "tanh", "relu" or "leaky_relu"
    check_accuracy(fn)               fn(A, Y) = the fraction of the m columns classified correctly
    check_confusion_matrix(fn)       fn(labels, predicted, n_classes) = M, M[t, p] = # of class t predicted as p
    check_centred_difference(fn)     fn(f, p, eps) = (f(p + ε eᵢ) − f(p − ε eᵢ)) / 2ε for every entry i of the array p
    check_numpy_loop(fn)             fn(W, b, batches, lr) = (W, b) after one step per batch, numpy only
"""
from .accuracy import check_accuracy
from .activation_prime import check_activation_prime
from .batch_gradients import check_batch_gradients
from .centred_difference import check_centred_difference
from .confusion_matrix import check_confusion_matrix
from .delta_back import check_delta_back
from .descent_steps import check_descent_steps
from .layer_backward import check_layer_backward
from .minibatches import check_minibatches
from .network_gradients import check_network_gradients
from .numpy_loop import check_numpy_loop
from .one_neuron import check_one_neuron_gradients
from .one_neuron_cost import check_one_neuron_cost
from .result import CheckResult, FailedCase
from .sgd_step import check_sgd_step
from .sigmoid_prime import check_sigmoid_prime

__all__ = [
    "CheckResult", "FailedCase", "check_accuracy", "check_activation_prime", "check_batch_gradients", "check_centred_difference", "check_confusion_matrix", "check_delta_back", "check_descent_steps",
    "check_layer_backward", "check_minibatches", "check_network_gradients", "check_numpy_loop", "check_one_neuron_cost", "check_one_neuron_gradients", "check_sgd_step", "check_sigmoid_prime",
]
