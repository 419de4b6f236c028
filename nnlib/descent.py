"""Plain gradient descent on any differentiable function of a parameter vector (book: eq. (update)).

    theta_{k+1} = theta_k - lr * grad C(theta_k),   k = 0, 1, ..., steps - 1

For a network, theta is the vector of all weights and biases (Network.theta), and the step is
W^[l] := W^[l] - lr dC/dW^[l], b^[l] := b^[l] - lr dC/db^[l] for every layer at once.

- descent_path(cost_and_gradient, start, lr, steps) -> DescentPath: every point, cost and gradient
  along the way; it stops cleanly (no exception, no numpy warning) if the cost becomes NaN or
  infinite, or exceeds max_cost, and says so in DescentPath.diverged.
- network_objective(net, X, Y): theta -> (C, grad C) of a Network's cost on a fixed batch, with the
  gradient from backpropagation (Network.backward_flat).
- quadratic_bowl(a, c) and two_minima(tilt): small analytic cost functions of two parameters
  (w, b), for seeing what the learning rate does and what local minima and saddle points are.
- hessian(cost_and_gradient, theta): the matrix of second derivatives, by centred differences of
  the gradient; 2 / (its largest eigenvalue) is the critical learning rate near a minimum
  (eq. (gd-critical)).
"""
import math
import numbers
from dataclasses import dataclass

import numpy as np

from .validation import check_positive


@dataclass(frozen=True)
class DescentPath:
    """What descent_path recorded. Row k of points is theta_k (k = 0 is the start).

    points: (k_end + 1, n) parameter vectors; costs: (k_end + 1,) C(theta_k); gradients:
    (k_end + 1, n) grad C(theta_k). If the descent diverged, the rows stop at the last point whose
    cost and gradient were finite (and below max_cost), and steps_taken < steps.
    """

    points: np.ndarray
    costs: np.ndarray
    gradients: np.ndarray
    lr: float
    steps: int  # the number of steps asked for
    diverged: bool  # True if the cost became NaN/infinite or exceeded max_cost

    @property
    def steps_taken(self):
        """How many steps were completed (= steps unless the descent diverged)."""
        return len(self.costs) - 1

    @property
    def grad_norms(self):
        """|grad C(theta_k)| for each k: how steep the ground is under each point."""
        return np.sqrt(np.sum(self.gradients ** 2, axis=1))

    @property
    def final(self):
        """The last point reached, theta_{steps_taken}."""
        return self.points[-1]

    def steps_to(self, threshold):
        """The first k with C(theta_k) <= threshold, or None if the path never got that low."""
        below = np.flatnonzero(self.costs <= threshold)
        return int(below[0]) if below.size else None


def _as_start(start):
    try:
        theta = np.array(start, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"start must be a vector of numbers; got {start!r}") from None
    if theta.ndim != 1 or theta.size == 0:
        raise ValueError(f"start must be a 1-D vector of parameters; got shape {theta.shape}")
    if not np.all(np.isfinite(theta)):
        raise ValueError(f"start must contain only finite numbers; got {theta.tolist()}")
    return theta


def _evaluate(cost_and_gradient, theta):
    """(cost, gradient) at theta as (float, fresh 1-D array); the caller's function may reuse buffers."""
    cost, grad = cost_and_gradient(theta.copy())
    grad = np.array(grad, dtype=float).reshape(-1)
    if grad.shape != theta.shape:
        raise ValueError(f"the gradient has {grad.size} entries but theta has {theta.size}: "
                         f"cost_and_gradient must return one partial derivative per parameter")
    return float(cost), grad


