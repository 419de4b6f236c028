"""Self-check for the whole training loop in plain numpy (the summary chapter):

    fn(W, b, batches, lr) -> (W, b) after one gradient-descent step per
    mini-batch, in the order given, for a network with tanh hidden layers, a sigmoid output and
    the cross-entropy cost C = -(1/m) Σ_i [y_i ln a_i + (1 − y_i) ln(1 − a_i)]:

    forward   z^[l] = W^[l] a^[l−1] + b^[l],  a^[l] = tanh(z^[l]) (l < L),  a^[L] = σ(z^[L])
    backward  δ^[L] = (a^[L] − y) / m,  δ^[l] = (W^[l+1])ᵀ δ^[l+1] ⊙ (1 − (a^[l])²)
              ∂C/∂W^[l] = δ^[l] (a^[l−1])ᵀ,  ∂C/∂b^[l] = Σ_i δ^[l]
    update    W^[l] ← W^[l] − η ∂C/∂W^[l],  b^[l] ← b^[l] − η ∂C/∂b^[l]

W and b are indexed by layer: W[l] is W^[l] with shape (n_l, n_{l−1}) and b[l] is b^[l] with
shape (n_l, 1) for l = 1..L (LayerLists); batches is a list of pairs (X_batch, Y_batch) with one
example per column. The given lists may be changed or not; the returned ones (a dict keyed
1..L, a LayerList, or a list, layer 1 first) are compared. The reference is this loop, written out here,
and its first gradient is checked against centred differences of the cost; nothing from the
rest of nnlib.
"""
import numpy as np

from ..layer_list import LayerList, in_layer_order

from .result import Case, Failure, all_close, close, fresh_rng, random_weights, run_check, shape_failure, worst_mismatch

EQUATION = ("for each (X, Y) in batches: forward (tanh hidden, σ output), δ^[L] = (a^[L] − Y)/m, "
            "δ^[l] = (W^[l+1])ᵀ δ^[l+1] ⊙ (1 − (a^[l])²), W ← W − η δ aᵀ, b ← b − η Σ δ")
RTOL, ATOL = 1e-7, 1e-10


def _forward(Ws, bs, X):
    A = [X]
    for l, (W, b) in enumerate(zip(Ws, bs), 1):
        z = W @ A[-1] + b
        A.append(1 / (1 + np.exp(-z)) if l == len(Ws) else np.tanh(z))
    return A


def cost(Ws, bs, X, Y):
    """The cross-entropy cost of the network on a batch (the objective the loop descends)."""
    a = _forward(Ws, bs, X)[-1]
    return float(-np.mean(np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a), axis=0)))


def reference_gradients(Ws, bs, X, Y, transpose=True, mean=True, g_prime=True):
    """dW, db of the cost on one batch; the flags switch off one piece (the typical bugs).

    Ws, bs: the parameters, layer 1 first; internally Ws[l - 1] is W^[l]. Returns lists, layer 1 first.
    """
    Ws, bs = list(Ws), list(bs)
    A = _forward(Ws, bs, X)
    m = X.shape[1]
    delta = (A[-1] - Y) / (m if mean else 1)
    dW, db = [None] * len(Ws), [None] * len(Ws)
    for l in range(len(Ws), 0, -1):
        dW[l - 1] = delta @ A[l - 1].T
        db[l - 1] = delta.sum(axis=1, keepdims=True)
        if l > 1:
            W = Ws[l - 1]
            back = (W.T if transpose else W) @ delta
            delta = back * (1 - A[l - 1] ** 2) if g_prime else back
    return dW, db


def reference_loop(Ws, bs, batches, lr, **bug):
    Ws, bs = [W.copy() for W in Ws], [b.copy() for b in bs]
    for X, Y in batches:
        dW, db = reference_gradients(Ws, bs, X, Y, **bug)
        Ws = [W - lr * g for W, g in zip(Ws, dW)]
        bs = [b - lr * g for b, g in zip(bs, db)]
    return Ws, bs


def _centred_ok(Ws, bs, X, Y, eps=1e-6):
    """The reference's gradient equals centred differences of the cost (guards the reference)."""
    dW, db = reference_gradients(Ws, bs, X, Y)
    for params, grads in ((Ws, dW), (bs, db)):
        for P, G in zip(params, grads):
            for i in np.ndindex(P.shape):
                saved = P[i]
                P[i] = saved + eps
                plus = cost(Ws, bs, X, Y)
                P[i] = saved - eps
                minus = cost(Ws, bs, X, Y)
                P[i] = saved
                if abs((plus - minus) / (2 * eps) - G[i]) > 1e-6 * max(1.0, abs(G[i])):
                    return False
    return True


