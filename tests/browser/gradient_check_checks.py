"""Reading and driving the gradient-check explorer (nnlib/viz/js/gradient_check.js) in a browser,
and checking what it shows against nnlib.viz.gradient_checking (check_state, analytic_flat,
numerical_flat); shared by the standalone-page test (test_gradient_check_explorer.py) and the
built-book test (test_gradient_checking.py).

An explorer is given as a Playwright locator of its root element, which holds the explorer
object as root.gradientCheck.
"""
from __future__ import annotations

import numpy as np

from nnlib.viz import gradient_checking as gc

RTOL = 1e-9
# A centred difference divides a difference of two costs by 2 eps. The twin and nnlib compute each
# cost (near 0.2) with sums in their own order, so the costs may differ by a few rounding steps
# (2.8e-17 each); ROUNDING_STEPS of them in the difference move the quotient by
# ROUNDING_STEPS * 2.2e-16 * C / (2 eps): 2.2e-11 at eps = 1e-5, 0.2 at eps = 1e-13. Finite
# differences are compared to that absolute tolerance, and relative errors to it divided by their scale.
ROUNDING_STEPS = 8
READ = """root => { const e = root.gradientCheck, k = e.controls;
    return {state: e.state, readout: e.readout.textContent, status: e.status.textContent, bug: e.bug.textContent,
            name: k.name.value, eps_slider: Number(k.epsSlider.value), eps_field: k.eps.value, lam: k.lam.checked,
            handle: ['aria-valuenow', 'aria-valuetext', 'role', 'tabindex'].map(a => e.handle.getAttribute(a)),
            marks: root.querySelectorAll('.nnjs-gc-mark').length,
            options: Array.from(k.name.options).map(o => o.textContent)}; }"""


def read(root) -> dict:
    return root.evaluate(READ)


def fd_atol(eps, lam):
    """The absolute tolerance of a centred difference at eps (see ROUNDING_STEPS)."""
    net, X, Y = gc._problem(lam)
    return ROUNDING_STEPS * np.finfo(float).eps * float(net.cost(X, Y)) / (2 * eps)


def error_tolerances(analytic, numeric, eps, lam):
    """How far each relative error may move when its finite difference moves by fd_atol."""
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), gc.RELATIVE_FLOOR)
    return 2 * fd_atol(eps, lam) / scale


def assert_nnlib(shown) -> float:
    """Everything the explorer shows equals nnlib's for its backprop, eps and lambda: the backprop's
    gradient (to RTOL), the finite differences (to fd_atol), each relative error, the largest and
    the curve (to what those tolerances allow), the worst parameter, the verdict and the readout.
    Returns the largest differences: relative of the gradient, of the finite differences as a share
    of fd_atol, and relative of the relative errors above 1e-6 at a trusted eps."""
    s = shown["state"]
    name, eps, lam = s["name"], s["eps"], s["lam"]
    assert shown["name"] == name and shown["lam"] == (lam == gc.LAMBDAS[1])
    py = gc.check_state(name, eps, lam)
    g, n = gc.analytic_flat(name, lam), gc.numerical_flat(eps, lam)
    np.testing.assert_allclose(s["analytic"], g, rtol=RTOL, atol=0)
    np.testing.assert_allclose(s["numeric"], n, rtol=0, atol=fd_atol(eps, lam))
    tol = error_tolerances(g, n, eps, lam)
    errors = np.asarray(s["errors"])
    assert np.all(np.abs(errors - py.errors) <= RTOL * py.errors + tol), (name, eps, lam)
    assert abs(s["max_error"] - py.max_error) <= RTOL * py.max_error + tol.max()
    worst = gc.parameter_names()[0].index(s["worst"])
    assert py.errors[worst] >= py.max_error - RTOL * py.max_error - 2 * tol.max()
    assert s["verdict"] == gc.verdict(s["max_error"], eps)
    # the curve: the largest error at each eps of EPS_CURVE, nnlib's error_curve
    curve_tol = [error_tolerances(g, gc.numerical_flat(e, lam), e, lam).max() for e in gc.EPS_CURVE]
    assert np.all(np.abs(np.asarray(s["curve"]) - py.curve) <= RTOL * py.curve + curve_tol)
    expected = gc.check_title(py._replace(max_error=s["max_error"], worst=s["worst"], verdict=s["verdict"]))
    assert shown["readout"] == expected
    bug = gc.IMPLEMENTATIONS[name].bug
    assert shown["bug"] == (f"What is wrong: {bug}." if bug else "The correct backprop.")
    assert shown["marks"] == len(py.errors)
    assert abs(shown["eps_slider"] - np.log10(eps)) < 0.006
    assert shown["handle"][:2] == [f"{np.log10(eps):.2f}", f"ε = {eps:.1e}, largest error {gc.fmt(s['max_error'])}"]
    trusted = gc.EPS_TRUSTED[0] <= eps <= gc.EPS_TRUSTED[1]
    big = py.errors > 1e-6  # where a relative error is far above the rounding of its finite difference
    return {"gradient": float(np.max(np.abs(np.asarray(s["analytic"]) - g) / np.abs(g))),
            "finite_difference_over_atol": float(np.max(np.abs(np.asarray(s["numeric"]) - n)) / fd_atol(eps, lam)),
            "relative_error": float(np.max(np.abs(errors - py.errors)[big] / py.errors[big]))
            if trusted and big.any() else 0.0}


def choose(root, name=None, lam=None) -> None:
    """Choose the backprop by name in the select and switch L2 to lam with the checkbox (clicks)."""
    if name is not None:
        root.get_by_label("backprop", exact=True).select_option(name)
    if lam is not None:
        box = root.locator("input[type=checkbox]")
        if box.is_checked() != (lam == gc.LAMBDAS[1]):
            box.click()


def type_eps(root, eps) -> dict:
    field = root.get_by_label("ε", exact=True)
    field.fill(str(eps))
    field.press("Enter")
    return read(root)


def drag_eps(page, root, to_log_eps) -> dict:
    """Drag the star on the ε plot from where it is to log10 eps = to_log_eps (pointer events)."""
    panel = root.locator(".nnjs-gc-eps-panel")
    panel.scroll_into_view_if_needed()  # the mouse acts at viewport coordinates
    box = panel.bounding_box()
    left, right, x_range = 56, 36, (-13.4, -0.6)  # gradient_check.js's LEFT, RIGHT, X_EPS
    # the panel's drawing width (its width attribute): the page's CSS may narrow the box (the
    # drawing is then cut at the right, not scaled), and gradient_check.js maps the pointer with it
    width = float(panel.get_attribute("width"))
    to_x = lambda v: box["x"] + left + (v - x_range[0]) / (x_range[1] - x_range[0]) * (width - left - right)
    start = np.log10(read(root)["state"]["eps"])
    page.mouse.move(to_x(start), box["y"] + box["height"] / 2)
    page.mouse.down()
    for f in (0.3, 0.7, 1.0):
        page.mouse.move(to_x(start + f * (to_log_eps - start)), box["y"] + box["height"] / 2)
    page.mouse.up()
    shown = read(root)
    assert abs(np.log10(shown["state"]["eps"]) - to_log_eps) < 0.06  # a pixel is 0.056 decades
    return shown
