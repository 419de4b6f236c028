"""Self-check for the accuracy of a classifier (the two-circles chapter).

    one output unit:      predicted class of column i = 1 if a_i > 0.5 else 0, compared with y_i
    several output units: predicted class = the row of the largest a in column i, compared with
                          the row of the 1 in the one-hot target column
    accuracy = (number of columns classified correctly) / m, a fraction between 0 and 1

fn(A, Y) gets the network's outputs A and the targets Y, both of shape (n_L, m), and returns one
number. The reference is written out here with plain loops over the columns, not nnlib's code.
"""
import numpy as np

from .result import Case, Failure, as_float_array, as_number, describe_type, fresh_rng, run_check

EQUATION = ("accuracy = (1/m) · #{i : predicted class of column i = true class}; one output: "
            "class 1 when a > 0.5; several outputs: argmax of the column")


def reference_accuracy(A, Y):
    """A loop over the m columns, counting the correct ones."""
    A, Y = np.asarray(A, float), np.asarray(Y, float)
    n, m = A.shape
    correct = 0
    for i in range(m):
        if n == 1:
            predicted, true = (1 if A[0, i] > 0.5 else 0), (1 if Y[0, i] > 0.5 else 0)
        else:
            predicted = max(range(n), key=lambda r: A[r, i])
            true = max(range(n), key=lambda r: Y[r, i])
        correct += predicted == true
    return correct / m


def _case(label, A, Y):
    A, Y = np.asarray(A, float), np.asarray(Y, float)
    return Case(label, {"A": A, "Y": Y}, reference_accuracy(A, Y))


def _random_binary(rng, k):
    m = int(rng.integers(5, 41))
    A = np.round(rng.uniform(0.01, 0.99, (1, m)), 3)
    A[A == 0.5] = 0.501
    Y = rng.choice([0.0, 1.0], (1, m))
    return _case(f"random case {k}: one output unit, m = {m}", A, Y)


def _random_multi(rng, k):
    n, m = int(rng.integers(3, 6)), int(rng.integers(4, 21))
    A = np.round(rng.uniform(0.0, 1.0, (n, m)), 3)
    A += np.arange(n).reshape(-1, 1) * 1e-4  # no ties in a column
    Y = np.zeros((n, m))
    Y[rng.integers(0, n, m), np.arange(m)] = 1.0
    return _case(f"random case {k}: {n} output units (one-hot targets), m = {m}", A, Y)


def _cases():
    rng = fresh_rng()
    fixed = [
        _case("four examples, two right: accuracy 1/2", [[0.9, 0.2, 0.6, 0.4]], [[1, 0, 0, 1]]),
        _case("an output of exactly 0.5 counts as class 0 (class 1 needs a > 0.5)",
              [[0.5, 0.51, 0.49, 0.5]], [[0, 1, 0, 0]]),
        _case("three of five right: accuracy 0.6", [[0.1, 0.8, 0.7, 0.3, 0.95]], [[0, 1, 0, 1, 1]]),
        _case("every example wrong: accuracy 0", [[0.9, 0.1, 0.8]], [[0, 1, 0]]),
        _case("three output units, one-hot targets: the largest output is the class",
              [[0.7, 0.1, 0.3, 0.2], [0.2, 0.6, 0.4, 0.1], [0.1, 0.3, 0.35, 0.7]],
              [[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 0]]),
    ]
    return fixed + [_random_binary(rng, k) for k in (1, 2, 3)] + [_random_multi(rng, k) for k in (4, 5)]


def _variants(A, Y):
    A, Y = np.asarray(A, float), np.asarray(Y, float)
    n, m = A.shape
    right = reference_accuracy(A, Y)
    out = [
        (100 * right, "Return a fraction between 0 and 1, not a percentage: leave out the factor 100."),
        (right * m, f"You returned the NUMBER of correct examples; divide it by m = {m} to get the fraction."),
        (1 - right, "You returned the error rate (the fraction WRONG): accuracy counts the correct ones."),
        (float(np.mean(A == Y)), "Compare classes, not raw outputs: an output of 0.93 means class 1, "
                                 "but 0.93 == 1 is False. Turn the outputs into classes first."),
    ]
    if n == 1:
        out.append((float(np.mean((A >= 0.5) == (Y > 0.5))),
                    "An output of exactly 0.5 is class 0: use a > 0.5, not a >= 0.5 (as Network.predict)."))
        out.append((float(np.mean((A[0] > 0.5).reshape(-1, 1) == Y[0].reshape(1, -1))),
                    "Two arrays of different shapes, (m, 1) and (1, m), were compared: numpy made an "
                    "m × m table. Compare arrays of the same shape, e.g. A[0] > 0.5 with Y[0] == 1."))
    else:
        out.append((float(np.mean((A > 0.5) == (Y > 0.5))),
                    "With several output units, the predicted class is the row of the LARGEST output "
                    "(np.argmax(A, axis=0)), compared with np.argmax(Y, axis=0); not a threshold per entry."))
        out.append((float(np.mean(np.argmax(A, axis=1) == np.argmax(Y, axis=1))),
                    "Take the argmax down each column (axis=0): the columns are the examples."))
    return out


def _evaluate(case, args, got):
    p = case.inputs
    for name, i in (("A", 0), ("Y", 1)):
        if not np.array_equal(np.asarray(args[i]), p[name]):
            return Failure(f"your function changed its input {name} in place.",
                           "Compute into new arrays (classes = A > 0.5) instead of changing A or Y.")
    if got is None:
        return Failure("your function returned None; expected one number, the accuracy.",
                       "Did you forget the `return` statement?")
    value = as_number(got)
    if value is None:
        arr = as_float_array(got)
        what = f"an array of shape {arr.shape}" if arr is not None else describe_type(got)
        return Failure(f"expected one number, the accuracy; got {what}.",
                       "Average the right/wrong (1/0) of every example into one number, e.g. with np.mean.")
    if np.isclose(value, case.expected, rtol=1e-9, atol=1e-12):
        return None
    hint = next((h for v, h in _variants(p["A"], p["Y"]) if np.isclose(value, v, rtol=1e-9, atol=1e-12)), "")
    if not hint and not 0 <= value <= 1:
        hint = "An accuracy is a fraction of the examples: it lies between 0 and 1."
    return Failure(f"wrong accuracy: expected {case.expected:.8g}, got {value:.8g}.",
                   hint or "Turn each column into a predicted class, compare it with the true class, "
                           "and return the fraction of matches.", got=value)


def check_accuracy(fn):
    """Check fn(A, Y) -> the fraction of the m columns classified correctly (a number in [0, 1]).

    A: outputs, Y: targets, both (n_L, m). One output unit: class 1 when a > 0.5, else 0 (an output
    of exactly 0.5 is class 0). Several output units: the class is the row of the largest output,
    compared with the row of the 1 in the one-hot target. Returns a CheckResult; never raises.
    """
    return run_check("check_accuracy", fn, _cases(), _evaluate, EQUATION)
