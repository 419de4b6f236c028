"""The SGD explorer (nnlib/viz/js/sgd_explorer.js) on a standalone page: the reader chooses the
batch size (mouse and keys), drags or keys the log-scale learning-rate slider or types the rate,
and the page trains the neuron as nnlib.sgd does (nnlib's batch orders); both paths, both cost
curves, the final costs of the runs of every seed, the title and the readout are nnlib's for that
state, on the old 5 x 5 grid or off it (sgd_checks.assert_nnlib: to 1e-9 relative, chaotic runs
step by step); controls are labelled and keyboard operable; the readout is announced; the page
logs no error; a training is spread over frames, during which the page stays responsive.

Needs Chromium and Playwright, not the built book: the test writes the page from sgd_explorer()'s
own HTML (module sources inlined) and serves it.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import sgd as S

from .helpers import wait_until
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page
from .sgd_checks import BATCH_LABEL, FIELD_LABEL, SLIDER_LABEL, assert_nnlib, drag_slider, lr_of_position, trained

LARGEST = []  # the largest relative error of every state compared, printed at the end


@pytest.fixture(scope="module")
def explorer(chromium_browser, tmp_path_factory):
    """(page, root, errors): a page holding only sgd_explorer()'s output, the explorer's root
    element, and every error the page logs."""
    folder = tmp_path_factory.mktemp("sgd")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>SGD</title></head><body>\n'
        + S.sgd_explorer()._repr_html_() + "\n</body></html>\n", encoding="utf8")
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, "() => document.querySelector('.nnjs-explorer').sgd !== undefined", "the explorer being built")
        try:
            yield page, page.locator(".nnjs-explorer"), errors
        finally:
            context.close()
    if LARGEST:
        print(f"\nSGD explorer: {len(LARGEST)} states compared; largest relative error {max(LARGEST):.1e}")


def check(shown):
    error, _ = assert_nnlib(shown)
    LARGEST.append(error)


def announced(page, root):
    """Wait for the debounced announcement; return what the explorer shows."""
    wait_until(page, "root => { const e = root.sgd; return !e.busy && e.status.textContent === "
               "`${e.title.textContent} ${e.readout.textContent}`; }", "the announcement", arg=root.element_handle())
    return trained(page, root)


def test_starts_at_the_chapters_setting_with_nnlibs_numbers(explorer):
    page, root, errors = explorer
    shown = announced(page, root)
    assert (shown["batch_size"], shown["lr"]) == S.INITIAL
    assert (shown["batch_field"], shown["field"]) == (str(S.INITIAL[0]), f"{S.INITIAL[1]:g}")
    assert shown["slider_text"] == f"η = {S.INITIAL[1]:g}"
    check(shown)
    assert not errors, errors


def test_the_slider_scale_is_the_tests(explorer):
    """Every slider position gives the rate lr_of_position says (the tests' reading of
    LR_SLIDER): 0.01 to 20 on a logarithmic scale, 100 positions a decade, the old grid's rates on it."""
    page, root, errors = explorer
    positions = list(range(S.LR_SLIDER["positions"] + 1))
    rates = root.evaluate("(root, ps) => ps.map(p => root.sgd.rateAt(p))", positions)
    assert rates == [lr_of_position(p) for p in positions]
    assert rates[0] == S.LR_RANGE[0] and rates[200] == 1.0 and abs(rates[-1] - S.LR_RANGE[1]) < 0.1
    assert not errors, errors


def test_dragging_the_slider_and_choosing_batch_sizes(explorer):
    """The slider dragged with the mouse to random places, at random batch sizes (chosen with the
    mouse): nnlib's numbers at every rate reached, off the old grid."""
    page, root, errors = explorer
    rng = np.random.default_rng(14)
    seen = set()
    for to in rng.uniform(0.05, 0.95, 8):
        B = int(rng.choice(S.BATCH_SIZES))
        root.get_by_label(BATCH_LABEL, exact=True).select_option(str(B))
        drag_slider(page, root, float(to))
        shown = trained(page, root)
        assert shown["batch_size"] == B and shown["lr"] == lr_of_position(shown["slider"])
        assert shown["field"] == f"{shown['lr']:g}"
        check(shown)
        seen.add(shown["lr"])
    assert len(seen) >= 6 and not seen & set(S.LEARNING_RATES)
    assert not errors, errors


def test_keys_move_the_slider_and_the_batch_size(explorer):
    """Tab reaches the slider (visible focus); the arrows move it one position (a hundredth of a
    decade), Home and End to the ends of the range; the batch-size menu follows the arrow keys."""
    page, root, errors = explorer
    root.get_by_label(BATCH_LABEL, exact=True).select_option("20")
    root.get_by_label(FIELD_LABEL, exact=True).fill("0.5")
    trained(page, root)
    root.get_by_label(BATCH_LABEL, exact=True).focus()
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
        assert shown["slider"] == start and shown["lr"] == lr_of_position(start)
        check(shown)
    page.keyboard.press("End")
    assert trained(page, root)["lr"] == lr_of_position(S.LR_SLIDER["positions"])
    page.keyboard.press("Home")
    shown = announced(page, root)
    assert shown["lr"] == S.LR_RANGE[0]
    check(shown)
    batch = root.get_by_label(BATCH_LABEL, exact=True)
    batch.focus()
    page.keyboard.press("ArrowDown")
    shown = trained(page, root)
    assert shown["batch_size"] == 50
    check(shown)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    shown = trained(page, root)
    assert shown["batch_size"] == 4
    check(shown)
    assert not errors, errors


