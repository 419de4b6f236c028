"""The delta-rule chapter's static figure in a real browser: after moving its three sliders
(example, backward step, the weight w^[2]_12), every neuron box and every weight label shows
exactly the numbers nnlib computes for that choice, and the weight's line has the right width."""
from __future__ import annotations

import re

import pytest

from .helpers import figure_title, move_slider, pages_containing, figures_with_sliders, slider_info, wait_for_plots, wait_until

SLIDER_NAMES = ["example", "step", "w2_12"]


def _plain(html_text: str) -> str:
    """What plotly draws for a text with tags: the tags gone, whitespace normalised."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text.replace("<br>", " "))).strip()


# The text of every annotation as drawn (the <br> lines joined by spaces), in layout order.
ANNOTATIONS_JS = r"""gd => Array.from(gd.querySelectorAll('g.annotation')).map(a =>
  Array.from(a.querySelectorAll('text tspan.line')).length
    ? Array.from(a.querySelectorAll('text tspan.line')).map(t => t.textContent).join(' ')
    : a.querySelector('text').textContent).map(t => t.replace(/\u200b/g, ''))"""


def test_delta_figure_numbers_match_nnlib(site, open_page):
    from nnlib.viz import delta_rule as dr
    from nnlib.viz import network_diagram as nd

    found = []
    for page_path in pages_containing(site, "not known yet (?)"):
        page, log = open_page(page_path)
        wait_for_plots(page, log)
        for figure in figures_with_sliders(page, SLIDER_NAMES):
            found.append(page_path)
            labels = [s["labels"] for s in slider_info(figure)]
            assert labels[0] == list(dr.EXAMPLE_NAMES)
            assert labels[1] == list(dr.STEPS)
            assert [float(v) for v in labels[2]] == list(dr.CHOSEN_VALUES)
            start_title = figure_title(figure)
            E, N = len(nd.edge_list(dr.SIZES)), len(nd.neuron_list(dr.SIZES))
            moves = [("2", 4, 1.5, "click"), ("3", 1, 0.0, "drag"), ("1", 3, -2.0, "click")]
            for example, step, w, how in moves:
                steps = [labels[0].index(example), step, labels[2].index(f"{w:g}")]
                for i, s in enumerate(steps):
                    state = move_slider(page, figure, i, s, how=how, log=log)
                assert state == steps
                v = dr.delta_view(example, step, w2_12=w)
                expected_title = re.sub(r"\s+", "", _plain(dr.delta_title(v)))
                wait_until(
                    page, "([gd, t]) => gd.querySelector('.gtitle').textContent.replace(/[\\s\\u200b]+/g, '') === t",
                    f"the title showing example {example}, step {step}, w = {w:g}",
                    arg=[figure.element_handle(), expected_title], log=log, timeout_ms=10_000,
                )
                assert figure_title(figure) != start_title
                shown = figure.evaluate(ANNOTATIONS_JS)
                # the weight labels: value, and nnlib's gradient once the pass reached the layer
                for e, (l, j, k) in enumerate(nd.edge_list(dr.SIZES)):
                    text = shown[e]
                    assert text.startswith(f"w = {v.W[l][j - 1, k - 1]:.2f}"), text
                    if v.grad_known[l]:
                        assert float(text.split("∂ = ")[1]) == pytest.approx(v.dW[l][j - 1, k - 1], abs=6e-5)
                    else:
                        assert "∂" not in text
                # the neuron boxes: z, a and delta (or ?) from nnlib
                assert [_plain(t) for t in shown[E:E + N]] == [_plain(t) for t in dr.node_texts(v)]
                # the moved weight's line: colour for its sign, width for its size
                e = nd.edge_list(dr.SIZES).index((2, 1, 2))
                line = figure.evaluate(f"gd => gd.layout.shapes[{e}].line")
                colours, widths = nd.edge_styles(v.W)
                assert line["color"] == colours[e] and line["width"] == pytest.approx(widths[e])
        assert not log.problems(), log.problems()
    assert found, "no page has the delta-rule figure (the delta-rule chapter should)"
