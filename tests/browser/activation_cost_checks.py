"""Reading and driving the activation-and-cost explorer (nnlib/viz/js/activation_cost.js) in a
browser, and checking what it shows against nnlib.viz.activation_cost; shared by the standalone-page
test (test_activation_cost_explorer.py) and the built-book test (test_activations_costs.py).

An explorer is given as a Playwright locator of its root element (class nnjs-explorer), which
holds the explorer object as root.activationCost.
"""
from __future__ import annotations

import numpy as np
import pytest

import nnlib
from nnlib.viz import activation_cost as ac

RTOL = 1e-9
NUMBERS = ("g", "g_prime", "z_out", "a_out", "sigma_prime_out", "cost", "delta_out", "delta_out_other", "delta_hidden")
# everything the explorer shows, from its root element
READ = """root => { const e = root.activationCost, c = e.controls, p = e.panels;
    const marker = (svg) => Array.from(svg.querySelectorAll('circle')).filter(el => el.getAttribute('r') !== '11')
        .map(el => [Number(el.getAttribute('cx')), Number(el.getAttribute('cy'))]);
    return {activation: e.activation, cost: e.cost, z: e.z, y: e.y, state: e.state, curves: e.curves,
            zs: e.zs, zls: e.zls, readout: e.readout.textContent, status: e.status.textContent, note: e.note.textContent,
            fields: [c.activation.value, c.cost.value, c.z.value, c.ySlider.value, c.y.value],
            handle: [e.handle.getAttribute('aria-valuenow'), e.handle.getAttribute('aria-valuetext')],
            dot: [Number(e.dot.getAttribute('cx')), Number(e.dot.getAttribute('cy'))],
            expected_dot: [p.g.toX(e.z), p.g.toY(e.state.g)],
            delta_markers: marker(p.delta.svg), expected_delta: [p.delta.toX(e.state.z_out), p.delta.toY(e.state.delta_out)],
            inset: p.g.svg.querySelector('.nnjs-ac-inset') !== null}; }"""


def read(root) -> dict:
    return root.evaluate(READ)


def number(x):
    """x as JavaScript's String(x) prints the explorer's 2-decimal values (e.g. 1, -0.5, 2.37)."""
    return f"{x:g}" if x != 0 else "0"


def expected_readout(s):
    """The readout's text, made from nnlib's numbers (fmt as the chapter's figures print them)."""
    other = ac.other_cost(s.cost_name)
    return (f"{ac.NAMES[s.activation]}, {ac.NAMES[s.cost_name]} cost, z[1] = {number(s.z)}, y = {number(s.y)}: "
            f"g(z[1]) = {ac.fmt(s.g)}, g′(z[1]) = {ac.fmt(s.g_prime)}; z[L] = {ac.fmt(s.z_out)}, "
            f"output a[L] = {ac.fmt(s.a_out)}, C₀ = {ac.fmt(s.cost)}; output error δ[L] = {ac.fmt(s.delta_out)} "
            f"({ac.NAMES[other]}: {ac.fmt(s.delta_out_other)}); hidden error δ[1] = ∂C₀/∂w[1] = {ac.fmt(s.delta_hidden)}.")


def _close(shown, expected, what):
    np.testing.assert_allclose(shown, expected, rtol=RTOL, atol=1e-15, err_msg=what)


def assert_nnlib(shown):
    """Every number the explorer shows for its (activation, cost, z[1], y) is nnlib's: the nine
    numbers of act_cost_numbers, the curves g and g' (nnlib.ACTIVATIONS) at the page's z and the
    output error under both costs (nnlib.COSTS) at the page's z[L], all to 1e-9 relative; the
    readout's text, the controls and the handle's values; the markers sit at the numbers."""
    s = ac.act_cost_numbers(shown["activation"], shown["cost"], shown["z"], shown["y"])
    for key in NUMBERS:
        _close(shown["state"][key], getattr(s, key), key)
    zs, zls = np.array(shown["zs"]), np.array(shown["zls"])
    g = nnlib.ACTIVATIONS[s.activation]
    _close(shown["curves"]["g"], g.g(zs), "g curve")
    _close(shown["curves"]["g_prime"], g.prime(zs), "g' curve")
    Z = zls.reshape(-1, 1)
    for key, cost in (("delta", s.cost_name), ("delta_other", ac.other_cost(s.cost_name))):
        expected = nnlib.COSTS[cost].output_delta(nnlib.sigmoid(Z), np.full_like(Z, s.y), Z, nnlib.ACTIVATIONS["sigmoid"])
        _close(shown["curves"][key], expected[:, 0], key)
    assert shown["readout"] == expected_readout(s)
    assert shown["fields"] == [s.activation, s.cost_name, number(s.z), number(s.y), number(s.y)], shown["fields"]
    assert shown["handle"] == [number(s.z), f"z[1] = {number(s.z)}, g = {ac.fmt(s.g)}, δ[1] = {ac.fmt(s.delta_hidden)}"]
    assert shown["dot"] == pytest.approx(shown["expected_dot"])
    assert pytest.approx(shown["expected_delta"]) in shown["delta_markers"]
    assert shown["inset"] == (s.activation in ("relu", "leaky_relu"))
    return s


def choose(root, activation, cost):
    """Choose the activation and the cost by their readable names, as a reader does."""
    root.get_by_label("hidden activation g", exact=True).select_option(label=ac.NAMES[activation])
    root.get_by_label("cost", exact=True).select_option(label=ac.NAMES[cost])


def set_fields(root, z, y):
    """Type z[1] and y into the number fields, then leave the last (a change: screen readers hear it)."""
    root.get_by_label("weighted input z[1] = w[1]", exact=True).fill(number(z))
    root.get_by_label("target y", exact=True).fill(number(y))
    root.get_by_label("target y", exact=True).press("Tab")
    return read(root)


def to_screen(root, panel, z):
    """The screen position of z[1] on a panel ("g" or "gp"), at the height of the panel's middle."""
    svg = root.locator(f".nnjs-ac-{panel}")
    box = svg.bounding_box()
    x = root.evaluate("(root, [panel, z]) => root.activationCost.panels[panel].toX(z)", [panel, z])
    return box["x"] + x, box["y"] + box["height"] / 2


def drag_and_check(page, root, panel, z_to):
    """Drag on a panel ("g" or "gp") from the marker's z[1] to z_to (pressed, moved in steps,
    released) and check: z[1] follows the pointer (to the 0.01 it rounds to), the explorer shows
    nnlib's numbers there, already before the release, and a screen reader hears the readout when
    the drag ends."""
    shown = read(root)
    root.scroll_into_view_if_needed()
    page.mouse.move(*to_screen(root, panel, shown["z"]))
    page.mouse.down()
    page.mouse.move(*to_screen(root, panel, z_to), steps=5)
    during = read(root)
    page.mouse.up()
    shown = read(root)
    assert during["readout"] == shown["readout"], "the figure changed on release, not while dragging"
    assert abs(shown["z"] - z_to) <= 0.03 and round(shown["z"], 2) == shown["z"], (shown["z"], z_to)
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    assert root.evaluate("root => document.activeElement === root.activationCost.handle")
    return shown
