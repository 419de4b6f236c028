"""The batch chapter's figures in a real browser.

- The regularisation explorer (nnlib/viz/js/regularisation.js): it is on the page, draws the
  plane, the training points and the bars, starts at lambda = 0, run 0 with nnlib's numbers, and
  trains live: the slider moved with the arrow keys, lambda typed and the run chosen, it shows
  nnlib's numbers for each state (run_result); the linked-slider figure is gone.
- The figure over the ten runs: its mean lines and bands are the means, lowest and highest runs of
  nnlib's trainings, and its bottom row compares each run with itself at lambda = 0.

Run after building the book (see conftest.py); BOOK_HTML points at another build."""
from __future__ import annotations

import re

import pytest

from .helpers import figures_with_sliders, open_book_page, wait_until
from .regularisation_checks import (FIELD_LABEL, RUN_LABEL, SLIDER_LABEL, assert_nnlib, lam_of_position,
                                    trained)

PAGE = "book/batch.html"
EXPLORER = ".nnjs-explorer"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_regularisation_explorer_draws_and_trains_live(site, open_page):
    from nnlib.viz import batch as bt

    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 1 && "
               f"document.querySelector('{EXPLORER}').regularisation !== undefined",
               "the regularisation explorer being built", log=log)
    root = page.locator(EXPLORER)
    root.scroll_into_view_if_needed()
    # it draws: the plane with the run's points, two panels of bars with their names
    assert root.locator("svg.nnjs-reg-plane circle, svg.nnjs-reg-plane path").count() == bt.M
    assert root.locator("svg.nnjs-reg-bars rect").count() >= 7
    assert root.locator("canvas").bounding_box()["width"] >= 250
    assert figures_with_sliders(page, ["lam", "run"]) == []  # the linked-slider figure is gone
    shown = trained(page, root, log)
    assert (shown["lam"], shown["run"]) == bt.START
    assert_nnlib(shown, root)
    # the slider by the keyboard, a typed lambda, another run
    slider = root.get_by_label(SLIDER_LABEL, exact=True)
    slider.focus()
    for _ in range(150):  # from 0: position 150, lambda = 10^(-3 + 149/100)
        page.keyboard.press("ArrowRight")
    shown = trained(page, root, log)
    assert shown["lam"] == lam_of_position(150) and shown["title"] != bt.regularisation_title(bt.regularisation_state(*bt.START))
    assert_nnlib(shown, root)
    root.get_by_label(RUN_LABEL, exact=True).select_option("3")
    root.get_by_label(FIELD_LABEL, exact=True).fill("0.1")
    shown = trained(page, root, log)
    assert (shown["lam"], shown["run"]) == (0.1, 3)
    assert_nnlib(shown, root)
    assert shown["title"] == bt.regularisation_title(bt.regularisation_state(0.1, 3))
    assert not log.problems(), log.problems()


def test_runs_figure_shows_mean_and_range_of_the_runs(site, open_page):
    from nnlib.viz import batch as bt

    page, log = open_book_page(site, open_page, PAGE)
    title = _plain(bt.regularisation_bands_figure().layout.title.text)
    traces = page.evaluate(
        """t => Array.from(document.querySelectorAll('.plotly-graph-div'))
                 .filter(gd => gd.layout && gd.layout.title &&
                               gd.layout.title.text.replace(/\\s+/g, ' ').trim() === t)
                 .map(gd => gd.data.map(d => ({name: d.name, x: Array.from(d.x), y: Array.from(d.y)})))""",
        title)
    assert len(traces) == 1, f"{PAGE} should show the figure over the runs ({title!r}) once"
    by_name = {d["name"]: d for d in traces[0]}
    fields = {"train cost": ("train_cost", 1), "test cost": ("test_cost", 1),
              "test accuracy": ("test_accuracy", 100)}
    for name, (field, scale) in fields.items():
        spreads = [bt.spread(field, lam) for lam in bt.LAMBDAS]
        assert by_name[name]["x"] == [f"{lam:g}" for lam in bt.LAMBDAS]
        assert by_name[name]["y"] == pytest.approx([scale * s.mean for s in spreads], abs=1e-5)
        lows = [d for n, d in by_name.items() if n.startswith(f"{name}: lowest")]
        highs = [d for n, d in by_name.items() if n.startswith(f"{name}: highest")]
        assert lows[0]["y"] == pytest.approx([scale * s.lo for s in spreads], abs=1e-5)
        assert highs[0]["y"] == pytest.approx([scale * s.hi for s in spreads], abs=1e-5)
    change = by_name["change in test cost: highest of 10 runs"]["y"]
    spreads = [bt.spread("test_cost", lam).values - bt.spread("test_cost", 0.0).values for lam in bt.LAMBDAS]
    assert change == pytest.approx([s.max() for s in spreads], abs=1e-5)
    assert not log.problems(), log.problems()
