"""Small datasets the book trains on, returned with examples as columns."""
from typing import NamedTuple

import numpy as np

from .validation import check_positive


def circles(n=400, noise=0.1, seed=0, factor=0.5):
    """Two concentric circles (S4): X of shape (2, n), labels Y of shape (1, n).

    Half the points lie near the unit circle (label 0), half near the circle of radius
    factor (label 1); each coordinate gets Gaussian noise with standard deviation noise.
    """
    check_positive("n", n, integer=True)
    if n < 2:
        raise ValueError(f"n must be at least 2 (one point per circle); got {n}")
    check_positive("noise", noise, allow_zero=True)
    if not 0 < factor < 1:
        raise ValueError(f"factor (inner radius / outer radius) must be in (0, 1); got {factor!r}")
    rng = np.random.default_rng(seed)
    n_inner = n // 2
    labels = np.r_[np.zeros(n - n_inner), np.ones(n_inner)]
    radius = np.where(labels == 1, factor, 1.0)
    angle = rng.uniform(0.0, 2 * np.pi, n)
    X = np.vstack([radius * np.cos(angle), radius * np.sin(angle)])
    X += rng.normal(0.0, noise, X.shape)
    order = rng.permutation(n)
    return X[:, order], labels[order].reshape(1, n)


class Digits(NamedTuple):
    """8x8 handwritten digits, pixels scaled to [0, 1]; X (64, m), Y one-hot (10, m)."""

    X_train: np.ndarray
    Y_train: np.ndarray
    labels_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    labels_test: np.ndarray


def one_hot(labels, n_classes=10):
    """Column k is the unit vector e_{labels[k]}: shape (n_classes, m)."""
    labels = np.asarray(labels)
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def digits(test_fraction=0.2, seed=0):
    """scikit-learn's bundled digits (1,797 images, no download), with a fixed train/test split."""
    from sklearn.datasets import load_digits

    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1); got {test_fraction!r}")
    data = load_digits()
    X = data.data.T / 16.0
    labels = data.target
    order = np.random.default_rng(seed).permutation(labels.size)
    n_test = int(round(test_fraction * labels.size))
    test, train = order[:n_test], order[n_test:]
    return Digits(
        X[:, train], one_hot(labels[train]), labels[train],
        X[:, test], one_hot(labels[test]), labels[test],
    )
