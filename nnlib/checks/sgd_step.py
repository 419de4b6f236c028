"""Self-check for one step of gradient descent, done in place:

    W^[l] <- W^[l] - eta dC/dW^[l],   b^[l] <- b^[l] - eta dC/db^[l]   for every layer l.

fn(W, b, dW, db, lr) gets LayerLists indexed by layer (W[l] is W^[l], l = 1..L) and must change
them, so the caller (for example a Network holding those lists) sees the new parameters. Both
ways of doing that count: updating each array (W_l -= lr * dW_l) or putting the new array into
the list (W[l] = W[l] - lr * dW[l]). The reference is the formula, written out here.
"""
import numpy as np

from ..layer_list import LayerList

from .result import (Case, Failure, all_close, as_float_array, close, fresh_rng, run_check,
                     shape_failure, worst_mismatch)

EQUATION = "W^[l] ← W^[l] − η ∂C/∂W^[l],  b^[l] ← b^[l] − η ∂C/∂b^[l]  for every layer l, in place (η = lr)"
RTOL, ATOL = 1e-9, 1e-12
IN_PLACE = ("Change the lists you were given, for example `W_l -= lr * dW_l` for each pair, or "
            "`W[l] = W[l] - lr * dW[l]`. Writing `W_l = W_l - lr * dW_l` inside a for loop only "
            "rebinds the loop variable, and building new lists leaves the caller's lists unchanged.")


def _problem(rng, sizes, lr):
    Ws = [np.round(rng.normal(0, 1, (n, k)), 4) for k, n in zip(sizes[:-1], sizes[1:])]
    bs = [np.round(rng.normal(0, 1, (n, 1)), 4) for n in sizes[1:]]
    # gradients clearly non-zero, so a step that does nothing always shows
    dW = [np.round(rng.choice([-1, 1], W.shape) * rng.uniform(0.1, 1.0, W.shape), 4) for W in Ws]
    db = [np.round(rng.choice([-1, 1], b.shape) * rng.uniform(0.1, 1.0, b.shape), 4) for b in bs]
    return {"W": LayerList("W", Ws), "b": LayerList("b", bs), "dW": LayerList("dW", dW),
            "db": LayerList("db", db), "lr": float(lr)}


def _expected(p):
    return ([W - p["lr"] * g for W, g in zip(p["W"], p["dW"])],
            [b - p["lr"] * g for b, g in zip(p["b"], p["db"])])


def _cases():
    rng = fresh_rng()
    specs = [
        ("2 layers [2, 3, 1], lr = 0.1", _problem(rng, [2, 3, 1], 0.1)),
        ("3 layers [4, 3, 3, 2], lr = 0.5", _problem(rng, [4, 3, 3, 2], 0.5)),
    ]
    for k in range(1, 5):
        L = int(rng.integers(1, 5))
        sizes = [int(n) for n in rng.integers(1, 6, L + 1)]
        lr = round(float(rng.uniform(0.01, 0.9)), 4)
        specs.append((f"random case {k}: sizes {sizes}, lr = {lr}", _problem(rng, sizes, lr)))
    cases = []
    for label, p in specs:
        W, b = _expected(p)
        cases.append(Case(label, p, {"W": LayerList("W", W), "b": LayerList("b", b)}))
    return cases


def _variants(p):
    lr, W, b, dW, db = p["lr"], list(p["W"]), list(p["b"]), list(p["dW"]), list(p["db"])
    L = len(W)

    def only(layer):  # the right step for one layer, the others untouched
        return ([w - lr * g if i == layer else w.copy() for i, (w, g) in enumerate(zip(W, dW))],
                [c - lr * g if i == layer else c.copy() for i, (c, g) in enumerate(zip(b, db))])

    loop = "loop over every layer, e.g. `for l in range(1, L + 1):`"
    out = [
        (([w + lr * g for w, g in zip(W, dW)], [c + lr * g for c, g in zip(b, db)]),
         "You stepped UP the gradient (+); gradient descent subtracts: W ← W − η ∂C/∂W."),
        (([w - g for w, g in zip(W, dW)], [c - g for c, g in zip(b, db)]),
         "The learning rate lr is ignored: the step is lr times the gradient, W ← W − lr·dW."),
        (([w - lr * g for w, g in zip(W, dW)], [c.copy() for c in b]),
         "The biases were not updated: b ← b − lr·db as well."),
        (([w.copy() for w in W], [c - lr * g for c, g in zip(b, db)]),
         "The weights were not updated: W ← W − lr·dW as well."),
    ]
    if L > 1:
        out += [
            (only(0), f"Only the first layer was updated: {loop} (a `return` inside the loop stops it "
                      f"after the first layer)."),
            (only(L - 1), f"Only the last layer was updated: {loop}."),
        ]
    return out


