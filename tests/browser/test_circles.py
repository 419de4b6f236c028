"""The two-circles chapter in a real browser: the decision-boundary animation's Play, Pause and
Step behave in any order of presses (Pause resumes where it stopped, a slider moved by the mouse or
the keyboard stops playback, the plotly slider and the keyboard control always show the epoch drawn,
which has nnlib's numbers; no page or console error), on the built page and on a standalone page of
the figure (which needs no build),
and the playground trains live in the page, run for run the chapter's (nnlib's numbers) up to the
chapter's last epoch, and on past it."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from .conftest import _open_logged
from .helpers import move_slider, pages_containing, figures_with_sliders, slider_info, wait_for_plots, wait_until
from .nnjs_page import serve_folder

PAGE_MARK = "after epoch 0: training cost"


def _shown(figure, record):
    """The index k of the snapshot the figure shows, after checking that the plotly slider, the keyboard
    control and the linked-sliders state all say k and that the title and the region are nnlib's
    numbers after epoch ANIMATION_EPOCHS[k]. Read in one call: playback cannot move in between."""
    from nnlib.viz import circles as cv

    s = figure.evaluate("""gd => ({
        slider: gd.layout.sliders[0].active, state: JSON.parse(gd.getAttribute('data-nnlib-state'))[0],
        key: Number(gd.parentNode.querySelector('.nnlib-keyboard-controls input[type=range]').value),
        title: gd.layout.title.text, drawn: gd.querySelector('.gtitle').textContent, z: gd.data[0].z})""")
    k = s["slider"]
    assert s["state"] == s["key"] == k, f"slider {k}, linked state {s['state']}, keyboard control {s['key']}"
    z, title = cv.animation_frame_numbers(record, cv.ANIMATION_EPOCHS[k])
    assert s["title"] == s["drawn"] == title
    assert np.array_equal(np.array(s["z"], dtype=float), z)
    return k


# Records in the page each snapshot the figure draws (its linked-sliders state). Pause draws the
# snapshot it stopped at once more (so that the readout announces it): repeats are left out.
WATCH_JS = """gd => { gd.nnlibShown = [];
    const record = () => { const k = JSON.parse(gd.getAttribute('data-nnlib-state'))[0];
                           if (gd.nnlibShown[gd.nnlibShown.length - 1] !== k) { gd.nnlibShown.push(k); } };
    record();
    new MutationObserver(record).observe(gd, {attributes: true, attributeFilter: ['data-nnlib-state']}); }"""


def _history(figure):
    """The snapshots the figure has drawn since WATCH_JS, in order."""
    return figure.evaluate("gd => gd.nnlibShown")


def check_animation(page, log, figure):
    """Press Play, Pause, Play, Play twice and Step, move the slider with the mouse and the keyboard
    during playback, play to the end and from the end, and scrub; after each, the figure shows nnlib's
    numbers at the epoch the slider and the keyboard control show; no page or console error."""
    from nnlib.viz import circles as cv

    record = cv.main_run()
    epochs, ms = list(cv.ANIMATION_EPOCHS), cv.PLAY_MS
    last = len(epochs) - 1
    assert [int(v) for v in slider_info(figure)[0]["labels"]] == epochs
    assert _shown(figure, record) == 0
    box = figure.locator("xpath=..")
    play, pause, step = (box.get_by_role("button", name=n, exact=True) for n in ("Play", "Pause", "Step"))
    readout = box.locator(".nnlib-figure-readout")

    # Time moves only when the test says so: every frame comes on cue, however busy the machine.
    page.clock.install()

    def stop_time():
        """Stop the clock a little ahead of the page's time (which flows while the call travels)."""
        page.clock.pause_at((page.evaluate("Date.now()") + 5000) / 1000)  # Python's clock counts seconds

    stop_time()

    def run(frames):
        """Let `frames` frames of playback pass, and the animation frame that draws the last."""
        page.clock.run_for(frames * ms + 50)

    def mouse(k, how):
        """Move the slider to snapshot k with the mouse; time flows while move_slider waits for the page."""
        page.clock.resume()
        assert move_slider(page, figure, 0, k, how=how, log=log) == [k]
        stop_time()

    def stays(k):
        """Nothing moves for three frames' time: playback has stopped at snapshot k."""
        run(3)
        assert _shown(figure, record) == k

    figure.evaluate(WATCH_JS)
    # Play, Pause: it stops where it is; the readout, quiet during playback, is live again and says so
    play.click()
    run(2)
    assert _shown(figure, record) == 2 and readout.get_attribute("aria-live") == "off"
    pause.click()
    stays(2)
    assert readout.get_attribute("aria-live") == "polite" and f"epoch = {epochs[2]}." in readout.text_content()
    # Play resumes at the next snapshot, not at epoch 0; Play pressed again plays on, and one Pause stops it
    play.click()
    run(1)
    assert _shown(figure, record) == 3
    play.click()
    run(2)
    pause.click()
    stays(5)
    # Step: one snapshot on, then still; during playback too
    step.click()
    stays(6)
    play.click()
    run(1)
    step.click()
    stays(8)
    # the slider clicked during playback stops playback there
    play.click()
    run(1)
    mouse(2, "click")
    stays(2)
    # the keyboard control during playback: one step on from where it was, then still
    play.click()
    run(1)
    box.get_by_role("slider", name="epoch").focus()
    page.keyboard.press("ArrowRight")
    stays(4)
    # to the end, where it stops; Play from the end starts over
    play.click()
    run(last - 4)
    stays(last)
    play.click()
    run(1)
    pause.click()
    stays(1)
    assert _history(figure) == [*range(10), *range(2, last + 1), 0, 1]
    # the slider (and its keyboard twin) shows any epoch with nnlib's numbers
    for k, how in ((epochs.index(10), "click"), (epochs.index(3), "drag")):
        mouse(k, how)
        stays(k)
    assert not log.problems(), log.problems()


