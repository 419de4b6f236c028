"""Self-check for the loop of gradient descent (the gradient-descent chapter):

    fn(gradient, start, lr, steps) -> points, an array of shape (steps + 1, n) whose row k is
    theta_k:  theta_0 = start,  theta_{k+1} = theta_k - lr * gradient(theta_k)   (eq. (update))

gradient(theta) takes a 1-D array of n parameters and returns the n partial derivatives. start
must be left as it was. The reference is this loop, written out here; nothing from the rest of
nnlib.
"""
import numpy as np

from .result import (Case, Failure, as_float_array, close, fresh_rng, nonfinite_where, run_check, shape_failure,
                     worst_mismatch)

EQUATION = "θ₀ = start,  θₖ₊₁ = θₖ − η ∇C(θₖ) for k = 0 … steps − 1;  return the rows θ₀ … θ_steps"
RTOL, ATOL = 1e-9, 1e-12


def reference_descent_steps(gradient, start, lr, steps, sign=-1.0, scale=True):
    """The points theta_0..theta_steps of gradient descent, as an array (steps + 1, n)."""
    theta = np.array(start, dtype=float)
    points = [theta.copy()]
    for _ in range(steps):
        g = np.asarray(gradient(theta.copy()), dtype=float)
        theta = theta + sign * (lr if scale else 1.0) * g
        points.append(theta.copy())
    return np.array(points)


def _bowl(theta):  # C = (4 w^2 + b^2) / 2
    return np.array([4.0 * theta[0], 1.0 * theta[1]])


def _neuron(theta):
    # one sigmoid neuron a = sigma(w x + b), C = (1/m) sum (a - y)^2 over four examples
    x, y = np.array([0.5, 1.5, 2.5, 3.5]), np.array([0.0, 0.0, 1.0, 1.0])
    a = 1.0 / (1.0 + np.exp(-(theta[0] * x + theta[1])))
    common = 2.0 * (a - y) * a * (1.0 - a) / x.size
    return np.array([np.sum(common * x), np.sum(common)])


def _quadratic(A, c):
    def gradient(theta):
        return A @ theta + c
    return gradient


def _random_case(rng):
    n = int(rng.integers(1, 5))
    M = np.round(rng.normal(0, 1, (n, n)), 3)
    A = M @ M.T / n + np.eye(n)  # symmetric positive definite: a bowl in n dimensions
    c = np.round(rng.normal(0, 1, n), 3)
    return _quadratic(A, c), np.round(rng.uniform(-2, 2, n), 3), round(float(rng.uniform(0.05, 0.4)), 3), int(rng.integers(2, 9))


def _cases():
    rng = fresh_rng()
    specs = [
        ("the bowl C = (4w² + b²)/2 from (1, 1.5), η = 0.1, 5 steps", _bowl, np.array([1.0, 1.5]), 0.1, 5),
        ("steps = 0: only the start", _bowl, np.array([0.3, -0.7]), 0.1, 0),
        ("one sigmoid neuron's cost, from (1, -1), η = 2, 4 steps", _neuron, np.array([1.0, -1.0]), 2.0, 4),
        ("one parameter, η = 0.6 on the bowl's steep side: the path zigzags", _quadratic(np.array([[3.0]]), np.array([0.0])),
         np.array([1.0]), 0.6, 6),
    ]
    for k in range(1, 4):
        g, s, lr, n = _random_case(rng)
        specs.append((f"random case {k}: {s.size} parameters, η = {lr}, {n} steps", g, s, lr, n))
    return [Case(label, {"gradient": g, "start": s, "lr": lr, "steps": n}, reference_descent_steps(g, s, lr, n))
            for label, g, s, lr, n in specs]


def _aliased(gradient, start, lr, steps):
    """The classic slip: theta -= lr * g changes the array already stored, so every row is the end."""
    end = reference_descent_steps(gradient, start, lr, steps)[-1]
    return np.tile(end, (steps + 1, 1))


def _variants(p):
    g, s, lr, n = p["gradient"], p["start"], p["lr"], p["steps"]
    ref = reference_descent_steps(g, s, lr, n)
    return [
        (reference_descent_steps(g, s, lr, n, sign=1.0), "You stepped UP the gradient (+): gradient descent "
                                                         "subtracts, θ ← θ − η ∇C(θ)."),
        (reference_descent_steps(g, s, lr, n, scale=False), "The learning rate is ignored: the step is η times "
                                                            "the gradient."),
        (ref[1:], "The start point θ₀ is missing: the first row must be the start, so there are steps + 1 rows."),
        (ref[:-1], "One step is missing: take `steps` steps, so the rows are θ₀ … θ_steps (steps + 1 of them)."),
        (_aliased(g, s, lr, n), "Every row is the last point: you appended the same array each time and then "
                                "changed it in place (theta -= ...). Append a copy, theta.copy(), or write "
                                "theta = theta - lr * g, which makes a new array."),
    ]


def _evaluate(case, args, got):
    p = case.inputs
    if not np.array_equal(np.asarray(args[1]), p["start"]):
        return Failure("your function changed start: after the call it is not what it was.",
                       "Begin with a copy, theta = np.array(start, dtype=float), and write "
                       "theta = theta - lr * g rather than changing start in place.")
    expected = case.expected
    if got is not None and as_float_array(got) is not None and as_float_array(got).ndim == 1 and p["steps"] > 0:
        flat = as_float_array(got)
        if flat.shape == expected[-1].shape and close(flat, expected[-1], RTOL, ATOL):
            return Failure("you returned only the last point; return every point θ₀ … θ_steps, one per row.",
                           "Collect the points in a list (starting with the start) and return np.array(points).",
                           got=got)
    bad = shape_failure("points", expected.shape, got,
                        "points has one row per point θ₀ … θ_steps (steps + 1 rows) and one column per parameter.")
    if bad is not None:
        hint = next((h for v, h in _variants(p) if as_float_array(got) is not None
                     and as_float_array(got).shape == v.shape and close(as_float_array(got), v, 1e-6, 1e-9)), "")
        return Failure(bad.message, hint or bad.hint, got=got)
    pts = as_float_array(got)
    where = nonfinite_where([pts], ["points"])
    if where and np.all(np.isfinite(expected)):
        return Failure(f"{where}: the points should be finite here.", "Check the sign and size of your step.")
    if close(pts, expected, RTOL, ATOL):
        return None
    hint = next((h for v, h in _variants(p) if v.shape == pts.shape and close(pts, v, 1e-6, 1e-9)), "")
    if not hint and close(pts[0], p["start"], RTOL, ATOL) and pts.shape[0] > 1 and np.allclose(pts, pts[0]):
        hint = "The point never moves: update theta inside the loop."
    return Failure(f"wrong points ({worst_mismatch(pts, expected, RTOL, ATOL, 'points')}).",
                   hint or "Row 0 is the start; each next row is the previous one minus η times the gradient "
                           "at the previous one.", got=pts)


def check_descent_steps(fn):
    """Check fn(gradient, start, lr, steps) -> the points of gradient descent, shape (steps + 1, n):

        θ₀ = start,  θₖ₊₁ = θₖ − lr · gradient(θₖ),  rows θ₀ … θ_steps;  start unchanged.

    Cases: the bowl (4w² + b²)/2, steps = 0, one sigmoid neuron's cost, one parameter with a
    zigzag, and random quadratic bowls in 1 to 4 dimensions. Returns a CheckResult; never raises.
    """
    return run_check("check_descent_steps", fn, _cases(), _evaluate, EQUATION)
