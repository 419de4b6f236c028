"""Self-check for the backward block of one sigmoid layer (the graphs chapter, S2's block picture):

    dz^[l]     = da^[l] * sigma'(z^[l])            (element-wise; sigma' from the cache)
    dW^[l]     = dz^[l] (a^[l-1])^T                (n_l, n_{l-1}): sums over the m columns
    db^[l]     = dz^[l] summed over the columns    (n_l, 1)
    da^[l-1]   = (W^[l])^T dz^[l]                  (n_{l-1}, m)

fn(da, cache, W) -> (da_prev, dW, db), where cache = LayerCache(a_prev, z, a) (the fields of
nnlib.layers.LayerCache, defined again here so the check imports nothing from nnlib) is what the
forward block kept: a^[l-1] (n_{l-1}, m), z^[l] and a^[l] = sigma(z^[l]) (n_l, m). The block
SUMS over the examples: any 1/m of an average is already inside da.
The reference is those four lines written out here with the package's reference sigma'
(nothing from nnlib's own backpropagation); the check's tests also compare it with finite
differences. Most cases have a non-square W, where a forgotten transpose raises a shape
error; one has a square W, where it silently gives wrong numbers.
"""
from typing import NamedTuple

import numpy as np

from .result import (Case, Failure, as_float_array, close, common_ratio, fresh_rng, nonfinite_where,
                     random_weights, ratio_hint, run_check, shape_failure, worst_mismatch)
from .sigmoid_prime import reference_sigmoid, reference_sigmoid_prime

EQUATION = ("dz = da ⊙ σ'(z),  dW = dz (a_prev)ᵀ,  db = Σ_columns dz,  da_prev = Wᵀ dz   "
            "(⊙: element-wise product)")
RTOL, ATOL = 1e-6, 1e-10
NAMES = ("da_prev", "dW", "db")
TRANSPOSE = ("Write the shape next to each factor: W is (n_l, n_{l-1}), dz and da are (n_l, m), "
             "a_prev is (n_{l-1}, m). So da_prev = W.T @ dz is (n_{l-1}, m) and dW = dz @ a_prev.T is "
             "(n_l, n_{l-1}) like W. Products with σ'(z) are element-wise (*), not @.")


class LayerCache(NamedTuple):
    """The forward block's cache, with the fields of nnlib.layers.LayerCache (kept independent)."""

    a_prev: np.ndarray  # a^[l-1], (n_{l-1}, m)
    z: np.ndarray  # z^[l], (n_l, m)
    a: np.ndarray  # a^[l] = sigma(z^[l]), (n_l, m)


def reference_layer_backward(da, cache, W):
    """(da_prev, dW, db) of a sigmoid layer, from the closed forms in this file's docstring."""
    dz = np.asarray(da, float) * reference_sigmoid_prime(cache.z)
    return np.asarray(W, float).T @ dz, dz @ np.asarray(cache.a_prev, float).T, dz.sum(axis=1, keepdims=True)


def make_cache(a_prev, W, b):
    """What a sigmoid layer's forward block keeps: LayerCache(a_prev, z = W a_prev + b, a = sigma(z))."""
    z = W @ a_prev + b
    return LayerCache(a_prev, z, reference_sigmoid(z))


def _case(label, rng, n_l, n_prev, m):
    W = random_weights(rng, n_l, n_prev)
    b = np.round(rng.normal(0, 0.5, (n_l, 1)), 4)
    a_prev = np.round(rng.uniform(0.05, 0.95, (n_prev, m)), 4)
    da = np.round(rng.normal(0, 0.5, (n_l, m)), 4)
    cache = make_cache(a_prev, W, b)
    return Case(label, {"da": da, "cache": cache, "W": W}, reference_layer_backward(da, cache, W))


def _cases():
    rng = fresh_rng()
    cases = [
        _case("one example (m = 1), W of shape (2, 3)", rng, 2, 3, 1),
        _case("a batch of m = 4 columns, W of shape (3, 2)", rng, 3, 2, 4),
        _case("square W (3, 3): a missing transpose gives wrong numbers, not an error", rng, 3, 3, 2),
        _case("one output unit from 4 inputs (S2's last layer), m = 5", rng, 1, 4, 5),
    ]
    for k in range(1, 5):
        n_l, n_prev = (int(n) for n in rng.choice(np.arange(1, 7), 2, replace=False))
        m = int(rng.integers(2, 7))
        cases.append(_case(f"random case {k}: W of shape {(n_l, n_prev)}, m = {m}", rng, n_l, n_prev, m))
    cases.append(_case("random square case: W of shape (4, 4), m = 3", rng, 4, 4, 3))
    return cases


