"""The two-circles chapter in a real browser: Play animates the decision boundary (the slider
follows, and the last frame shows exactly nnlib's output), the epoch slider shows nnlib's numbers,
and the playground trains live in the page, run for run the chapter's (nnlib's numbers), up to the
chapter's last epoch."""
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


PLAYGROUND_MARK = "exports.mountPlayground("  # the live playground's output (nnlib/viz/playground_data.py)
PG = "document.querySelector('.nnjs-playground').parentElement.playground"


def _run(page):
    """The page's playground run: epoch, whether it plays, its histories and its readout."""
    return page.evaluate(f"""() => {{ const pg = {PG};
        return {{epoch: pg.epoch, playing: pg.playing, cost: pg.history.cost, test_accuracy: pg.history.testAccuracy,
                readout: pg.readout.textContent}}; }}""")


def test_circles_playground_trains_live_as_the_chapters_runs(site, open_page):
    """The built page's playground, with no kernel: it starts at the chapter's main setting; after
    a setting chosen with the controls, Step (mouse and keyboard) trains the chapter's run for it
    (training cost after every epoch to 1e-9, test accuracy exactly), Play runs on to the chapter's
    last epoch with the chapter's numbers and stops there saying so; no request to another host and
    no error."""
    from nnlib.viz import circles as cv
    from nnlib.viz import playground_data as P

    pages = pages_containing(site, PLAYGROUND_MARK)
    assert pages == pages_containing(site, PAGE_MARK), "the playground should be on the circles chapter's page"
    page, log = open_page(pages[0])
    wait_until(page, f"() => document.querySelector('.nnjs-playground') && {PG} !== undefined",
               "the playground being built", log=log)
    box = page.locator(".nnjs-playground")
    shown = {label: box.get_by_label(label, exact=True).input_value()
             for label in ("hidden layers", "activation", "learning rate η", "batch size", "seed")}
    assert shown == {"hidden layers": cv.MAIN["hidden"], "activation": cv.MAIN["activation"],
                     "learning rate η": f"{cv.MAIN['lr']:g}", "batch size": str(cv.MAIN["batch_size"]),
                     "seed": str(cv.MAIN["seed"])}
    assert _run(page)["cost"] == pytest.approx([cv.main_run().train_cost[0]], rel=1e-9)
    lr, seed = 1.0, 3  # one of the chapter's runs at eta = 1
    box.get_by_label("learning rate η", exact=True).fill(f"{lr:g}")
    box.get_by_label("learning rate η", exact=True).press("Tab")
    box.get_by_label("seed", exact=True).select_option(str(seed))
    step = box.get_by_role("button", name="Step")
    step.click()
    step.focus()
    page.keyboard.press("Enter")
    record = cv.train_circles(lr=lr, seed=seed)
    run = _run(page)
    assert run["epoch"] == 2
    assert run["cost"] == pytest.approx(record.train_cost[:3], rel=1e-9)
    assert run["test_accuracy"] == record.test_accuracy[:3]
    box.get_by_role("button", name="Play").click()
    wait_until(page, f"() => {PG}.epoch === {cv.EPOCHS} && !{PG}.playing", f"Play reaching epoch {cv.EPOCHS}",
               log=log, timeout_ms=120_000)
    run = _run(page)
    assert run["cost"] == pytest.approx(record.train_cost, rel=1e-9)
    assert run["test_accuracy"] == record.test_accuracy
    assert run["readout"].startswith(f"Epoch {cv.EPOCHS}: cost {record.train_cost[-1]:.4f}, ")
    assert f"test accuracy {100 * record.test_accuracy[-1]:.1f}%" in run["readout"]
    assert f"The runs stop at epoch {cv.EPOCHS}" in run["readout"]
    assert box.locator("canvas[aria-label^='hidden layer']").count() == sum(cv.parse_hidden(P.START["hidden"]))
    assert not log.problems(), log.problems()
