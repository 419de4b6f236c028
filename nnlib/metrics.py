"""How good are a classifier's answers? Accuracy and the confusion matrix.

Both take two 1-D arrays of whole-number class labels of the same length m, one entry per
example i = 1..m: the true labels (e.g. ``data.labels_test``) and the predicted ones (e.g.
``net.predict(X)``, the index of the largest output activation of each column).
"""
import numbers

import numpy as np


def _labels(name, labels):
    """A 1-D integer array of class labels >= 0, or a ValueError saying what came instead."""
    try:
        arr = np.asarray(labels)
    except Exception:  # noqa: BLE001 - anything numpy cannot read is simply not a label array
        raise ValueError(f"{name} must be a 1-D array of class labels; got {type(labels).__name__}") from None
    if arr.ndim != 1:
        hint = " Flatten it with .ravel() (net.predict already returns a 1-D array)." if arr.ndim == 2 else ""
        raise ValueError(f"{name} must be a 1-D array of class labels; got shape {arr.shape}.{hint}")
    if arr.size == 0:
        return arr.astype(int)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold whole-number class labels; got dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            bad = int(np.argmax(~np.isfinite(arr) | (arr != np.round(arr))))
            raise ValueError(
                f"{name} must hold whole-number class labels; {name}[{bad}] is {arr[bad]!r}. "
                f"Did you pass output activations instead of labels? Use net.predict(X) or np.argmax(A, axis=0)."
            )
        arr = arr.astype(int)
    if arr.min() < 0:
        bad = int(np.argmin(arr))
        raise ValueError(f"class labels must be 0 or more; {name}[{bad}] is {arr[bad]}")
    return arr.astype(int)


def _pair(labels, predicted):
    true = _labels("labels", labels)
    pred = _labels("predicted", predicted)
    if true.shape != pred.shape:
        raise ValueError(
            f"labels and predicted must have the same length (one label per example); "
            f"got {true.size} and {pred.size}"
        )
    return true, pred


def accuracy(labels, predicted):
    """The fraction of examples whose predicted class equals the true class, in [0, 1]."""
    true, pred = _pair(labels, predicted)
    if true.size == 0:
        raise ValueError("accuracy of no examples is undefined: labels and predicted are empty")
    return float(np.mean(true == pred))


def confusion_matrix(labels, predicted, n_classes=None):
    """Counts M[t, p] = the number of examples of true class t predicted as class p.

    Rows are true classes, columns predicted ones, shape (n_classes, n_classes); the diagonal
    holds the correct answers, so accuracy = trace(M) / M.sum(). n_classes defaults to
    1 + the largest label that occurs.
    """
    true, pred = _pair(labels, predicted)
    largest = int(max(true.max(initial=-1), pred.max(initial=-1)))
    if n_classes is None:
        n_classes = largest + 1
    if isinstance(n_classes, bool) or not isinstance(n_classes, numbers.Integral) or n_classes <= 0:
        raise ValueError(f"n_classes must be a positive whole number; got {n_classes!r}")
    if largest >= n_classes:
        raise ValueError(f"a label {largest} occurs, but n_classes = {n_classes} allows only 0..{n_classes - 1}")
    n = int(n_classes)
    # each example adds 1 to cell (true, predicted); bincount counts repeated cells correctly
    return np.bincount(true * n + pred, minlength=n * n).reshape(n, n)


def most_confused(matrix, k=3):
    """The k largest off-diagonal cells M[t, p] of a confusion matrix: [(t, p, count), ...].

    Only cells with a count above 0; ties in count keep the order (true, predicted).
    """
    M = np.asarray(matrix)
    if M.ndim != 2 or M.shape[0] != M.shape[1]:
        raise ValueError(f"a confusion matrix is square; got shape {M.shape}")
    cells = [(int(t), int(p), int(M[t, p])) for t in range(M.shape[0]) for p in range(M.shape[1])
             if t != p and M[t, p] > 0]
    return sorted(cells, key=lambda c: -c[2])[:k]
