"""The two-circles chapter in a real browser: Play animates the decision boundary (the slider
follows, and the last frame shows exactly nnlib's output), the epoch slider shows nnlib's numbers,
and the playground's two static sliders show the precomputed run's numbers."""
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


def test_circles_playground_static_controls_show_the_precomputed_runs(site, open_page):
    from nnlib.viz import circles as cv

    pages = pages_containing(site, PAGE_MARK)
    assert pages
    page, log = open_page(pages[0])
    wait_for_plots(page, log)
    (figure,) = figures_with_sliders(page, ["config", "epoch"])
    labels = [s["labels"] for s in slider_info(figure)]
    assert labels[0] == list(cv.PLAYGROUND_LABELS)
    assert [int(v) for v in labels[1]] == list(cv.PLAYGROUND_EPOCHS)
    runs = cv.playground_runs()
    for label, epoch, how in (("seed 7", 10, "click"), ("4", 25, "drag"), ("batch 1000", 50, "click")):
        c, j = cv.PLAYGROUND_LABELS.index(label), cv.PLAYGROUND_EPOCHS.index(epoch)
        move_slider(page, figure, 0, c, how=how, log=log)
        assert move_slider(page, figure, 1, j, how=how, log=log) == [c, j]
        record, config = runs[c], cv.PLAYGROUND_CONFIGS[c]
        _wait_title(page, figure, cv.playground_title(config, record, epoch), log)
        z = _region(figure)
        assert np.array_equal(z, cv.probabilities(record.network_at(epoch)))
        cost = figure.evaluate(f"gd => [gd.data[{cv.T_TRAIN_COST}].x, gd.data[{cv.T_TRAIN_COST}].y]")
        assert cost[0] == list(range(epoch + 1))
        assert cost[1] == pytest.approx(record.train_cost[:epoch + 1], abs=1e-4)
    assert not log.problems(), log.problems()
