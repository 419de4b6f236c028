"""Self-check for backpropagation over a mini-batch (S3's algorithm), sigmoid layers, quadratic cost, L2.

    C = (1/m) sum_{examples} C_0 + (lambda / (2m)) sum_l ||W^[l]||^2,   C_0 = sum_j (a_j^[L] - y_j)^2

(no factor 1/2; the L2 term covers the weights only, never the biases). The student returns
dC/dW^[l] and dC/db^[l] for every layer. Backpropagation gives

    delta^[L] = 2 (a^[L] - y) * sigma'(z^[L]),   delta^[l] = (W^[l+1])^T delta^[l+1] * sigma'(z^[l]),
    dC/dW^[l] = (1/m) sum_i delta^[l] (a^[l-1])^T + (lambda/m) W^[l],   dC/db^[l] = (1/m) sum_i delta^[l].

The REFERENCE is not that algorithm: it is centred finite differences of the cost C written
out below with plain numpy, (C(p + eps) - C(p - eps)) / (2 eps) for every weight and bias p.
A closed-form backpropagation with deliberate mistakes (_backprop) is used only to recognise
common mistakes and name them in the hint.
"""
import copy

import numpy as np

from ..layer_list import LayerList, in_layer_order
from .result import (Case, Failure, all_close, as_float_array, call_student, close, common_ratio,
                     fresh_rng, nonfinite_where, ratio_hint, run_check, shape_failure, worst_mismatch)
from .sigmoid_prime import reference_sigmoid, reference_sigmoid_prime

EQUATION = ("C = (1/m) Σ_examples Σ_j (a_j^[L] − y_j)² + (λ/(2m)) Σ_l ‖W^[l]‖²  →  "
            "∂C/∂W^[l] = (1/m) Σ δ^[l] (a^[l−1])ᵀ + (λ/m) W^[l],  ∂C/∂b^[l] = (1/m) Σ δ^[l],  "
            "δ^[L] = 2(a^[L] − y) ⊙ σ'(z^[L]),  δ^[l] = (W^[l+1])ᵀ δ^[l+1] ⊙ σ'(z^[l])")
RTOL, ATOL = 1e-5, 1e-8
EPS = 1e-6
TRANSPOSE = ("Check the transposes: δ^[l] = (W^[l+1])ᵀ δ^[l+1] is W.T @ delta, and ∂C/∂W^[l] = "
             "δ^[l] (a^[l−1])ᵀ is delta @ a_prev.T, of shape (n_l, n_{l−1}) like W^[l]. "
             "Products with σ'(z) are element-wise (*).")
ACCUMULATE = ("Gradients accumulate across calls: your function returns different results for the "
              "same inputs. Create the gradient arrays afresh inside the function on every call "
              "(e.g. dW = {} and then dW[l] = ...), not once outside it or as a "
              "default argument, and do not add to arrays kept from an earlier call.")


# --------------------------------------------------------------------------------------
# The reference: finite differences of the cost, written out here
# --------------------------------------------------------------------------------------
def reference_cost(Ws, bs, X, Y, lam):
    """C = (1/m) sum over columns of sum_j (a_j - y_j)^2 + (lam / 2m) sum_l ||W^[l]||^2."""
    A = X
    for W, b in zip(Ws, bs):
        A = reference_sigmoid(W @ A + b)
    m = X.shape[1]
    return float(np.sum((A - Y) ** 2)) / m + lam / (2 * m) * sum(float(np.sum(W * W)) for W in Ws)


def reference_gradients(Ws, bs, X, Y, lam, eps=EPS):
    """(dW, db) by centred differences (C(p + eps) - C(p - eps)) / (2 eps), one entry at a time."""
    Ws = [np.array(W, dtype=float) for W in Ws]
    bs = [np.array(b, dtype=float) for b in bs]
    grads = []
    for p in Ws + bs:
        g = np.empty_like(p)
        for idx in np.ndindex(p.shape):
            saved = p[idx]
            p[idx] = saved + eps
            c_plus = reference_cost(Ws, bs, X, Y, lam)
            p[idx] = saved - eps
            c_minus = reference_cost(Ws, bs, X, Y, lam)
            p[idx] = saved
            g[idx] = (c_plus - c_minus) / (2 * eps)
        grads.append(g)
    L = len(Ws)
    return grads[:L], grads[L:]


