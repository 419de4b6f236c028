"""The self-check of the summary's exercise (the whole loop in plain numpy): the teacher's
solution passes, a stub fails, and the typical bugs (missing transpose, missing 1/m, missing
g'(z)) fail with the matching hint; its reference equals nnlib's backpropagation and sgd."""
import json
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib.checks import check_numpy_loop
from nnlib.checks.numpy_loop import reference_gradients, reference_loop

BOOK = Path(__file__).resolve().parents[1] / "book"


def _solution_namespace():
    """The summary's solution cell, markers and all, executed: backprop_numpy and train_numpy."""
    nb = json.loads((BOOK / "summary.ipynb").read_text())
    cell = next(c for c in nb["cells"] if "def train_numpy" in "".join(c["source"]))
    ns = {"np": np}
    exec("".join(cell["source"]), ns)
    return ns


def _variant(transpose=True, mean=True, g_prime=True):
    def backprop(W, b, X, Y):
        L, m = len(W), X.shape[1]
        a = {0: X}
        for l in range(1, L + 1):
            z = W[l] @ a[l - 1] + b[l]
            a[l] = 1 / (1 + np.exp(-z)) if l == L else np.tanh(z)
        delta = (a[L] - Y) / (m if mean else 1)
        dW, db = {}, {}
        for l in range(L, 0, -1):
            dW[l] = delta @ a[l - 1].T
            db[l] = delta.sum(axis=1, keepdims=True)
            if l > 1:
                delta = (W[l].T if transpose else W[l]) @ delta
                if g_prime:
                    delta = delta * (1 - a[l - 1] ** 2)
        return dW, db

    def train(W, b, batches, lr):
        L = len(W)
        for X, Y in batches:
            dW, db = backprop(W, b, X, Y)
            W = {l: W[l] - lr * dW[l] for l in range(1, L + 1)}
            b = {l: b[l] - lr * db[l] for l in range(1, L + 1)}
        return W, b
    return train


def test_the_teachers_solution_passes():
    ns = _solution_namespace()
    result = check_numpy_loop(ns["train_numpy"])
    assert result.passed, str(result)


def test_a_correct_in_place_version_passes():
    def in_place(W, b, batches, lr):
        for X, Y in batches:
            dW, db = reference_gradients(W, b, X, Y)  # lists, layer 1 first
            for W_l, b_l, dW_l, db_l in zip(W, b, dW, db):
                W_l -= lr * dW_l
                b_l -= lr * db_l
        return W, b
    assert check_numpy_loop(in_place).passed


def test_a_stub_fails_with_a_readable_message():
    def stub(W, b, batches, lr):
        raise NotImplementedError("write train_numpy")
    result = check_numpy_loop(stub)
    assert not result.passed and "not implemented yet" in result.message
    for lazy in (lambda w, b, B, lr: (w, b), lambda w, b, B, lr: None, lambda w, b, B, lr: 0):
        assert not check_numpy_loop(lazy).passed


@pytest.mark.parametrize("bug, hint", [
    ({"transpose": False}, "transpose"),
    ({"mean": False}, "1/m"),
    ({"g_prime": False}, "g'(z"),
])
def test_typical_bugs_fail_with_their_hint(bug, hint):
    for _ in range(3):  # fresh random cases on every run
        result = check_numpy_loop(_variant(**bug))
        assert not result.passed
        assert hint in result.hint or "shapes that do not fit" in result.hint, str(result)


def test_a_missing_transpose_is_caught_even_when_the_shapes_fit():
    """The square case [3, 3, 3, 3]: W and Wᵀ have the same shape, the hint names the transpose."""
    def only_square(W, b, batches, lr):
        if all(W[l].shape[0] == W[l].shape[1] for l in range(1, len(W))):
            return _variant(transpose=False)(W, b, batches, lr)
        return reference_loop(W, b, batches, lr)
    result = check_numpy_loop(only_square)
    assert not result.passed and "transpose" in result.hint


def test_the_reference_is_nnlibs_backprop_and_sgd():
    X, Y = nnlib.circles(60, noise=0.1, seed=1)
    net = nnlib.Network([2, 5, 3, 1], hidden="tanh", output="sigmoid", cost="cross_entropy", seed=2)
    dW, db = net.gradients(X[:, :7], Y[:, :7])
    rW, rb = reference_gradients(net.W, net.b, X[:, :7], Y[:, :7])
    assert all(np.allclose(a, b, rtol=1e-12, atol=1e-15) for a, b in zip([*dW, *db], rW + rb))
    rng, batches = np.random.default_rng(4), []
    for _ in range(2):
        order = rng.permutation(60)
        batches += [(X[:, order[k:k + 16]], Y[:, order[k:k + 16]]) for k in range(0, 60, 16)]
    W, b = reference_loop(net.W, net.b, batches, 0.7)
    twin = net.copy()
    nnlib.sgd(twin, X, Y, epochs=2, batch_size=16, lr=0.7, seed=4)
    assert max(np.abs(x - y).max() for x, y in zip(W + b, [*twin.W, *twin.b])) < 1e-12
