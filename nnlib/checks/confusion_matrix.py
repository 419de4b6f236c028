"""Self-check for the confusion matrix of a classifier (the handwritten-digits chapter).

    M[t, p] = the number of examples whose true class is t and whose predicted class is p

fn(labels, predicted, n_classes) gets two 1-D integer arrays of the same length m and the number
of classes, and returns M, an (n_classes, n_classes) array of counts: rows are true classes,
columns predicted ones. The reference counts with a plain Python loop over the examples.
"""
import numpy as np

from .result import Case, Failure, as_float_array, fresh_rng, run_check, shape_failure

EQUATION = "M[t, p] = #{examples i : labels[i] = t and predicted[i] = p};  rows true, columns predicted"


def reference_confusion(labels, predicted, n_classes):
    """Count every pair (true, predicted), one example at a time."""
    M = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(labels, predicted):
        M[int(t), int(p)] += 1
    return M


def _case(label, labels, predicted, n_classes):
    labels, predicted = np.asarray(labels, dtype=int), np.asarray(predicted, dtype=int)
    return Case(label, {"labels": labels, "predicted": predicted, "n_classes": int(n_classes)},
                reference_confusion(labels, predicted, n_classes))


def _random_case(rng, k):
    n = int(rng.integers(2, 11))
    m = int(rng.integers(5, 60))
    labels = rng.integers(0, n, m)
    # mostly right, as a trained classifier is, with some confusions
    predicted = np.where(rng.random(m) < 0.7, labels, rng.integers(0, n, m))
    return _case(f"random case {k}: {m} examples, {n} classes", labels, predicted, n)


def _cases():
    rng = fresh_rng()
    fixed = [
        _case("3 classes, 6 examples, worked by hand", [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3),
        _case("the same confusion twice: cell (2, 1) must count 2, not 1", [2, 2, 0, 1], [1, 1, 0, 1], 3),
        _case("not symmetric: a 0 read as 1 three times, never a 1 read as 0 (rows are the TRUE class)",
              [0, 0, 0, 1, 1], [1, 1, 1, 1, 1], 2),
        _case("every answer right: only the diagonal is filled", [0, 1, 2, 3, 3], [0, 1, 2, 3, 3], 4),
        _case("class 4 never occurs: its row and column stay 0 (the size is n_classes, not max + 1)",
              [0, 1, 2, 3], [0, 1, 3, 3], 5),
    ]
    return fixed + [_random_case(rng, k) for k in range(1, 6)]


def _variants(labels, predicted, n):
    M = reference_confusion(labels, predicted, n)
    once = np.zeros((n, n), dtype=int)
    once[labels, predicted] = 1
    fancy = np.zeros((n, n), dtype=int)
    fancy[labels, predicted] += 1  # numpy's fancy-indexed += does not add repeated cells twice
    return [
        (M.T, "Rows and columns are swapped: row t is the TRUE class and column p the PREDICTED one, "
              "so add 1 to M[labels[i], predicted[i]]."),
        (fancy, "A cell that occurs several times was counted only ONCE. With whole arrays, "
                "`M[labels, predicted] += 1` (like `= 1`) touches each repeated cell just once (numpy "
                "buffers the repeated indices). Loop over the examples, or use "
                "np.add.at(M, (labels, predicted), 1)."),
        (once, "Each cell must COUNT its examples: add 1 for every example (+= 1), do not set it to 1."),
        (M / max(1, M.sum()), "Return counts, not fractions: do not divide by the number of examples."),
        (np.diag(np.diag(M)), "Count the wrong answers too: M[t, p] for t ≠ p holds the examples of class t "
                               "predicted as p."),
    ]


def _evaluate(case, args, got):
    p = case.inputs
    for name, i in (("labels", 0), ("predicted", 1)):
        if not np.array_equal(np.asarray(args[i]), p[name]):
            return Failure(f"your function changed its input {name}.",
                           "Only read labels and predicted; count into a new array.")
    n = p["n_classes"]
    fail = shape_failure("the confusion matrix", (n, n), got,
                         "It is n_classes × n_classes, even when some class never occurs: "
                         "np.zeros((n_classes, n_classes)).")
    if fail is not None:
        return fail
    M = as_float_array(got)
    if np.array_equal(M, case.expected):
        return None
    hint = next((h for v, h in _variants(p["labels"], p["predicted"], n)
                 if np.allclose(M, v, rtol=0, atol=1e-12)), "")
    if not hint and np.isclose(M.sum(), case.expected.sum()) and not np.array_equal(M, case.expected):
        hint = "The counts add up to the number of examples, but some are in the wrong cells."
    elif not hint and not np.isclose(M.sum(), case.expected.sum()):
        hint = (f"Every example adds 1 to exactly one cell, so the counts must add up to "
                f"m = {len(p['labels'])}; yours add up to {M.sum():g}.")
    bad = np.argwhere(M != case.expected)[0]
    return Failure(f"wrong count in cell [{bad[0]}, {bad[1]}] (true {bad[0]}, predicted {bad[1]}): "
                   f"expected {case.expected[bad[0], bad[1]]}, got {M[bad[0], bad[1]]:g}.", hint, got=M)


def check_confusion_matrix(fn):
    """Check fn(labels, predicted, n_classes) -> M, the confusion matrix of a classifier:

        M[t, p] = the number of examples of true class t predicted as class p.

    labels and predicted are 1-D integer arrays of length m; M has shape (n_classes, n_classes),
    rows true classes, columns predicted ones. Cases: a small one worked by hand, a repeated
    confusion, an asymmetric one, all answers right, a class that never occurs, and random
    ones. Returns a CheckResult; never raises.
    """
    return run_check("check_confusion_matrix", fn, _cases(), _evaluate, EQUATION)
