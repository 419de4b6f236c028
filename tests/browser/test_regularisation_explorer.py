"""The regularisation explorer (nnlib/viz/js/regularisation.js) on a standalone page: the reader
drags or keys the log-scale lambda slider, types lambda, chooses the run (mouse and keys), and the
page trains that run's 2-8-1 network as nnlib.sgd does; every number it shows (the final weights,
the norms, the penalty, the costs, the accuracies, the output on the plane's grid) and its title
are nnlib's for that state (run_result, trained by nnlib at the same lambda, on the old grid or
not); controls are labelled and keyboard operable; the readout is announced; the page logs no
error; a training takes a few frames, during which the page stays responsive.

Needs Chromium and Playwright, not the built book: the test writes the page from
regularisation_explorer()'s own HTML (module sources inlined) and serves it.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import batch as bt

from .helpers import missing, wait_until
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page
from .regularisation_checks import (FIELD_LABEL, RUN_LABEL, SLIDER_LABEL, assert_nnlib, assert_readout_says,
                                    drag_slider, lam_of_position, trained)
from .test_page_speed_and_axe import AXE_JS, WCAG_TAGS


@pytest.fixture(scope="module")
def explorer(chromium_browser, tmp_path_factory):
    """(page, root, errors): a page holding only regularisation_explorer()'s output, the
    explorer's root element, and every error the page logs."""
    folder = tmp_path_factory.mktemp("regularisation")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Regularisation</title></head><body>\n'
        + bt.regularisation_explorer()._repr_html_() + "\n</body></html>\n", encoding="utf8")
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1000, "height": 900})
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, "() => document.querySelector('.nnjs-explorer').regularisation !== undefined",
                   "the explorer being built")
        try:
            yield page, page.locator(".nnjs-explorer"), errors
        finally:
            context.close()


def announced(page, root):
    """Wait for the debounced announcement; return what the explorer shows."""
    wait_until(page, "root => { const e = root.regularisation; return e.status.textContent === "
               "`${e.title.textContent} ${e.readout.textContent}`; }", "the announcement", arg=root.element_handle())
    return trained(page, root)


def test_starts_untrained_lambda_0_run_0_with_nnlibs_numbers(explorer):
    page, root, errors = explorer
    shown = announced(page, root)
    assert (shown["lam"], shown["run"]) == bt.START
    assert (shown["slider"], shown["field"], shown["run_field"]) == (0, "0", "0")
    assert_nnlib(shown, root)
    assert_readout_says(shown)
    assert not errors, errors


def test_the_slider_scale_is_the_tests(explorer):
    """Every slider position gives the lambda lam_of_position says (the tests' reading of
    bt.SLIDER): 0, then 0.001 to 10 on a logarithmic scale, 100 positions a decade."""
    page, root, errors = explorer
    positions = list(range(bt.SLIDER["positions"] + 1))
    lams = root.evaluate("(root, ps) => ps.map(p => root.regularisation.lambdaAt(p))", positions)
    assert lams == [lam_of_position(p) for p in positions]
    assert lams[:2] == [0.0, 0.001] and lams[201] == 0.1 and lams[-1] == bt.LAMBDA_RANGE[1]
    assert not errors, errors


def test_dragging_the_slider_and_choosing_runs(explorer):
    """The slider dragged with the mouse to random places, at random runs (chosen with the mouse):
    nnlib's numbers at every lambda reached, mostly off the old grid."""
    page, root, errors = explorer
    rng = np.random.default_rng(14)
    seen = set()
    for _ in range(6):
        run = int(rng.integers(0, len(bt.RUNS)))
        root.get_by_label(RUN_LABEL, exact=True).select_option(str(run))
        drag_slider(page, root, float(rng.uniform(0.05, 1.0)))
        shown = trained(page, root)
        assert shown["run"] == run
        assert shown["lam"] == lam_of_position(shown["slider"])
        assert shown["field"] == f"{shown['lam']:g}" and shown["slider_text"] == f"λ = {shown['lam']:g}"
        assert_nnlib(shown, root)
        seen.add(shown["lam"])
    assert len(seen) == 6 and not seen <= set(bt.LAMBDAS)
    assert not errors, errors


def test_keys_move_the_slider_and_the_run(explorer):
    """Tab reaches the slider (visible focus); the arrows move it one position (a hundredth of a
    decade), Page Up/Down ten, Home to 0 and End to 10; the run menu follows the arrow keys."""
    page, root, errors = explorer
    root.get_by_label(FIELD_LABEL, exact=True).fill("0.05")
    trained(page, root)
    root.locator(".nnjs-reg-description").click()
    page.keyboard.press("Tab")
    slider = root.get_by_label(SLIDER_LABEL, exact=True)
    assert slider.evaluate("s => document.activeElement === s")
    focus = slider.evaluate("s => { const c = getComputedStyle(s); return [c.outlineStyle, parseFloat(c.outlineWidth)]; }")
    assert focus[0] == "solid" and focus[1] >= 2, f"no visible focus on the slider: {focus}"
    start = int(slider.input_value())
    rng = np.random.default_rng(3)
    for key, move in [("ArrowRight", 1), ("ArrowLeft", -1), ("ArrowUp", 1), ("ArrowDown", -1)]:
        times = int(rng.integers(1, 25))
        for _ in range(times):
            page.keyboard.press(key)
        start += move * times
        shown = trained(page, root)
        assert shown["slider"] == start and shown["lam"] == lam_of_position(start)
        assert_nnlib(shown, root)
    page.keyboard.press("End")
    shown = trained(page, root)
    assert shown["lam"] == bt.LAMBDA_RANGE[1]
    assert_nnlib(shown, root)
    page.keyboard.press("Home")
    shown = announced(page, root)
    assert shown["lam"] == 0.0
    assert_nnlib(shown, root)
    run = root.get_by_label(RUN_LABEL, exact=True)
    run.focus()
    before = int(run.input_value())
    page.keyboard.press("ArrowDown")
    shown = trained(page, root)
    assert shown["run"] == before + 1
    assert_nnlib(shown, root)
    page.keyboard.press("ArrowUp")
    assert trained(page, root)["run"] == before
    assert not errors, errors


