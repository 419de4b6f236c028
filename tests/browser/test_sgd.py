"""The SGD chapter in a real browser: its static figure, moved with the mouse, draws exactly the
path and the cost curve nnlib.sgd computes for the chosen batch size and learning rate, and the
final costs of its runs over all shuffling seeds; its exercises work.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

import re

from .helpers import figure_title, move_slider, open_book_page, slider_figures, slider_info, wait_until

PAGE = "book/sgd.html"
TITLE = re.compile(r"B = (\d+), η = ([\d.]+): (\d+) steps in (\d+) epochs, final cost C = ([\d.]+)\s+"
                   r"\(full batch: (\d+) steps, C = ([\d.]+)\)")
READ_TRACES = """(gd, idx) => Object.fromEntries(Object.entries(idx).map(([name, i]) => [name, {
    x: Array.from(gd.data[i].x || []), y: Array.from(gd.data[i].y || [])}]))"""


def test_sgd_figure_numbers_match_nnlib(site, open_page):
    """Move the batch size and the learning rate, by clicks and drags; after each move the title,
    both paths, both cost curves and the final costs of the runs of every seed are nnlib.sgd's for
    the chosen values."""
    from nnlib.viz import sgd as S

    page, log = open_book_page(site, open_page, PAGE)
    figures = [f for f in slider_figures(page) if TITLE.search(figure_title(f))]
    assert len(figures) == 1, f"expected one SGD figure on {PAGE}, found {len(figures)}"
    figure = figures[0]
    info = slider_info(figure)
    assert [s["name"] for s in info] == ["batch_size", "lr"]
    labels = {s["name"]: s["labels"] for s in info}
    assert labels["batch_size"] == [f"{b:g}" for b in S.BATCH_SIZES]
    traces = {"path": S.T_PATH, "full": S.T_FULL, "cost": S.T_PATH_COST, "full_cost": S.T_FULL_COST,
              "ends": S.T_ENDS}
    start_title = figure_title(figure)
    for i, j, how in [(0, 4, "click"), (2, 1, "drag"), (4, 3, "click")]:
        move_slider(page, figure, 0, i, how=how, log=log)
        state = move_slider(page, figure, 1, j, how=how, log=log)
        assert state == [i, j]
        B, lr = int(labels["batch_size"][i]), float(labels["lr"][j])
        wait_until(page, "([gd, t]) => gd.querySelector('.gtitle').textContent.startsWith(t)",
                   f"the title showing B = {B}, η = {lr:g}", arg=[figure.element_handle(), f"B = {B}, η = {lr:g}:"],
                   log=log, timeout_ms=10_000)
        title = figure_title(figure)
        assert title != start_title
        m = TITLE.search(title)
        assert m, title
        p, full = S.sgd_path(B, lr), S.sgd_path(None, lr)
        assert m.groups() == (str(B), f"{lr:g}", str(p.n_steps), str(S.EPOCHS), f"{p.cost[-1]:.4f}",
                              str(full.n_steps), f"{full.cost[-1]:.4f}"), title
        drawn = figure.evaluate(READ_TRACES, traces)
        assert len(drawn["path"]["x"]) == p.n_steps + 1
        assert max(abs(u - v) for u, v in zip(drawn["path"]["x"], p.w)) < 1e-4
        assert max(abs(u - v) for u, v in zip(drawn["path"]["y"], p.b)) < 1e-4
        assert max(abs(u - v) for u, v in zip(drawn["cost"]["y"], p.cost)) < 1e-4
        assert list(drawn["cost"]["x"]) == [int(e) for e in p.examples]
        assert max(abs(u - v) for u, v in zip(drawn["full"]["x"], full.w)) < 1e-4
        assert max(abs(u - v) for u, v in zip(drawn["full_cost"]["y"], full.cost)) < 1e-4
        ends = [r.cost[-1] for r in S.runs(B, lr)]
        assert len(drawn["ends"]["y"]) == len(ends) == len(S.RUN_SEEDS)
        assert max(abs(u - v) for u, v in zip(drawn["ends"]["y"], ends)) < 1e-4
        assert set(drawn["ends"]["x"]) == {int(p.examples[-1])}
    assert not log.problems(), log.problems()