# --------------------------------------------------------------------------------------
# Known mistakes, reproduced on purpose to recognise them
# --------------------------------------------------------------------------------------
def _backprop(Ws, bs, X, Y, lam, data_scale=None, reg=None, bias_reg=0.0,
              transpose_back=True, transpose_dW=True, out_prime=True):
    """Backpropagation with switchable mistakes; the defaults give the right answer.

    data_scale multiplies sum_i delta a^T (right: 2/m, the 2 of the loss and the 1/m of the mean);
    reg multiplies W in dW (right: lam/m); bias_reg multiplies b in db (right: 0).
    Returns None when a mistake makes the shapes incompatible.
    """
    Ws, bs, m = list(Ws), list(bs), X.shape[1]  # internal: Ws[l] is W^[l+1]
    data_scale = 2.0 / m if data_scale is None else data_scale
    reg = lam / m if reg is None else reg
    a, zs = [X], []
    for W, b in zip(Ws, bs):
        zs.append(W @ a[-1] + b)
        a.append(reference_sigmoid(zs[-1]))
    L = len(Ws)
    dW, db = [None] * L, [None] * L
    delta = (a[-1] - Y) * (reference_sigmoid_prime(zs[-1]) if out_prime else 1.0)
    try:
        for l in range(L - 1, -1, -1):
            prod = delta @ a[l].T if transpose_dW else delta @ a[l]
            dW[l] = data_scale * prod + reg * Ws[l]
            db[l] = data_scale * delta.sum(axis=1, keepdims=True) + bias_reg * bs[l]
            if l:
                back = Ws[l].T @ delta if transpose_back else Ws[l] @ delta
                delta = back * reference_sigmoid_prime(zs[l - 1])
    except ValueError:
        return None
    if any(g.shape != W.shape for g, W in zip(dW, Ws)):
        return None
    return dW, db


def _variants(Ws, bs, X, Y, lam):
    """(gradients, hint) for the mistakes students make most often."""
    m, n0 = X.shape[1], X.shape[0]
    bp = lambda **kw: _backprop(Ws, bs, X, Y, lam, **kw)  # noqa: E731
    twom = ("The quadratic loss has no 1/2: C₀ = Σ (a − y)², so δ^[L] = 2(a^[L] − y) ⊙ σ'(z^[L]) and "
            "the data part of the gradient carries 2/m, not 1/m.")
    no_mean = (f"The cost is the AVERAGE over the m = {m} examples: divide the summed gradient "
               f"by m (2/m with the loss's factor 2). Yours is m times too large.")
    return [
        (bp(data_scale=1.0 / m), "A factor 2 is missing (1/m instead of 2/m). " + twom),
        (bp(data_scale=2.0), no_mean),
        (bp(data_scale=2.0, reg=lam), no_mean),
        (bp(data_scale=1.0), "Both the factor 2 of the loss and the 1/m of the average are missing. " + twom),
        (bp(data_scale=2.0 / m ** 2), f"You divide by m twice (m = {m}): divide the summed δ (a)ᵀ by m once."),
        (bp(data_scale=2.0 / n0, reg=lam / n0),
         f"m is the number of examples, the number of COLUMNS of X: m = X.shape[1] = {m}, "
         f"not X.shape[0] = {n0}."),
        (bp(bias_reg=lam / m), "The biases are regularised too: the L2 term (λ/(2m)) Σ ‖W‖² covers the "
                               "weights only, so ∂C/∂b^[l] has no (λ/m) b^[l] term."),
        (bp(bias_reg=lam), "The biases are regularised too: the L2 term covers the weights only, never "
                           "the biases, so ∂C/∂b^[l] has no λ b term."),
        (bp(reg=lam), "The regularisation term should be (λ/m) W^[l], not λ W^[l]: the derivative of "
                      "(λ/(2m)) ‖W‖² is (λ/m) W."),
        (bp(reg=lam / (2 * m)), "The regularisation term should be (λ/m) W^[l]: the derivative of "
                                "(λ/(2m)) ‖W‖² is (λ/m) W, not (λ/(2m)) W."),
        (bp(reg=0.0), "The regularisation term is missing: add (λ/m) W^[l] to ∂C/∂W^[l] (weights only)."),
        (bp(reg=-lam / m), "The regularisation term has the wrong sign: ∂C/∂W^[l] gets + (λ/m) W^[l]."),
        (bp(transpose_back=False), "A transpose is missing when going back a layer: δ^[l] = "
                                   "(W^[l+1])ᵀ δ^[l+1] ⊙ σ'(z^[l]), i.e. W.T @ delta, not W @ delta. "
                                   "With square layers both run, but only the transpose is right."),
        (bp(transpose_dW=False), "A transpose is missing in ∂C/∂W^[l] = (1/m) Σ δ^[l] (a^[l−1])ᵀ, "
                                 "i.e. delta @ a_prev.T, not delta @ a_prev. With square shapes both "
                                 "run, but only the transpose is right."),
        (bp(transpose_back=False, transpose_dW=False), "Transposes are missing. " + TRANSPOSE),
        (bp(out_prime=False), "σ'(z^[L]) is missing from the output error: δ^[L] = 2(a^[L] − y) ⊙ "
                              "σ'(z^[L]) for a sigmoid output layer."),
    ]