def test_typing_lambda(explorer):
    """Random lambdas typed (and 0, the old grid's 0.3 and the top, 10) at random runs; a value out
    of range is named and changes nothing."""
    page, root, errors = explorer
    rng = np.random.default_rng(7)
    field = root.get_by_label(FIELD_LABEL, exact=True)
    typed = [float(f"{10 ** rng.uniform(-3, 1):.4g}") for _ in range(5)] + [0.0, 0.3, 10.0]
    for lam in typed:
        run = int(rng.integers(0, len(bt.RUNS)))
        root.get_by_label(RUN_LABEL, exact=True).select_option(str(run))
        field.fill(f"{lam:g}")
        shown = announced(page, root)
        assert (shown["lam"], shown["run"]) == (lam, run)
        assert shown["slider"] == (0 if lam == 0 else
                                   min(bt.SLIDER["positions"], round((np.log10(lam) + 3) * 100 + 1)))
        assert_nnlib(shown, root)
        assert_readout_says(shown)
    before = trained(page, root)
    field.fill("12")
    after = root.evaluate("root => [root.regularisation.readout.textContent, root.regularisation.lam]")
    assert after[0].startswith("λ: ") and "from 0 to 10" in after[0], after[0]
    assert after[1] == before["lam"]
    field.fill("-1")
    assert root.evaluate("root => root.regularisation.lam") == before["lam"]
    assert not errors, errors


def test_controls_are_labelled_described_and_a_training_is_spread_over_frames(explorer):
    page, root, errors = explorer
    unlabelled = root.evaluate("""el => Array.from(el.querySelectorAll('input, select, progress'))
        .filter(c => !(c.labels && c.labels.length && c.labels[0].textContent.trim())).map(c => c.outerHTML)""")
    assert unlabelled == [], unlabelled
    assert root.locator("[aria-live]").count() == 1
    description = root.locator(".nnjs-reg-description").text_content()
    assert "decision boundary" in description and "diamonds" in description and "hatched" in description
    assert root.locator("svg.nnjs-reg-bars").get_attribute("aria-label").startswith("Bars: ‖W[1]‖² = ")
    # a fresh training is spread over animation frames (about 8 ms of steps each), the progress
    # shown in between; how long a frame's work takes is benchmarks/js_speed.py's business
    seen = root.evaluate("""root => new Promise(resolve => {
        const e = root.regularisation, seen = [];
        e.set(0.0123, 7);
        const frame = () => {
            seen.push([e.progress.value, e.progressText.textContent]);
            if (e.busy) requestAnimationFrame(frame); else resolve(seen);
        };
        requestAnimationFrame(frame);
    })""")
    steps = [value for value, _ in seen]
    assert steps == sorted(steps) and steps[-1] == bt.EPOCHS
    assert max(np.diff([0, *steps])) < bt.EPOCHS / 2, steps  # at least three frames
    assert f"training: {steps[1]} of {bt.EPOCHS} steps" in [text for _, text in seen], seen
    assert seen[-1][1] == f"trained: {bt.EPOCHS} steps"
    shown = trained(page, root)
    assert (shown["lam"], shown["run"]) == (0.0123, 7)
    assert_nnlib(shown, root)
    assert not errors, errors


def test_axe_finds_no_serious_violation(explorer):
    """axe-core (book/_ext's pinned copy, as the built-page audit uses) finds no serious or critical
    violation of WCAG 2.1 A/AA in the explorer."""
    page, root, errors = explorer
    if not AXE_JS.is_file():
        missing(f"{AXE_JS} is missing: run `make book` (npm ci in book/_ext installs axe-core)")
    trained(page, root)
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate("""async tags => (await axe.run('.nnjs-explorer', {runOnly: {type: 'tag', values: tags}}))
        .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""", WCAG_TAGS)
    assert violations == [], violations
    assert not errors, errors


def test_the_output_works_as_jupyterlab_inserts_it(chromium_browser, tmp_path):
    """JupyterLab shows a trusted text/html output by setting it as an element's innerHTML and then
    replacing each <script> by a fresh copy, which the browser runs. The explorer's output, inserted
    that way into a page with nothing next to it, builds at the start asked for, and typing lambda
    shows nnlib's numbers; nothing but the page is requested."""
    write_output_area_page(tmp_path)
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, bt.regularisation_explorer(lam=0.1, run=4)._repr_html_())
            wait_until(page, "() => document.querySelector('#output .nnjs-explorer').regularisation", "the explorer")
            root = page.locator("#output .nnjs-explorer")
            shown = trained(page, root)
            assert (shown["lam"], shown["run"]) == (0.1, 4)
            assert_nnlib(shown, root)
            root.get_by_label(FIELD_LABEL, exact=True).fill("0.2")
            assert_nnlib(trained(page, root), root)
        finally:
            context.close()
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
