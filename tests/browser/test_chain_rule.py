"""The chain-rule chapter's static figure in a real browser: after moving its three sliders
(chosen parameter, its change from the default, nudge Δ), the title and both tables show exactly the numbers nnlib
computes for that choice, and the nudge markers sit where nnlib puts them."""
from __future__ import annotations

import re

import pytest

from .helpers import figure_title, move_slider, pages_containing, figures_with_sliders, slider_info, wait_for_plots, wait_until

SLIDER_NAMES = ["param", "value", "delta"]

# Each table's columns as drawn: the visible body cells of each column, top to bottom, columns
# left to right (plotly draws the cells of a column in its own order, so sort by position).
TABLES_JS = r"""gd => Array.from(gd.querySelectorAll('g.table')).map(t =>
  Array.from(t.querySelectorAll('g.y-column'))
    .map(col => [col.getBoundingClientRect().left,
      Array.from(col.querySelectorAll('g.column-block:not(#header) g.column-cell'))
        .filter(c => c.getBoundingClientRect().height > 0)
        .map(c => [c.getBoundingClientRect().top,
                   c.querySelector('text.cell-text').textContent.replace(/\u200b/g, '')])
        .sort((a, b) => a[0] - b[0]).map(x => x[1])])
    .sort((a, b) => a[0] - b[0]).map(x => x[1]))"""


def _plain(html_text: str) -> str:
    """What plotly draws for a text with tags: the tags gone, whitespace normalised."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text)).strip()


def test_chain_figure_numbers_match_nnlib(site, open_page):
    from nnlib.viz import chain_rule as cr

    found = []
    for page_path in pages_containing(site, "nudge view"):
        page, log = open_page(page_path)
        wait_for_plots(page, log)
        for figure in figures_with_sliders(page, SLIDER_NAMES):
            found.append(page_path)
            labels = [s["labels"] for s in slider_info(figure)]
            assert labels[0] == list(cr.PARAMS)
            assert [float(v) for v in labels[1]] == list(cr.SHIFTS)  # shift from the default
            assert [float(v) for v in labels[2]] == list(cr.DELTAS)
            start_title = figure_title(figure)
            moves = [("b2", 1.5, -0.5, "click"), ("x", 0.0, 1.0, "drag"), ("w3", -3.0, 0.1, "click")]
            for param, value, delta, how in moves:
                shift = f"{value - cr.DEFAULTS[param]:g}"
                steps = [labels[0].index(param), labels[1].index(shift), labels[2].index(f"{delta:g}")]
                for i, step in enumerate(steps):
                    state = move_slider(page, figure, i, step, how=how, log=log)
                assert state == steps
                state_numbers = cr.static_state_numbers(param, value, delta)
                expected_title = _plain(cr.chain_title(state_numbers, param))
                wait_until(
                    page, "([gd, t]) => gd.querySelector('.gtitle').textContent.replace(/\\s+/g, ' ').trim() === t",
                    f"the title showing {param} = {value:g}, nudged by {delta:g}",
                    arg=[figure.element_handle(), expected_title], log=log, timeout_ms=10_000,
                )
                assert figure_title(figure) != start_title
                # both tables, cell by cell, as drawn
                shown = figure.evaluate(TABLES_JS)
                expected_table = [[_plain(c) for c in col] for col in cr.table_columns(state_numbers)]
                assert shown[0] == expected_table, f"{param} = {value}: {shown[0]} != {expected_table}"
                assert shown[1] == cr.layer_columns(state_numbers)
                # the row of the chosen parameter holds its value, and the three gradients agree
                row = list(cr.PARAMS).index(param)
                assert shown[0][1][row] == f"{value:g}"
                assert shown[0][5][row] == shown[0][6][row] == shown[0][7][row]
                # the nudge markers: the actual change and the gradient's prediction at delta
                markers = figure.evaluate(
                    f"gd => [gd.data[{cr.ACTUAL_TRACE}], gd.data[{cr.PREDICTED_TRACE}]].map(t => [t.x[0], t.y[0]])")
                n = state_numbers.nudge
                assert markers[0] == pytest.approx([delta, n.actual], rel=1e-5, abs=1e-12)
                assert markers[1] == pytest.approx([delta, n.predicted], rel=1e-5, abs=1e-12)
        assert not log.problems(), log.problems()
    assert found, "no page has the chain-rule figure (the chain-rule chapter should)"