# --------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------
def _problem(rng, sizes, m, lam):
    Ws = [np.round(rng.normal(0, 1, (n, k)), 4) for k, n in zip(sizes[:-1], sizes[1:])]
    # non-zero biases, so a regularised bias shows
    bs = [np.round(rng.choice([-1, 1], (n, 1)) * rng.uniform(0.2, 1.0, (n, 1)), 4) for n in sizes[1:]]
    X = np.round(rng.uniform(-2, 2, (sizes[0], m)), 4)
    Y = np.round(rng.uniform(0, 1, (sizes[-1], m)), 4)
    return {"W": LayerList("W", Ws), "b": LayerList("b", bs), "X": X, "Y": Y, "lam": float(lam)}


def _random_sizes(rng):
    """Non-square layers and m different from every layer size, so a missing transpose raises."""
    while True:
        L = int(rng.integers(2, 4))
        sizes = [int(n) for n in rng.integers(1, 6, L + 1)]
        m = int(rng.integers(2, 7))
        if all(a != b for a, b in zip(sizes, sizes[1:])) and m not in sizes:
            return sizes, m


def _cases():
    rng = fresh_rng()
    first = _problem(rng, [3, 4, 2], 5, 0.0)
    specs = [
        ("2 layers [3, 4, 2], m = 5, λ = 0", first),
        ("the same inputs again: a second call must give the same result", copy.deepcopy(first)),
        ("the same shapes, new numbers: the result must not depend on earlier calls",
         _problem(rng, [3, 4, 2], 5, 0.0)),
        ("3 layers [2, 5, 3, 1], m = 4, with L2 regularisation λ = 0.8", _problem(rng, [2, 5, 3, 1], 4, 0.8)),
        ("all square (n = m = 3): a missing transpose gives wrong numbers, not an error",
         _problem(rng, [3, 3, 3], 3, 0.5)),
        ("one example (m = 1), λ = 0.3", _problem(rng, [4, 3, 2], 1, 0.3)),
    ]
    for k in range(1, 4):
        sizes, m = _random_sizes(rng)
        lam = 0.0 if k == 1 else round(float(rng.uniform(0.1, 2.0)), 3)
        specs.append((f"random case {k}: sizes {sizes}, m = {m}, λ = {lam}", _problem(rng, sizes, m, lam)))
    cases = []
    for label, inputs in specs:
        expected = reference_gradients(*inputs.values())
        cases.append(Case(label, inputs, {"dW": LayerList("dW", expected[0]), "db": LayerList("db", expected[1])}))
    return cases


