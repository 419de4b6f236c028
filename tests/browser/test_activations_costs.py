"""The activation-and-cost chapter's static figure in a real browser: after moving its four sliders
(hidden activation, cost, z[1], target y), the title shows exactly the numbers nnlib computes for
that choice, the right curves are visible and the three markers sit where nnlib puts them."""
from __future__ import annotations

import re

import pytest

from .helpers import figure_title, move_slider, pages_containing, figures_with_sliders, slider_info, wait_for_plots, wait_until

SLIDER_NAMES = ["activation", "cost", "z", "y"]


def _plain(html_text: str) -> str:
    """What plotly draws for a text with tags: the tags gone, whitespace normalised (the page side
also drops the zero-width spaces plotly puts around <sup>)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text)).strip()


def test_activation_cost_figure_numbers_match_nnlib(site, open_page):
    from nnlib.viz import activation_cost as ac

    found = []
    for page_path in pages_containing(site, "hidden activation g"):
        page, log = open_page(page_path)
        wait_for_plots(page, log)
        for figure in figures_with_sliders(page, SLIDER_NAMES):
            found.append(page_path)
            labels = [s["labels"] for s in slider_info(figure)]
            assert labels[0] == ac.ACTIVATION_LABELS and labels[1] == ac.COST_LABELS
            assert [float(v) for v in labels[2]] == list(ac.Z_VALUES)
            assert [float(v) for v in labels[3]] == list(ac.TARGETS)
            start_title = figure_title(figure)
            moves = [("relu", "quadratic", 5.0, 0.0, "click"), ("tanh", "cross_entropy", -2.5, 1.0, "drag"),
                     ("leaky_relu", "cross_entropy", -1.0, 1.0, "click"), ("sigmoid", "quadratic", 0.0, 1.0, "click")]
            for activation, cost, z, y, how in moves:
                steps = [ac.ACTIVATION_NAMES.index(activation), ac.COST_NAMES.index(cost), labels[2].index(f"{z:g}"),
                         labels[3].index(f"{y:g}")]
                for i, step in enumerate(steps):
                    state = move_slider(page, figure, i, step, how=how, log=log)
                assert state == steps
                s = ac.act_cost_numbers(activation, cost, z, y)
                expected_title = _plain(ac.act_cost_title(s))
                wait_until(
                    page, "([gd, t]) => gd.querySelector('.gtitle').textContent.replace(/\\u200b/g, '').replace(/\\s+/g, ' ').trim() === t",
                    f"the title showing {activation}, {cost}, z = {z:g}, y = {y:g}",
                    arg=[figure.element_handle(), expected_title], log=log, timeout_ms=10_000,
                )
                assert figure_title(figure) != start_title
                shown = figure.evaluate(
                    f"""gd => ({{
                        g: [gd.data[{ac.G_MARKER}].x[0], gd.data[{ac.G_MARKER}].y[0]],
                        gp: [gd.data[{ac.GP_MARKER}].x[0], gd.data[{ac.GP_MARKER}].y[0]],
                        delta: [gd.data[{ac.DELTA_MARKER}].x[0], gd.data[{ac.DELTA_MARKER}].y[0]],
                        visible: gd.data.map((t, i) => t.visible === false ? -1 : i).filter(i => i >= 0),
                        panel: gd.layout.annotations[0].text,
                        panels: gd.layout.annotations.slice(0, 3).map(a => a.text),
                    }})""")
                assert shown["g"] == pytest.approx([z, s.g], abs=1e-4)
                assert shown["gp"] == pytest.approx([z, s.g_prime], abs=1e-4)
                assert shown["delta"] == pytest.approx([s.z_out, s.delta_out], abs=1e-4)
                expected_visible = sorted([
                    ac.G_TRACES[activation], ac.GP_TRACES[activation], ac.G_MARKER, ac.GP_MARKER,
                    ac.DELTA_TRACES[(cost, y, "chosen")], ac.DELTA_TRACES[(ac.other_cost(cost), y, "other")],
                    ac.DELTA_MARKER])
                assert shown["visible"] == expected_visible
                assert ac.NAMES[activation] in shown["panel"]
                # the numbers read out above the panels and in the title are nnlib's
                title = re.sub(r"\s+", " ", figure_title(figure).replace("\u200b", ""))
                assert f"= {ac.fmt(s.delta_hidden)}" in title
                assert f"g′(z) = {ac.fmt(s.g_prime)}" in shown["panels"][1]
                assert f"δ<sup>[L]</sup> = {ac.fmt(s.delta_out)}" in shown["panels"][2]
        assert not log.problems(), log.problems()
    assert found, "no page has the activation-and-cost figure (the activations chapter should)"

