"""The digits chapter's static figure in a real browser: after moving its two sliders (test digit,
noise), the title, the ten output bars (their heights and printed values), the hidden activations
and the image are exactly what nnlib's forward pass computes for that digit."""
from __future__ import annotations

import re

import pytest

from .helpers import (figure_title, move_slider, pages_containing, figures_with_sliders, slider_info, wait_for_plots,
                      wait_until)

SLIDER_NAMES = ["example", "noise"]
# The printed values on the bars, one list per bar trace that prints any.
BAR_TEXTS_JS = """gd => Array.from(gd.querySelectorAll('g.barlayer g.trace')).map(t =>
  Array.from(t.querySelectorAll('g.point')).map(p => {
    const s = p.querySelector('text'); return s ? s.textContent : null; }))
  .filter(texts => texts.some(x => x !== null))"""


def _plain(html_text: str) -> str:
    """What plotly draws for a text with tags: the tags gone, whitespace normalised."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text)).strip()


def test_digit_figure_numbers_match_nnlib(site, open_page):
    from nnlib.viz import digits as dg

    found = []
    for page_path in pages_containing(site, "the network says"):
        page, log = open_page(page_path)
        wait_for_plots(page, log)
        for figure in figures_with_sliders(page, SLIDER_NAMES):
            found.append(page_path)
            picked = dg.picked_examples()
            labels = [s["labels"] for s in slider_info(figure)]
            assert labels[0] == [dg.example_name(i) for i in picked]
            assert [float(v) for v in labels[1]] == list(dg.NOISE_LEVELS)
            start_title = figure_title(figure)
            # a correct digit with noise, a misclassified one, another with the largest noise, back to clean
            moves = [(3, 2, "click"), (len(picked) - 1, 0, "drag"), (12, 5, "click"), (0, 0, "click")]
            for k, j, how in moves:
                for i, step in enumerate((k, j)):
                    state = move_slider(page, figure, i, step, how=how, log=log)
                assert state == [k, j]
                s = dg.digit_state(picked[k], dg.NOISE_LEVELS[j])
                expected = _plain(dg.digit_title(s))
                wait_until(
                    page, "([gd, t]) => gd.querySelector('.gtitle').textContent.replace(/\\s+/g, ' ').trim() === t",
                    f"the title for digit #{picked[k]} with noise {dg.NOISE_LEVELS[j]:g}",
                    arg=[figure.element_handle(), expected], log=log, timeout_ms=10_000,
                )
                if (k, j) != (0, 0):
                    assert figure_title(figure) != start_title
                # the printed output values, as drawn, and the data behind every trace
                assert figure.evaluate(BAR_TEXTS_JS) == [dg.output_texts(s)]
                outputs, hidden1, hidden2, image, target = _read(figure, dg)
                assert outputs == pytest.approx(list(s.outputs), abs=1e-4)
                assert hidden1 == pytest.approx(list(s.hidden1), abs=1e-4)
                assert hidden2 == pytest.approx(list(s.hidden2), abs=1e-4)
                assert target == pytest.approx(list(s.target))
                assert [v for row in image for v in row] == pytest.approx(list(s.image), abs=1e-4)
                # the prediction in the title is the largest bar, drawn in the prediction colour
                colours = figure.evaluate(f"gd => gd.data[{dg.OUTPUT_TRACE}].marker.color")
                assert colours.index(dg.VERMILION) == s.prediction == outputs.index(max(outputs))
        assert not log.problems(), log.problems()
    assert found, "no page has the digits figure (the digits chapter should)"


def _read(figure, dg):
    """(outputs, hidden1, hidden2, image rows, target) as the page holds them."""
    return figure.evaluate(
        f"""gd => {{
          const arr = v => Array.from(v);
          return [arr(gd.data[{dg.OUTPUT_TRACE}].y), arr(gd.data[{dg.HIDDEN1_TRACE}].y),
                  arr(gd.data[{dg.HIDDEN2_TRACE}].y), arr(gd.data[{dg.IMAGE_TRACE}].z).map(arr),
                  arr(gd.data[{dg.TARGET_TRACE}].y)];
        }}"""
    )