def _problem(rng, sizes, m, n_batches, lr):
    Ws = [random_weights(rng, n, k) * 0.7 for k, n in zip(sizes[:-1], sizes[1:])]
    bs = [np.round(rng.normal(0, 0.5, (n, 1)), 4) for n in sizes[1:]]
    batches = []
    for _ in range(n_batches):
        X = np.round(rng.normal(0, 1, (sizes[0], m)), 4)
        Y = rng.integers(0, 2, (sizes[-1], m)).astype(float)
        batches.append((X, Y))
    return {"W": LayerList("W", Ws), "b": LayerList("b", bs), "batches": batches, "lr": float(lr)}


def _cases():
    rng = fresh_rng()
    specs = [
        ("one step, sizes [2, 3, 1], a batch of 4", _problem(rng, [2, 3, 1], 4, 1, 0.5)),
        ("square layers [3, 3, 3, 3] (3 outputs): a missing transpose shows", _problem(rng, [3, 3, 3, 3], 5, 2, 0.5)),
        ("three steps, sizes [2, 4, 6, 1], batches of 6", _problem(rng, [2, 4, 6, 1], 6, 3, 0.3)),
    ]
    for k in range(1, 3):
        L = int(rng.integers(2, 4))
        sizes = [int(n) for n in rng.integers(1, 5, L + 1)]
        lr = round(float(rng.uniform(0.1, 1.0)), 3)
        specs.append((f"random case {k}: sizes {sizes}, 2 steps, lr = {lr}",
                      _problem(rng, sizes, int(rng.integers(2, 7)), 2, lr)))
    cases = []
    for label, p in specs:
        assert _centred_ok([W.copy() for W in p["W"]], [b.copy() for b in p["b"]], *p["batches"][0])
        W, b = reference_loop(p["W"], p["b"], p["batches"], p["lr"])
        cases.append(Case(label, p, {"W": LayerList("W", W), "b": LayerList("b", b)}))
    return cases


HINTS = [
    ({"transpose": False}, "Going back a layer needs the transpose: δ^[l] = (W^[l+1])ᵀ δ^[l+1] ⊙ g'(z^[l])."),
    ({"mean": False}, "The 1/m is missing: the cost is an average over the m examples of the batch, so "
                      "δ^[L] = (a^[L] − Y) / m (or divide dW and db by m)."),
    ({"g_prime": False}, "The factor g'(z^[l]) is missing going back: for tanh, g'(z) = 1 − tanh(z)² = "
                         "1 − (a^[l])²."),
]


def _evaluate(case, args, got):
    p = case.inputs
    L = len(p["W"])
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        return Failure("return the pair (W, b): two lists of arrays, one per layer.",
                       "End with `return W, b`.")
    new = {}
    for name, lst, ref in (("W", got[0], p["W"]), ("b", got[1], p["b"])):
        if not isinstance(lst, (list, tuple, LayerList, dict)) or len(lst) != L:
            return Failure(f"{name} should hold {L} arrays, one per layer.")
        try:
            new[name] = in_layer_order(lst, L, name)
        except ValueError as err:
            return Failure(str(err), f"Use the layer numbers as keys: {name}[l] for l = 1..{L}.")
        for l, (x, r) in enumerate(zip(new[name], ref), 1):
            fail = shape_failure(f"{name}[{l}]", r.shape, x)
            if fail is not None:
                return fail
    gW, gb = [np.asarray(x, float) for x in new["W"]], [np.asarray(x, float) for x in new["b"]]
    eW, eb = list(case.expected["W"]), list(case.expected["b"])
    if all_close(gW + gb, eW + eb, RTOL, ATOL):
        return None
    shown = {"W": LayerList("W", gW), "b": LayerList("b", gb)}
    if all_close(gW + gb, [*p["W"], *p["b"]], 0, 0):
        return Failure("the parameters did not change: take one step per mini-batch.", got=shown)
    hint = ""
    for bug, text in HINTS:
        try:
            with np.errstate(all="ignore"):
                vW, vb = reference_loop(p["W"], p["b"], p["batches"], p["lr"], **bug)
        except ValueError:  # a missing transpose does not fit non-square matrices
            continue
        if all_close(gW + gb, vW + vb, RTOL, ATOL):
            hint = text
            break
    wrong = [(f"W[{l + 1}]", gW[l], eW[l]) for l in range(L) if not close(gW[l], eW[l], RTOL, ATOL)]
    wrong += [(f"b[{l + 1}]", gb[l], eb[l]) for l in range(L) if not close(gb[l], eb[l], RTOL, ATOL)]
    name, g, e = wrong[0]
    return Failure(f"wrong parameters after the steps in {', '.join(w[0] for w in wrong)}; e.g. "
                   f"{worst_mismatch(g, e, RTOL, ATOL, name)}.",
                   hint or "Check each piece on one batch first: forward, δ^[L], the step back, dW, db, the update.",
                   got=shown)


def check_numpy_loop(fn):
    """Check fn(W, b, batches, lr) -> (W, b): one gradient-descent step per
    mini-batch of a tanh/sigmoid network with the cross-entropy cost, in plain numpy (see the
    module docstring for the equations). Returns a CheckResult; never raises.
    """
    return run_check("check_numpy_loop", fn, _cases(), _evaluate, EQUATION)