def _evaluate(case, args, got):
    p = case.inputs
    new_W, new_b, dW_after, db_after = args[0], args[1], args[2], args[3]
    eW, eb = list(case.expected["W"]), list(case.expected["b"])
    L = len(p["W"])
    for name, after, before in (("dW", dW_after, p["dW"]), ("db", db_after, p["db"])):
        if not isinstance(after, LayerList) or len(after) != L or not all(
                np.array_equal(np.asarray(a), x) for a, x in zip(after, before)):
            return Failure(f"your function changed the gradients {name}; only the parameters may change.",
                           "Compute lr * dW[l] into a new array (`W -= lr * gW`) instead of "
                           "scaling the gradient in place (`gW *= lr`).")
    for name, lst in (("W", new_W), ("b", new_b)):
        if not isinstance(lst, LayerList) or len(lst) != L:
            what = f"{type(lst).__name__} of length {len(lst)}" if hasattr(lst, "__len__") else type(lst).__name__
            return Failure(f"after the step, {name} should still be a list of {L} arrays; it is a {what}.",
                           IN_PLACE)
        for l, (x, ref) in enumerate(zip(lst, p[name]), start=1):
            fail = shape_failure(f"{name}[{l}] after the step", ref.shape, x)
            if fail is not None:
                return fail
    gW = [np.asarray(x, float) for x in new_W]
    gb = [np.asarray(x, float) for x in new_b]
    shown = {"W": LayerList("W", gW), "b": LayerList("b", gb)}
    if all_close(gW + gb, eW + eb, RTOL, ATOL):
        return None
    unchanged = all_close(gW + gb, [*p["W"], *p["b"]], 0, 0)
    if unchanged:
        if _returned_right_answer(got, eW, eb):
            return Failure("the lists you were given are unchanged: your function returned the updated "
                           "parameters instead of changing them in place.", IN_PLACE, got=shown)
        return Failure("nothing changed: after your function ran, W and b are the same as "
                       "before.", IN_PLACE, got=shown)
    hint = next((h for v, h in _variants(p) if all_close(gW + gb, v[0] + v[1], RTOL, ATOL)), "")
    wrong = [f"W[{l}]" for l in range(1, L + 1) if not close(gW[l - 1], eW[l - 1], RTOL, ATOL)]
    wrong += [f"b[{l}]" for l in range(1, L + 1) if not close(gb[l - 1], eb[l - 1], RTOL, ATOL)]
    first = wrong[0]
    kind, l = first.split("[")[0], int(first.split("[")[1][:-1])
    g, e = (gW[l - 1], eW[l - 1]) if kind == "W" else (gb[l - 1], eb[l - 1])
    return Failure(f"wrong parameters after the step in {', '.join(wrong)}; e.g. "
                   f"{worst_mismatch(g, e, RTOL, ATOL, first)}.",
                   hint or "Each parameter moves against its gradient by lr times it: W ← W − lr·dW, "
                           "b ← b − lr·db, for every layer.", got=shown)


def _returned_right_answer(got, eW, eb):
    """True when got holds the updated weights and biases (as (W, b) or one flat list)."""
    try:
        if isinstance(got, (tuple, list)) and len(got) == 2 and all(
                isinstance(x, (list, tuple, LayerList)) for x in got):
            arrays = list(got[0]) + list(got[1])
        elif isinstance(got, (tuple, list)):
            arrays = list(got)
        else:
            return False
        arrays = [as_float_array(a) for a in arrays]
        return all(a is not None for a in arrays) and all_close(arrays, eW + eb, RTOL, ATOL)
    except Exception:  # noqa: BLE001 - any odd return value simply is not the right answer
        return False


def check_sgd_step(fn):
    """Check fn(W, b, dW, db, lr): one gradient-descent step, in place,

        W^[l] ← W^[l] − η ∂C/∂W^[l],   b^[l] ← b^[l] − η ∂C/∂b^[l]   for every layer (η = lr).

    W, b, dW and db are LayerLists indexed by layer (W[l] is W^[l], l = 1..L). The function must change
    the lists it is given (its return value is ignored) and must not change dW and db.
    Returns a CheckResult; never raises.
    """
    return run_check("check_sgd_step", fn, _cases(), _evaluate, EQUATION)
