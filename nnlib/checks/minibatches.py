"""Self-check for the shuffle-and-split of one epoch of stochastic gradient descent (the SGD chapter).

fn(X, Y, batch_size, rng) gets the training set as columns, X of shape (n_0, m) and Y of shape
(n_L, m), a batch size B and a numpy random Generator rng. It returns the epoch's mini-batches,
a list of pairs (X_batch, Y_batch):

    shuffle the m columns (the same order for X and Y), then cut them into consecutive pieces of
    B columns; the last piece holds the m mod B left-over columns if B does not divide m.

There is no single right order (any shuffle is fine), so the reference is a list of properties,
checked here one by one: the number and shapes of the batches, every example exactly once with
its own target, a shuffled order that comes from rng (the same rng state gives the same order,
another gives another), and X, Y left unchanged. Each example is made recognisable by writing
its number into its column of X and of Y.
"""
import copy

import numpy as np

from .result import Case, Failure, call_student, describe_type, run_check

EQUATION = ("one epoch: order = a random permutation of the m columns (from rng); "
            "batches = (X[:, order[k:k+B]], Y[:, order[k:k+B]]) for k = 0, B, 2B, ...")
SHUFFLE = "Shuffle with the generator you are given: order = rng.permutation(m), then X[:, order] and Y[:, order]."


def _problem(m, n_in, n_out, B, seed, rng):
    """X, Y whose column i carries the example's number i (row 0 of X: i; row 0 of Y: 1000 + i)."""
    X = np.round(rng.normal(0, 1, (n_in, m)), 3)
    Y = np.round(rng.uniform(0, 1, (n_out, m)), 3)
    X[0] = np.arange(m)
    Y[0] = 1000 + np.arange(m)
    return {"X": X, "Y": Y, "batch_size": int(B), "rng": np.random.default_rng(seed)}


def _expected(m, B):
    sizes = [min(B, m - k) for k in range(0, m, B)]
    return f"{len(sizes)} pairs (X_batch, Y_batch) with " + ", ".join(str(s) for s in sizes) + " columns"


def _cases():
    rng = np.random.default_rng()
    seeds = [int(s) for s in rng.integers(0, 2**31, 8)]
    cases = [
        Case("m = 12, B = 4: three batches of 4", _problem(12, 2, 1, 4, seeds[0], rng)),
        Case("m = 10, B = 4: batches of 4, 4 and a last one of 2", _problem(10, 3, 2, 4, seeds[1], rng)),
        Case("m = 7, B = 1: seven batches of one example", _problem(7, 1, 1, 1, seeds[2], rng)),
        Case("m = 9, B = 9: one batch, the whole set (full batch), shuffled", _problem(9, 2, 3, 9, seeds[3], rng)),
        Case("m = 6, B = 10: B larger than m gives one batch of all 6", _problem(6, 2, 1, 10, seeds[4], rng)),
        Case("m = 50, B = 8: six batches of 8 and one of 2", _problem(50, 4, 2, 8, seeds[5], rng)),
        Case("m = 23, B = 5, one input and one output", _problem(23, 1, 1, 5, seeds[6], rng)),
    ]
    for c in cases:
        c.expected = _expected(c.inputs["X"].shape[1], c.inputs["batch_size"])
    return cases


def _as_batches(got):
    """got as a list of (Xb, Yb) float arrays, or a Failure saying what is wrong with its form."""
    if got is None:
        return Failure("your function returned None; expected a list of (X_batch, Y_batch) pairs.",
                       "Did you forget the `return` statement?")
    if isinstance(got, np.ndarray) or not hasattr(got, "__iter__"):
        return Failure(f"expected a list of (X_batch, Y_batch) pairs; got {describe_type(got)}.",
                       "Return a list with one pair (X_batch, Y_batch) per mini-batch.")
    out = []
    for k, pair in enumerate(list(got)):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            return Failure(f"batch {k} should be a pair (X_batch, Y_batch); got {describe_type(pair)}.",
                           "Append (Xb, Yb) tuples to the list, e.g. batches.append((X[:, idx], Y[:, idx])).")
        try:
            Xb, Yb = np.asarray(pair[0], float), np.asarray(pair[1], float)
        except (TypeError, ValueError):
            return Failure(f"batch {k} does not hold two arrays of numbers.", "")
        out.append((Xb, Yb))
    return out


