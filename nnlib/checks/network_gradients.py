"""Self-check for a whole backward pass on an nnlib Network: fn(net, X, Y) -> (dW, db).

The network has sigmoid layers and the quadratic cost averaged over the m examples, with no
regularisation:

    C = (1/m) sum_examples sum_j (a_j^[L] - y_j)^2,
    delta^[L] = (2/m) (a^[L] - y) * sigma'(z^[L]),  delta^[l] = (W^[l+1])^T delta^[l+1] * sigma'(z^[l]),
    dC/dW^[l] = delta^[l] (a^[l-1])^T,  dC/db^[l] = sum over the columns of delta^[l].

The REFERENCE is the finite-difference one of check_batch_gradients (the cost written out with
plain numpy, never nnlib's backpropagation), with lambda = 0; its list of known mistakes names
the usual ones in the hint.
"""
from types import SimpleNamespace

import numpy as np

from ..layer_list import LayerList
from .batch_gradients import _problem, _unpack, _variants, reference_gradients
from .result import (Case, Failure, all_close, close, common_ratio, fresh_rng, nonfinite_where,
                     ratio_hint, run_check, worst_mismatch)
from .sigmoid_prime import reference_sigmoid

EQUATION = ("δ^[L] = (2/m)(a^[L] − y) ⊙ σ'(z^[L]),  δ^[l] = (W^[l+1])ᵀ δ^[l+1] ⊙ σ'(z^[l]),  "
            "∂C/∂W^[l] = δ^[l] (a^[l−1])ᵀ,  ∂C/∂b^[l] = Σ_columns δ^[l]")
RTOL, ATOL = 1e-5, 1e-8


class _Network:
    """A network of sigmoid layers with the part of nnlib.Network's interface the exercise uses:
    sizes, n_layers, W and b (W[l] is W^[l], l = 1..L), forward_trace(X) with trace.z[l] = z^[l]
    and trace.a[l] = a^[l], forward(X) and copy(). Written here, with plain numpy (and nnlib's
    container indexed by layer), so that the check does not depend on the backprop it checks."""

    def __init__(self, W, b):
        self.W = LayerList("W", (np.array(W_l, dtype=float) for W_l in W))
        self.b = LayerList("b", (np.array(b_l, dtype=float) for b_l in b))
        self.sizes = [self.W[1].shape[1]] + [W_l.shape[0] for W_l in self.W]
        self.n_layers = len(self.W)
        self.l2 = 0.0

    def forward_trace(self, X):
        a, z = [np.asarray(X, dtype=float)], []
        for W_l, b_l in zip(self.W, self.b):
            z.append(W_l @ a[-1] + b_l)
            a.append(reference_sigmoid(z[-1]))
        return SimpleNamespace(z=LayerList("z", z), a=LayerList("a", a, first=0))

    def forward(self, X):
        return self.forward_trace(X).a[-1]

    def copy(self):
        return _Network(self.W, self.b)

    def __repr__(self):
        return f"Network({self.sizes}, hidden='sigmoid', output='sigmoid', cost='quadratic', l2=0.0)"


def _network(W, b):
    return _Network(W, b)


def _cases():
    rng = fresh_rng()
    specs = [
        ("2 layers [2, 3, 2], m = 6", [2, 3, 2], 6),
        ("3 layers [4, 5, 3, 2], m = 6", [4, 5, 3, 2], 6),
        ("all square (n = m = 3): a missing transpose gives wrong numbers, not an error", [3, 3, 3], 3),
        ("one example (m = 1)", [3, 4, 2], 1),
        ("a chain of single neurons [1, 1, 1], m = 4", [1, 1, 1], 4),
    ]
    cases = []
    for label, sizes, m in specs:
        p = _problem(rng, sizes, m, 0.0)
        dW, db = reference_gradients(p["W"], p["b"], p["X"], p["Y"], 0.0)
        cases.append(Case(label, {"net": _network(p["W"], p["b"]), "X": p["X"], "Y": p["Y"]},
                          {"dW": LayerList("dW", dW), "db": LayerList("db", db), "W": p["W"], "b": p["b"]}))
    return cases


def _evaluate(case, args, got):
    W, b = case.expected["W"], case.expected["b"]
    res = _unpack(got, W, b)
    if isinstance(res, Failure):
        res.expected = {"dW": case.expected["dW"], "db": case.expected["db"]}
        return res
    gW, gb = res
    net_after, X_after, Y_after = args
    if not (all(np.array_equal(a, b) for a, b in zip([*net_after.W, *net_after.b], [*W, *b]))
            and np.array_equal(X_after, case.inputs["X"]) and np.array_equal(Y_after, case.inputs["Y"])):
        return Failure("your function changed the network, X or Y in place.",
                       "Computing gradients must not change the network: write them into new arrays.")
    eW, eb = list(case.expected["dW"]), list(case.expected["db"])
    shown = {"dW": LayerList("dW", gW), "db": LayerList("db", gb)}
    expected = {"dW": case.expected["dW"], "db": case.expected["db"]}
    bad = nonfinite_where(gW + gb, [f"dW[{l}]" for l in range(1, len(gW) + 1)] +
                          [f"db[{l}]" for l in range(1, len(gb) + 1)])
    if bad:
        return Failure(f"your gradients contain NaN or inf: {bad}.", got=shown, expected=expected)
    if all_close(gW + gb, eW + eb, RTOL, ATOL):
        return None
    wrong = [f"dW[{l}]" for l, (g, e) in enumerate(zip(gW, eW), 1) if not close(g, e, RTOL, ATOL)]
    wrong += [f"db[{l}]" for l, (g, e) in enumerate(zip(gb, eb), 1) if not close(g, e, RTOL, ATOL)]
    first = wrong[0]
    l = int(first[3:-1])
    g, e = (gW[l - 1], eW[l - 1]) if first.startswith("dW") else (gb[l - 1], eb[l - 1])
    message = f"wrong gradients in {', '.join(wrong)}; e.g. {worst_mismatch(g, e, RTOL, ATOL, first)}."
    hint = ""
    for variant, text in _variants(W, b, case.inputs["X"], case.inputs["Y"], 0.0):
        if variant is not None and all_close(gW + gb, variant[0] + variant[1], RTOL, ATOL):
            hint = text
            break
    if not hint:
        hint = ratio_hint(common_ratio(gW + gb, eW + eb), case.inputs["X"].shape[1])
    return Failure(message, hint, got=shown, expected=expected)


def check_network_gradients(fn):
    """Check fn(net, X, Y) -> (dW, db), backpropagation for an nnlib Network of sigmoid layers
    with the averaged quadratic cost and no regularisation. dW and db hold one array per layer,
    shaped like net.W[l] and net.b[l] (a LayerList, a dict keyed 1..L, or a list, layer 1 first). The reference is finite differences of the cost. Returns a
    CheckResult; never raises.
    """
    return run_check("check_network_gradients", fn, _cases(), _evaluate, EQUATION)