# --------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------
def _unpack(got, W, b):
    """(dW, db) as lists of float arrays (layer 1 first), or a Failure saying what is wrong with the return value."""
    L = len(W)
    if got is None:
        return Failure("your function returned None; expected a tuple (dW, db) of two lists of arrays.",
                       "Did you forget the `return dW, db` statement?")
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        what = f"{type(got).__name__} of length {len(got)}" if isinstance(got, (tuple, list)) else (
            f"array of shape {got.shape}" if isinstance(got, np.ndarray) else type(got).__name__)
        return Failure(f"expected a tuple (dW, db) of two lists; got {what}.",
                       "End your function with `return dW, db`, where dW and db hold one array per "
                       "layer, dW[l] for layer l = 1..L.")
    out = []
    for name, grads, params in (("dW", got[0], W), ("db", got[1], b)):
        param = name[1:]
        one_per_layer = isinstance(grads, (list, tuple, LayerList, dict)) and len(grads) == L
        if one_per_layer:
            try:
                grads = in_layer_order(grads, L, name)
            except ValueError as err:
                return Failure(str(err), f"Use the layer numbers as keys: {name}[l] for l = 1..{L}.")
        else:
            what = f"{type(grads).__name__} of length {len(grads)}" if isinstance(
                grads, (list, tuple, LayerList, dict)) else (
                f"array of shape {grads.shape}" if isinstance(grads, np.ndarray) else type(grads).__name__)
            hint = f"{name}[l] belongs to layer l = 1..{L} and has the shape of {param}[l]."
            if all(isinstance(x, np.ndarray) for x in got):
                hint = "Did you return only dW (or only db)? End with `return dW, db`. " + hint
            return Failure(f"{name} should hold {L} arrays, one per layer; got {what}.", hint)
        arrays = []
        for l, (g, p) in enumerate(zip(grads, params), start=1):
            fail = shape_failure(f"{name}[{l}]", p.shape, g, f"{name}[{l}] has the shape of {param}[{l}].")
            if fail is not None:
                fail.message = fail.message.replace("expected shape", f"expected the shape of {param}[{l}],")
                return fail
            arrays.append(np.array(as_float_array(g), dtype=float))
        out.append(arrays)
    return out[0], out[1]