def _order(p, got):
    """The example numbers in the order of the batches (after the form checks), or a Failure."""
    batches = _as_batches(got)
    if isinstance(batches, Failure):
        return batches
    X, Y, B = p["X"], p["Y"], p["batch_size"]
    (n_in, m), n_out = X.shape, Y.shape[0]
    sizes = [min(B, m - k) for k in range(0, m, B)]
    if len(batches) != len(sizes):
        hint = ""
        if len(batches) == len(sizes) - 1 and m % B:
            hint = (f"The last, smaller batch of {m % B} examples is missing: loop over the starts "
                    f"range(0, m, B) and slice order[k:k + B] (Python slices stop at the end of the array).")
        elif len(batches) == m // max(B, 1) + 1 and m % B == 0:
            hint = "There is one batch too many (an empty one at the end?): use range(0, m, B)."
        elif len(batches) == 1 and len(sizes) > 1:
            hint = "Cut the shuffled columns into pieces of B: one batch per start k in range(0, m, B)."
        return Failure(f"expected {len(sizes)} mini-batches (m = {m}, B = {B}); got {len(batches)}.", hint,
                       got=[tuple(b.shape for b in pair) for pair in batches])
    for k, ((Xb, Yb), size) in enumerate(zip(batches, sizes)):
        for name, arr, rows in (("X", Xb, n_in), ("Y", Yb, n_out)):
            if arr.shape != (rows, size):
                hint = ("Examples are columns: shuffle and slice the columns, X[:, order], not the rows X[order]."
                        if arr.shape[:1] != (rows,) or arr.ndim != 2 else
                        f"Batch {k} should hold {size} columns: slice order[k:k + B] with k = 0, B, 2B, ...")
                return Failure(f"{name}_batch number {k} has shape {arr.shape}; expected ({rows}, {size}).", hint)
    ids_x = np.concatenate([Xb[0] for Xb, _ in batches])
    ids_y = np.concatenate([Yb[0] for _, Yb in batches]) - 1000
    if not np.array_equal(np.sort(ids_x), np.arange(m)):
        counts = np.bincount(np.clip(np.round(ids_x).astype(int), 0, m - 1), minlength=m)
        return Failure(f"the batches should hold every example exactly once; example(s) "
                       f"{np.flatnonzero(counts == 0)[:5].tolist()} are missing and "
                       f"{np.flatnonzero(counts > 1)[:5].tolist()} appear more than once.",
                       "Draw the order without repeats: rng.permutation(m) (rng.integers or "
                       "rng.choice(m, m) with its default replace=True repeats some examples).")
    if not np.array_equal(ids_x, ids_y):
        return Failure("the examples' inputs and targets are no longer paired: the column of Y next to an "
                       "example's column of X belongs to another example.",
                       "Shuffle X and Y with the SAME order: draw order = rng.permutation(m) once and use "
                       "X[:, order] and Y[:, order] (two separate shuffles give two different orders).")
    for (Xb, Yb), k in zip(batches, range(0, m, B)):
        ids = np.round(Xb[0]).astype(int)
        if not (np.allclose(Xb, X[:, ids]) and np.allclose(Yb, Y[:, ids])):
            return Failure("a batch's columns are not the examples' columns of X and Y (values changed).",
                           "Copy whole columns: X[:, idx] and Y[:, idx].")
    return np.round(ids_x).astype(int)


# A correct shuffle of m examples keeps the original order, or repeats another seed's order, with
# probability 1/m!: the randomness tests run only where m! >= 9! = 362,880 (a false alarm once in
# hundreds of thousands of checks; with m = 6 it was once in 360).
MIN_M_RANDOMNESS = 9


def _evaluate(case, args, got):
    p = case.inputs
    X, Y, B = p["X"], p["Y"], p["batch_size"]
    m = X.shape[1]
    if not (np.array_equal(args[0], X) and np.array_equal(args[1], Y)):
        return Failure("your function changed X or Y that it was given.",
                       "Shuffle a copy: X[:, order] makes a new array; rng.shuffle(X.T) or X[:] = ... would "
                       "reorder the caller's training set.")
    order = _order(p, got)
    if isinstance(order, Failure):
        return order
    if m >= MIN_M_RANDOMNESS and np.array_equal(order, np.arange(m)):
        return Failure("the examples come in their original order 0, 1, 2, ...: nothing was shuffled.",
                       SHUFFLE)
    if m >= MIN_M_RANDOMNESS:
        seed = int(case.inputs["rng"].bit_generator.seed_seq.entropy)
        again, exc = call_student(_fn_holder[0], [X.copy(), Y.copy(), B, copy.deepcopy(case.inputs["rng"])])
        again_order = _order(p, again) if exc is None else None
        if again_order is None or isinstance(again_order, Failure) or not np.array_equal(again_order, order):
            return Failure("called twice with generators in the same state, your function gave two different "
                           "orders: it does not take its randomness from rng.",
                           SHUFFLE + " (np.random.shuffle or np.random.permutation use numpy's global generator, "
                           "so a run cannot be repeated from its seed.)")
        other, exc = call_student(_fn_holder[0], [X.copy(), Y.copy(), B, np.random.default_rng(seed + 1)])
        other_order = _order(p, other) if exc is None else None
        if isinstance(other_order, np.ndarray) and np.array_equal(other_order, order):
            return Failure("generators with different seeds gave the same order: the shuffle ignores rng.",
                           SHUFFLE + " A fixed seed inside the function (default_rng(0)) gives every epoch "
                           "the same order.")
    return None


_fn_holder = [None]


def check_minibatches(fn):
    """Check fn(X, Y, batch_size, rng) -> [(X_batch, Y_batch), ...]: one epoch's shuffle and split.

    Shuffle the m columns of X and Y with rng (one order for both), then cut them into batches of
    batch_size columns, the last one smaller if batch_size does not divide m. X and Y must not
    change. Returns a CheckResult; never raises.
    """
    _fn_holder[0] = fn
    try:
        return run_check("check_minibatches", fn, _cases(), _evaluate, EQUATION)
    finally:
        _fn_holder[0] = None