def test_typing_the_learning_rate(explorer):
    """Random rates typed (and the old grid's ends) at random batch sizes, every batch size at least
    once; a value out of range is named and changes nothing."""
    page, root, errors = explorer
    rng = np.random.default_rng(7)
    field = root.get_by_label(FIELD_LABEL, exact=True)
    typed = [float(f"{10 ** rng.uniform(-1.5, 0.9):.4g}") for _ in range(10)] + [0.25, 4.0]
    sizes = list(S.BATCH_SIZES) + [int(rng.choice(S.BATCH_SIZES)) for _ in range(len(typed) - len(S.BATCH_SIZES))]
    for lr, B in zip(typed, sizes):
        root.get_by_label(BATCH_LABEL, exact=True).select_option(str(B))
        field.fill(f"{lr:g}")
        shown = announced(page, root)
        assert (shown["batch_size"], shown["lr"]) == (B, lr)
        assert shown["slider"] == round((np.log10(lr) + 2) * 100)
        check(shown)
    before = trained(page, root)
    field.fill("25")
    after = root.evaluate("root => [root.sgd.readout.textContent, root.sgd.lr]")
    assert after[0].startswith("learning rate η: ") and "from 0.01 to 20" in after[0], after[0]
    assert after[1] == before["lr"]
    field.fill("-1")
    assert root.evaluate("root => root.sgd.lr") == before["lr"]
    field.fill("1.5")
    check(trained(page, root))
    assert not errors, errors


def test_controls_are_labelled_described_and_a_training_keeps_the_page_responsive(explorer):
    page, root, errors = explorer
    unlabelled = root.evaluate("""el => Array.from(el.querySelectorAll('input, select'))
        .filter(c => !(c.labels && c.labels.length && c.labels[0].textContent.trim())).map(c => c.outerHTML)""")
    assert unlabelled == [], unlabelled
    assert root.locator("[aria-live]").count() == 1
    description = root.locator(".nnjs-sgd-description").text_content()
    assert "solid" in description and "dashed" in description and "black dashes" in description
    assert root.locator("svg.nnjs-sgd-costs").get_attribute("aria-label").startswith("The full-batch cost")
    root.evaluate("root => root.sgd.fieldReady")
    n, field = root.evaluate("root => [root.sgd.canvas.width, Array.from(root.sgd.field)]")
    field = np.array(field).reshape(n, n)
    rng = np.random.default_rng(5)
    (w0, w1), (b0, b1) = S.W_RANGE, S.B_RANGE
    for i, j in rng.integers(0, n, size=(10, 2)):  # the map's field is nnlib's cost at each pixel's centre
        w, b = w0 + (j + 0.5) / n * (w1 - w0), b1 - (i + 0.5) / n * (b1 - b0)
        assert field[i, j] == pytest.approx(S.costs_along(w, b)[0], rel=1e-9)
    # a fresh training of single examples (the longest): slices of a frame's budget, drawn at the end
    frames = root.evaluate("""root => new Promise(resolve => {
        const e = root.sgd, slices = [];
        e.set(1, 0.777);
        const t0 = performance.now();
        let last = t0;
        const frame = () => {
            const now = performance.now();
            slices.push(now - last); last = now;
            if (e.busy) requestAnimationFrame(frame); else resolve({slices, total: now - t0});
        };
        requestAnimationFrame(frame);
    })""")
    assert len(frames["slices"]) >= 3 and max(frames["slices"]) < 60, frames
    shown = trained(page, root)
    assert (shown["batch_size"], shown["lr"]) == (1, 0.777)
    check(shown)
    assert not errors, errors


def test_the_output_works_as_jupyterlab_inserts_it(chromium_browser, tmp_path):
    """JupyterLab shows a trusted text/html output by setting it as an element's innerHTML and then
    replacing each <script> by a fresh copy, which the browser runs. The explorer's output, inserted
    that way, builds at the start asked for, and typing a rate shows nnlib's numbers; nothing but
    the page is requested."""
    write_output_area_page(tmp_path)
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, S.sgd_explorer(batch_size=20, lr=2.0)._repr_html_())
            wait_until(page, "() => document.querySelector('#output .nnjs-explorer').sgd", "the explorer")
            root = page.locator("#output .nnjs-explorer")
            shown = trained(page, root)
            assert (shown["batch_size"], shown["lr"]) == (20, 2.0)
            check(shown)
            root.get_by_label(FIELD_LABEL, exact=True).fill("0.3")
            check(trained(page, root))
        finally:
            context.close()
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