class _Evaluator:
    """Compares each case; remembers earlier answers to recognise accumulation across calls."""

    def __init__(self, fn):
        self.fn = fn
        self.history = []  # (shapes, got, expected) of earlier cases

    def __call__(self, case, args, got):
        inp = case.inputs
        W, b = inp["W"], inp["b"]
        res = _unpack(got, W, b)
        if isinstance(res, Failure):
            return res
        gW, gb = res
        names = [f"W[{l}]" for l in range(1, len(W) + 1)] + [f"b[{l}]" for l in range(1, len(b) + 1)]
        for name, before, after in zip(names + ["X", "Y"], [*W, *b, inp["X"], inp["Y"]],
                                       list(args[0]) + list(args[1]) + [args[2], args[3]]):
            if not np.array_equal(np.asarray(after), before):
                return Failure(f"your function changed its input {name} in place.",
                               "Computing gradients must not change the network: write them into new "
                               "arrays and leave the update W ← W − η ∂C/∂W to the step function.")
        eW, eb = list(case.expected["dW"]), list(case.expected["db"])
        shown_got = {"dW": LayerList("dW", gW), "db": LayerList("db", gb)}
        bad = nonfinite_where(gW + gb, [f"dW[{l}]" for l in range(1, len(gW) + 1)] +
                              [f"db[{l}]" for l in range(1, len(gb) + 1)])
        if bad:
            return Failure(f"your gradients contain NaN or inf: {bad}.",
                           "Compute σ(z) as 1 / (1 + np.exp(-z)) and σ'(z) as σ(z)(1 − σ(z)).", got=shown_got)
        shapes = tuple(W_l.shape for W_l in W) + (inp["X"].shape, inp["Y"].shape)
        ok = all_close(gW + gb, eW + eb, RTOL, ATOL)
        previous = [h for h in self.history if h[0] == shapes]
        self.history.append((shapes, gW + gb, eW + eb))
        if ok:
            return None
        return Failure(self._message(gW, gb, eW, eb), self._hint(case, gW + gb, eW + eb, previous),
                       got=shown_got)

    def _message(self, gW, gb, eW, eb):
        wrong = [f"dW[{l}]" for l, (g, e) in enumerate(zip(gW, eW), 1) if not close(g, e, RTOL, ATOL)]
        wrong += [f"db[{l}]" for l, (g, e) in enumerate(zip(gb, eb), 1) if not close(g, e, RTOL, ATOL)]
        right = [f"dW[{l}]" for l, (g, e) in enumerate(zip(gW, eW), 1) if close(g, e, RTOL, ATOL)]
        right += [f"db[{l}]" for l, (g, e) in enumerate(zip(gb, eb), 1) if close(g, e, RTOL, ATOL)]
        first = wrong[0]
        kind, l = first[:2], int(first[3:-1])
        g, e = (gW[l - 1], eW[l - 1]) if kind == "dW" else (gb[l - 1], eb[l - 1])
        msg = f"wrong gradients in {', '.join(wrong)}"
        if right:
            msg += f" (right: {', '.join(right)})"
        return msg + f"; e.g. {worst_mismatch(g, e, RTOL, ATOL, first)}."

    def _hint(self, case, got, expected, previous):
        inp = case.inputs
        # 1. accumulation across calls
        if previous:
            diff = [g - e for g, e in zip(got, expected)]
            if all_close(diff, previous[-1][1], RTOL, ATOL) or all_close(
                    diff, [sum(h[2][i] for h in previous) for i in range(len(got))], RTOL, ATOL):
                return ACCUMULATE
            if all_close(got, previous[-1][1], RTOL, ATOL):
                return ("Your function returned the same gradients as for the previous, different "
                        "inputs: compute them from the arguments on every call (no caching, no "
                        "global variables).")
        # 2. a known mistake
        for variant, hint in _variants(*inp.values()):
            if variant is not None and all_close(got, variant[0] + variant[1], RTOL, ATOL):
                return hint
        # 3. state kept between calls (e.g. from an earlier run of the check)
        again, exc = call_student(self.fn, copy.deepcopy(list(inp.values())))
        if exc is None:
            res = _unpack(again, inp["W"], inp["b"])
            if not isinstance(res, Failure) and not all_close(res[0] + res[1], got, RTOL, ATOL):
                return ACCUMULATE
        # 4. a constant factor, or where the error starts
        c = common_ratio(got, expected)
        if c is not None:
            return ratio_hint(c, inp["X"].shape[1])
        L = len(inp["W"])
        gW, gb, eW, eb = got[:L], got[L:], expected[:L], expected[L:]
        last_ok = close(gW[-1], eW[-1], RTOL, ATOL) and close(gb[-1], eb[-1], RTOL, ATOL)
        if last_ok:
            return ("The last layer is right but earlier layers are not: check the delta rule "
                    "δ^[l] = (W^[l+1])ᵀ δ^[l+1] ⊙ σ'(z^[l]), with z^[l] of layer l itself.")
        if all(close(g, e, RTOL, ATOL) for g, e in zip(gb, eb)):
            return ("All ∂C/∂b are right but some ∂C/∂W are not: ∂C/∂W^[l] = (1/m) δ^[l] (a^[l−1])ᵀ "
                    "+ (λ/m) W^[l], with the activations a^[l−1] of the layer BEFORE (a^[0] = X).")
        return ("Start from δ^[L] = 2(a^[L] − y) ⊙ σ'(z^[L]) over the whole batch, go back with "
                "δ^[l] = (W^[l+1])ᵀ δ^[l+1] ⊙ σ'(z^[l]), then ∂C/∂W^[l] = (1/m) δ^[l] (a^[l−1])ᵀ + "
                "(λ/m) W^[l] and ∂C/∂b^[l] = (1/m) Σ_columns δ^[l].")


def check_batch_gradients(fn):
    """Check fn(W, b, X, Y, lam) -> (dW, db), the exact gradient of the cost

        C = (1/m) Σ_examples Σ_j (a_j^[L] − y_j)² + (λ/(2m)) Σ_l ‖W^[l]‖²

    for a network of sigmoid layers z^[l] = W^[l] a^[l−1] + b^[l], a^[l] = σ(z^[l]), a^[0] = X.
    W and b are LayerLists indexed by layer: W[l] is W^[l] (n_l, n_{l-1}), b[l] is b^[l] (n_l, 1)
    for l = 1..L; X (n_0, m) and Y (n_L, m) hold one example per column; lam is λ. dW and db hold
    one array per layer (a LayerList, a dict keyed 1..L, or a list, layer 1 first):  ∂C/∂W^[l] = (1/m) Σ δ^[l] (a^[l−1])ᵀ + (λ/m) W^[l],  ∂C/∂b^[l] = (1/m) Σ δ^[l].
    The reference is finite differences of C. Returns a CheckResult; never raises.
    """
    return run_check("check_batch_gradients", fn, _cases(), _Evaluator(fn), EQUATION, shape_hint=TRANSPOSE)
