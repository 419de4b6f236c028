"""The two-circles chapter in a real browser: Play animates the decision boundary (the slider
follows, and the last frame shows exactly nnlib's output), the epoch slider shows nnlib's numbers,
and the playground's two static sliders (learning rate, seed) show the precomputed run's numbers
and the band of all the seeds at that learning rate."""
from __future__ import annotations

import numpy as np
import pytest

from .helpers import figure_title, move_slider, pages_containing, figures_with_sliders, slider_info, wait_for_plots, wait_until

PAGE_MARK = "after epoch 0: training cost"


def _region(figure):
    return np.array(figure.evaluate("gd => gd.data[0].z"), dtype=float)


def _wait_title(page, figure, text, log, timeout_ms=10_000):
    wait_until(page, "([gd, t]) => gd.querySelector('.gtitle').textContent === t", f"the title {text!r}",
               arg=[figure.element_handle(), text], log=log, timeout_ms=timeout_ms)


def test_circles_animation_plays_and_its_slider_shows_nnlib_numbers(site, open_page):
    from nnlib.viz import circles as cv

    record = cv.main_run()
    pages = pages_containing(site, PAGE_MARK)
    assert pages, "no page has the two-circles animation (the circles chapter should)"
    page, log = open_page(pages[0])
    wait_for_plots(page, log)
    (figure,) = figures_with_sliders(page, ["epoch"])
    epochs = list(cv.ANIMATION_EPOCHS)
    assert [int(v) for v in slider_info(figure)[0]["labels"]] == epochs
    start_z, start_title = _region(figure), figure_title(figure)
    assert start_title == cv.boundary_title(record, 0)
    # Play: the title, the region and the slider all move on, and the last frame is epoch 50
    figure.locator("g.updatemenu-button").first.click()
    wait_until(page, "gd => gd.layout.sliders[0].active > 0", "the slider following Play",
               arg=figure.element_handle(), log=log)
    last = cv.boundary_title(record, epochs[-1])
    _wait_title(page, figure, last, log, timeout_ms=90_000)
    assert figure.evaluate("gd => gd.layout.sliders[0].active") == len(epochs) - 1
    final_z = _region(figure)
    expected, _ = cv.animation_frame_numbers(record, epochs[-1])
    assert np.array_equal(final_z, expected) and not np.array_equal(final_z, start_z)
    # the slider (and its keyboard twin) shows any epoch with nnlib's numbers
    for k, how in ((epochs.index(10), "click"), (epochs.index(3), "drag")):
        state = move_slider(page, figure, 0, k, how=how, log=log)
        assert state == [k]
        z, title = cv.animation_frame_numbers(record, epochs[k])
        _wait_title(page, figure, title, log)
        assert np.array_equal(_region(figure), z)
    assert not log.problems(), log.problems()


def _wait_layout_title(page, figure, text, log, timeout_ms=10_000):
    """Wait for the title the figure's layout holds (a two-line title: its text with the <br>)."""
    wait_until(page, "([gd, t]) => gd.layout.title.text === t", f"the title {text!r}",
               arg=[figure.element_handle(), text], log=log, timeout_ms=timeout_ms)


def test_circles_playground_static_controls_show_the_precomputed_runs(site, open_page):
    from nnlib.viz import circles as cv

    pages = pages_containing(site, PAGE_MARK)
    assert pages
    page, log = open_page(pages[0])
    wait_for_plots(page, log)
    (figure,) = figures_with_sliders(page, ["lr", "seed"])
    labels = [s["labels"] for s in slider_info(figure)]
    assert [float(v) for v in labels[0]] == list(cv.PLAYGROUND_LRS)
    assert [int(v) for v in labels[1]] == list(cv.PLAYGROUND_SEEDS)
    runs = cv.playground_runs()
    for lr, seed, how in ((0.03, 7, "click"), (1.0, 3, "drag"), (0.3, 0, "click")):
        i, j = cv.PLAYGROUND_LRS.index(lr), cv.PLAYGROUND_SEEDS.index(seed)
        move_slider(page, figure, 0, i, how=how, log=log)
        assert move_slider(page, figure, 1, j, how=how, log=log) == [i, j]
        record = runs[lr][j]
        _wait_layout_title(page, figure, cv.playground_static_title(lr, seed), log)
        assert np.array_equal(_region(figure), cv.probabilities(record.net))
        cost = figure.evaluate(f"gd => gd.data[{cv.T_TRAIN_COST}].y")
        assert cost == pytest.approx(record.train_cost, abs=1e-4)
        band = np.array(figure.evaluate(f"gd => [gd.data[{cv.T_BAND}].y, gd.data[{cv.T_BAND + 1}].y]"), dtype=float)
        costs = np.array([r.train_cost for r in runs[lr]])
        assert band[0] == pytest.approx(costs.max(0), abs=1e-4) and band[1] == pytest.approx(costs.min(0), abs=1e-4)
    assert not log.problems(), log.problems()