def test_circles_animation_plays_and_its_slider_shows_nnlib_numbers(site, open_page):
    """The animation on the built page."""
    pages = pages_containing(site, PAGE_MARK)
    assert pages, "no page has the two-circles animation (the circles chapter should)"
    page, log = open_page(pages[0])
    wait_for_plots(page, log)
    (figure,) = figures_with_sliders(page, ["epoch"])
    check_animation(page, log, figure)


def test_circles_animation_on_a_standalone_page(chromium_browser, tmp_path):
    """The animation as the book's page shows it (its text/html face), with plotly.js, on a page of its own."""
    import plotly

    from nnlib.viz import circles as cv

    html = cv.boundary_animation_figure()._repr_mimebundle_()["text/html"]
    (tmp_path / "plotly.min.js").symlink_to(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Animation</title>'
        '<link rel="icon" href="data:,"><script defer src="plotly.min.js"></script></head><body>\n'
        + html + "\n</body></html>\n", encoding="utf8")
    with serve_folder(tmp_path) as url:
        context, page, log = _open_logged(chromium_browser, url)
        try:
            wait_for_plots(page, log)
            (figure,) = figures_with_sliders(page, ["epoch"])
            wait_until(page, "gd => gd.parentNode.querySelector('.nnlib-keyboard-controls button')",
                       "the animation's buttons", arg=figure.element_handle(), log=log)
            check_animation(page, log, figure)
        finally:
            context.close()


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
    (training cost after every epoch to 1e-9, test accuracy exactly), Play runs past the chapter's
    last epoch with the chapter's numbers up to it, and the readout says whose batch orders follow;
    no request to another host and no error."""
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
    wait_until(page, f"() => {PG}.epoch >= {cv.EPOCHS + 2}", f"Play going past epoch {cv.EPOCHS}",
               log=log, timeout_ms=120_000)
    box.get_by_role("button", name="Pause").click()
    run = _run(page)
    assert not run["playing"] and len(run["cost"]) == run["epoch"] + 1
    assert run["cost"][: cv.EPOCHS + 1] == pytest.approx(record.train_cost, rel=1e-9)
    assert run["test_accuracy"][: cv.EPOCHS + 1] == record.test_accuracy
    assert run["readout"].startswith(f"Epoch {run['epoch']}: cost {run['cost'][-1]:.4f}, ")
    assert run["readout"].endswith(f"(batch orders: nnlib.sgd's up to epoch {cv.EPOCHS}, then the page's "
                                   f"mulberry32 shuffle, seed {cv.SHUFFLE_SEED})"), run["readout"]
    assert box.locator("canvas[aria-label^='hidden layer']").count() == sum(cv.parse_hidden(P.START["hidden"]))
    assert not log.problems(), log.problems()