def _variants(da, cache, W):
    """(da_prev, dW, db) for common mistakes, each with its hint."""
    a_prev, z, a = (np.asarray(x, float) for x in cache)
    m = da.shape[1]

    def from_dz(dz, back=None, W_back=None, a_in=None, scale=1.0):
        Wb = W.T if W_back is None else W_back
        return ((Wb @ (dz if back is None else back)) if Wb.shape[1] == dz.shape[0] else None,
                scale * dz @ (a_prev if a_in is None else a_in).T, scale * dz.sum(axis=1, keepdims=True))

    dz = da * reference_sigmoid_prime(z)
    out = [
        (from_dz(da), "The factor σ'(z) is missing: first dz = da * σ'(z), with σ'(z) = a (1 − a) "
                      "from the cache, then use dz (not da) in all three gradients."),
        (from_dz(da * a), "You multiplied by a = σ(z); the rule needs σ'(z) = σ(z)(1 − σ(z)) = a (1 − a)."),
        (from_dz(da * z * (1 - z)), "You used z (1 − z); σ'(z) is a (1 − a) with a = σ(z) (cache.a)."),
        (from_dz(dz, back=da), "da_prev must go back through σ' too: da_prev = W.T @ dz with "
                               "dz = da * σ'(z), not W.T @ da."),
        (from_dz(dz, scale=1.0 / m), f"dW and db are 1/m = 1/{m} of the right values: the backward block "
                                     f"SUMS over the m columns; the 1/m of the average is already in da."),
    ]
    if W.shape[0] == W.shape[1]:
        out += [
            (from_dz(dz, W_back=W), "You used W where the rule needs its transpose: da_prev = W.T @ dz. "
                                    "With a square W both have the right shape, but only the transpose "
                                    "sends each error back along the weight it came through."),
            (from_dz(dz, a_in=a), "dW uses the layer's INPUT a_prev (cache.a_prev), not its output "
                                  "a: dW = dz @ a_prev.T."),
        ]
    return out


def _as_triple(got):
    if isinstance(got, (tuple, list)) and len(got) == 3:
        return tuple(got)
    return None


def _evaluate(case, args, got):
    da, cache, W = case.inputs.values()
    expected = case.expected
    if got is None:
        return Failure("your function returned None; expected a tuple (da_prev, dW, db).",
                       "Did you forget the `return` statement? End with `return da_prev, dW, db`.")
    triple = _as_triple(got)
    if triple is None:
        n = f"{len(got)} values" if isinstance(got, (tuple, list)) else f"a {type(got).__name__}"
        return Failure(f"expected a tuple of three arrays (da_prev, dW, db); got {n}.",
                       "End your function with `return da_prev, dW, db`.")
    arrays = [as_float_array(g) for g in triple]
    shapes = [None if a is None else a.shape for a in arrays]
    want = [e.shape for e in expected]
    if shapes != want and sorted(map(str, shapes)) == sorted(map(str, want)) and len(set(map(str, want))) == 3:
        return Failure(f"the three results have the right shapes but in another order: got shapes "
                       f"{shapes}, expected {want} for (da_prev, dW, db).",
                       "Return them in the order da_prev, dW, db (the block's output for the layer "
                       "before comes first, as in nnlib.layer_backward).")
    for name, g, e in zip(NAMES, triple, expected):
        extra = TRANSPOSE
        if name == "db":
            extra = ("db has one entry per unit: sum dz over the columns (the examples) with "
                     "dz.sum(axis=1, keepdims=True).")
        fail = shape_failure(f"your {name}", e.shape, g, extra)
        if fail is not None:
            if name == "db" and shapes[2] == da.shape and da.shape != e.shape:
                fail.hint = ("Your db has one column per example: sum over the columns, "
                             "db = dz.sum(axis=1, keepdims=True).")
            if name == "dW" and shapes[1] == (W.shape[0], W.shape[0]):
                fail.hint = ("Your dW is (n_l, n_l): dW uses the layer's INPUT a_prev (cache.a_prev), "
                             "not its output a: dW = dz @ a_prev.T, of shape (n_l, n_{l-1}) like W.")
            return fail
    for name, before, after in (("da", da, args[0]), ("cache.a_prev", cache.a_prev, args[1].a_prev),
                                ("cache.z", cache.z, args[1].z), ("cache.a", cache.a, args[1].a), ("W", W, args[2])):
        if not np.array_equal(np.asarray(after), before):
            return Failure(f"your function changed its input {name} in place.",
                           "Compute into new arrays (dz = da * ...) instead of modifying the inputs "
                           "with -=, *= or [...] = .")
    bad = nonfinite_where(arrays, NAMES)
    if bad:
        return Failure(f"your result contains NaN or inf: {bad}.",
                       "σ'(z) = a (1 − a) from the cache is always finite.")
    wrong = [n for n, g, e in zip(NAMES, arrays, expected) if not close(g, e, RTOL, ATOL)]
    if not wrong:
        return None
    hint = ""
    for triple_v, h in _variants(da, cache, W):
        if all(v is not None and close(g, v, RTOL, ATOL) for g, v in zip(arrays, triple_v)):
            hint = h
            break
    if not hint:
        c = common_ratio(arrays, expected)
        hint = ratio_hint(c) if c is not None and abs(c + 1) > 1e-3 else (
            "The sign is wrong: there is no minus sign in the backward block." if c is not None else "")
    first = wrong[0]
    i = NAMES.index(first)
    where = worst_mismatch(arrays[i], expected[i], RTOL, ATOL, first)
    return Failure(f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} wrong, e.g. at {where}.",
                   hint or "Compute dz = da * a * (1 - a) first (a = cache.a), then da_prev = W.T @ dz, "
                           "dW = dz @ cache.a_prev.T and db = dz.sum(axis=1, keepdims=True).")


def check_layer_backward(fn):
    """Check the backward block of a sigmoid layer: fn(da, cache, W) -> (da_prev, dW, db).

    cache = LayerCache(a_prev, z, a) from the forward block; da = dC/da^[l] (n_l, m).
    dz = da ⊙ σ'(z); dW = dz a_prevᵀ; db = Σ_columns dz; da_prev = Wᵀ dz.
    Returns a CheckResult; never raises.
    """
    return run_check("check_layer_backward", fn, _cases(), _evaluate, EQUATION, shape_hint=TRANSPOSE)