def descent_path(cost_and_gradient, start, lr, steps, max_cost=math.inf):
    """Run `steps` steps of gradient descent from `start` and return the whole DescentPath.

    cost_and_gradient(theta) -> (C(theta), grad C(theta)) for a 1-D parameter vector theta.
    Each step is theta <- theta - lr * grad C(theta) (eq. (update)). lr must be > 0, steps a whole
    number >= 0 and start finite; otherwise a ValueError says what is wrong. If the cost at the
    start is not finite a ValueError is raised too. If the cost becomes NaN or infinite (or larger
    than max_cost) later on, the descent stops there and the result has diverged=True.
    """
    check_positive("lr", lr)
    check_positive("steps", steps, integer=True, allow_zero=True)
    if not (isinstance(max_cost, numbers.Real) and max_cost > 0):
        raise ValueError(f"max_cost must be a positive number; got {max_cost!r}")
    theta = _as_start(start)
    points, costs, grads = [], [], []
    diverged = False
    with np.errstate(all="ignore"):
        cost, grad = _evaluate(cost_and_gradient, theta)
        if not (math.isfinite(cost) and np.all(np.isfinite(grad))):
            raise ValueError(f"the cost or its gradient is not finite at the start {theta.tolist()}")
        for k in range(steps + 1):
            points.append(theta)
            costs.append(cost)
            grads.append(grad)
            if k == steps:
                break
            theta = theta - lr * grad  # eq. (update)
            if not np.all(np.isfinite(theta)):
                diverged = True
                break
            cost, grad = _evaluate(cost_and_gradient, theta)
            if not (math.isfinite(cost) and cost <= max_cost and np.all(np.isfinite(grad))):
                diverged = True
                break
    return DescentPath(np.array(points), np.array(costs), np.array(grads), float(lr), int(steps), diverged)


def network_objective(net, X, Y):
    """theta -> (C(theta), grad C(theta)) for the Network's cost on the fixed batch X, Y.

    The gradient is backpropagation's (Network.backward_flat), laid out like net.theta. The
    function works on a private copy of net, so net itself never changes.
    """
    X, Y = net.check_XY(X, Y)
    twin = net.copy()
    buffers = twin.gradient_buffers()
    workspace = twin.forward_workspace(X.shape[1])

    def cost_and_gradient(theta):
        twin.set_params(theta)
        trace = twin._forward_trace(X, workspace)
        return twin._cost_from_trace(trace, Y), twin.backward_flat(trace, Y, buffers).copy()

    return cost_and_gradient


def quadratic_bowl(a, c):
    """The bowl C(w, b) = (a w^2 + c b^2) / 2 (eq. (gd-bowl)), with a, c > 0: theta -> (C, grad C).

    grad C = (a w, c b); its curvatures are a along w and c along b, and a gradient step with
    learning rate lr multiplies w by (1 - lr a) and b by (1 - lr c) (eq. (gd-bowl-step)).
    """
    a, c = float(check_positive("a", a)), float(check_positive("c", c))

    def cost_and_gradient(theta):
        w, b = theta
        return 0.5 * (a * w * w + c * b * b), np.array([a * w, c * b])

    return cost_and_gradient


def two_minima(tilt=0.3):
    """C(w, b) = (w^2 - 1)^2 + tilt w + 2 b^2 (eq. (gd-two-minima)): theta -> (C, grad C).

    A made-up function (not a network's cost) with two valleys along w and a saddle point
    between them: for a small tilt >= 0 there is a minimum near w = -1 (the lower one), another
    near w = +1 (higher by about 2 tilt), and the saddle near w = tilt / 4, all at b = 0.
    grad C = (4 w (w^2 - 1) + tilt, 4 b).
    """
    tilt = float(check_positive("tilt", tilt, allow_zero=True))

    def cost_and_gradient(theta):
        w, b = theta
        return (w * w - 1) ** 2 + tilt * w + 2 * b * b, np.array([4 * w * (w * w - 1) + tilt, 4 * b])

    return cost_and_gradient


def stationary_points_two_minima(tilt=0.3):
    """The points of two_minima(tilt) where grad C = 0, sorted by w: (minimum, saddle, minimum).

    They are the real roots of 4 w^3 - 4 w + tilt = 0, with b = 0 (needs tilt < 8 / (3 sqrt 3)).
    """
    roots = np.roots([4.0, 0.0, -4.0, float(tilt)])
    real = np.sort(roots[np.abs(roots.imag) < 1e-9].real)
    if real.size != 3:
        raise ValueError(f"with tilt = {tilt} the function has only one valley")
    return [np.array([w, 0.0]) for w in real]


def hessian(cost_and_gradient, theta, eps=1e-5):
    """The matrix of second derivatives H[i, j] = d^2 C / d theta_i d theta_j at theta, by centred
    differences of the gradient: column j is (grad C(theta + eps e_j) - grad C(theta - eps e_j)) / 2 eps.
    Returned symmetrised, (H + H^T) / 2."""
    theta = _as_start(theta)
    n = theta.size
    H = np.empty((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = eps
        H[:, j] = (_evaluate(cost_and_gradient, theta + e)[1] - _evaluate(cost_and_gradient, theta - e)[1]) / (2 * eps)
    return (H + H.T) / 2
