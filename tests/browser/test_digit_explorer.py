"""The digit explorer (nnlib/viz/js/digit_explorer.js) on a standalone page: the reader chooses one
of the picked test digits, moves the noise continuously (slider by mouse and keys, or typed) and
draws on the image (mouse strokes, or the cursor moved by the arrow keys and Space), and every
number the explorer shows is nnlib's digit_state for that digit, noise and drawing, computed live in
the page with the trained weights; controls are labelled and keyboard operable; the readout is
announced; an update takes well under a frame; the page logs no error; the output works as
JupyterLab inserts it.

Needs Chromium and Playwright, not the built book: the test writes the page from
digit_explorer()'s own HTML (module sources inlined) and serves it.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import digits as dg

from .digit_explorer_checks import READY, assert_nnlib, choose, draw_stroke, read, relative_error, type_noise
from .helpers import wait_until
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page

WORST = []  # the largest relative difference seen, per check (printed at the end with -s)


def check(shown):
    s = assert_nnlib(shown)
    WORST.append(relative_error(shown))
    return s


@pytest.fixture(scope="module")
def explorer(chromium_browser, tmp_path_factory):
    """(page, root, errors): a page holding only digit_explorer()'s output, the explorer's root
    element, and every error the page logs."""
    folder = tmp_path_factory.mktemp("digits")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Digits</title></head>'
        "<body>\n" + dg.digit_explorer()._repr_html_() + "\n</body></html>\n", encoding="utf8")
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1100, "height": 1000})
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, READY, "the explorer being built")
        try:
            yield page, page.locator(".nnjs-explorer"), errors
        finally:
            context.close()
            if WORST:
                print(f"\ndigit explorer: {len(WORST)} states checked, largest relative difference {max(WORST):.2e}")


def test_starts_at_the_first_picked_digit_with_nnlibs_numbers(explorer):
    page, root, errors = explorer
    shown = read(root)
    assert (shown["index"], shown["noise"], shown["drawn"]) == (dg.picked_examples()[0], 0, False)
    check(shown)
    assert shown["status"] == shown["readout"]  # a screen reader hears the start
    options = root.evaluate("root => Array.from(root.digitExplorer.controls.example.options).map(o => o.value)")
    assert options == [str(i) for i in dg.picked_examples()]
    assert not errors, errors


def test_every_digit_at_random_typed_noise_shows_nnlibs_numbers(explorer):
    page, root, errors = explorer
    rng = np.random.default_rng(14)
    for index in dg.picked_examples():
        choose(root, index)
        shown = type_noise(root, round(float(rng.uniform(*dg.NOISE_RANGE)), 2))
        assert shown["index"] == index and not shown["drawn"]
        check(shown)
    assert not errors, errors


def overlaps(a, b):
    """Whether two boxes {x, y, width, height} share any area."""
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_each_output_value_sits_clear_of_its_bar_and_diamond(explorer):
    """For every picked digit, without and with noise (outputs near 0 and near 1, the target's
    diamond at 1 and the others' at 0), each value label is above its bar and its diamond."""
    page, root, errors = explorer
    for index in dg.picked_examples():
        choose(root, index)
        for noise in (0, dg.NOISE_RANGE[1]):
            type_noise(root, noise)
            parts = root.evaluate("""root => root.digitExplorer.outputParts.map(p => Object.fromEntries(
                ['bar', 'value', 'target'].map(k => { const b = p[k].getBBox();
                    return [k, {x: b.x, y: b.y, width: b.width, height: b.height}]; })))""")
            for digit, part in enumerate(parts):
                for other in ("bar", "target"):
                    assert not overlaps(part["value"], part[other]), (
                        f"digit #{index}, noise {noise}: the value of output {digit} overlaps its {other}")
    assert not errors, errors


def test_noise_slider_by_mouse_and_keys(explorer):
    """A click on the noise slider sets it near where it was clicked; a drag along it; the arrow keys
    move it by 0.01, Home and End to its ends; each state is nnlib's and the readout is announced."""
    page, root, errors = explorer
    picked = dg.picked_examples()
    choose(root, picked[13])
    slider = root.get_by_label("noise σ (slider)", exact=True)
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.click(box["x"] + 0.3 * box["width"], y)
    shown = read(root)
    assert abs(shown["noise"] - 0.3) < 0.05
    check(shown)
    page.mouse.move(box["x"] + 0.1 * box["width"], y)
    page.mouse.down()
    for t in (0.25, 0.5, 0.77):
        page.mouse.move(box["x"] + t * box["width"], y, steps=4)
        check(read(root))
    page.mouse.up()
    shown = read(root)
    assert abs(shown["noise"] - 0.77) < 0.05 and shown["status"] == shown["readout"]
    type_noise(root, 0.5)
    slider.focus()
    for key, times in (("ArrowRight", 3), ("ArrowLeft", 1)):
        for _ in range(times):
            page.keyboard.press(key)
    shown = read(root)
    assert shown["noise"] == 0.52
    check(shown)
    assert shown["status"] == shown["readout"]
    page.keyboard.press("End")
    assert check(shown := read(root)).noise == dg.NOISE_RANGE[1]
    page.keyboard.press("Home")
    assert check(shown := read(root)).noise == 0
    assert "noise" not in shown["readout"]
    assert not errors, errors


def test_drawing_with_the_mouse_at_random_strokes(explorer):
    """Strokes of ink and of paper at random places, at random digits and noise: every state is
    nnlib's for the drawn pixels; Clear the drawing brings the digit back."""
    page, root, errors = explorer
    rng = np.random.default_rng(7)
    picked = dg.picked_examples()
    for k in range(8):
        choose(root, int(rng.choice(picked)))
        type_noise(root, round(float(rng.uniform(0, 0.6)), 2))
        ink = k % 2 == 0
        root.get_by_label("pencil draws", exact=True).select_option("1" if ink else "0")
        start = rng.integers(0, 8, 2)
        cells = [tuple(int(v) for v in np.clip(start + d, 0, 7)) for d in ((0, 0), (0, 1), (1, 1), (2, 1), (2, 2))]
        shown = draw_stroke(page, root, cells)
        for row, col in cells:
            assert shown["pixels"][row * 8 + col] == (1 if ink else 0)
        check(shown)
        assert shown["status"] == shown["readout"]
    before = read(root)
    root.get_by_role("button", name="Clear the drawing").click()
    shown = read(root)
    assert not shown["drawn"] and shown["noise"] == before["noise"] and "drawn on" not in shown["readout"]
    check(shown)
    assert not errors, errors


def test_drawing_with_the_keyboard(explorer):
    """Tab from the Clear button to the image's cursor (its focus visible); the arrow keys move it,
    Space and Enter draw; the cursor stops at the image's edges."""
    page, root, errors = explorer
    choose(root, dg.picked_examples()[1])
    type_noise(root, 0.2)
    root.get_by_label("pencil draws", exact=True).select_option("1")
    root.get_by_role("button", name="Clear the drawing").focus()
    page.keyboard.press("Tab")
    assert root.evaluate("root => document.activeElement === root.digitExplorer.cursorEl")
    ring = root.evaluate("root => getComputedStyle(root.digitExplorer.ring).visibility")
    assert ring == "visible", "no visible focus on the image's cursor"
    for _ in range(10):
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowLeft")
    assert read(root)["cursor"] == [0, 0, "1"]
    for key in ("ArrowDown", "ArrowDown", "ArrowRight", "Space", "ArrowRight", "Enter"):
        page.keyboard.press(key)
    shown = read(root)
    assert shown["cursor"] == [2, 2, "19"]
    assert shown["pixels"][2 * 8 + 1] == 1 and shown["pixels"][2 * 8 + 2] == 1 and shown["drawn"]
    check(shown)
    assert shown["status"] == shown["readout"]
    assert not errors, errors


def test_digit_select_by_keyboard_and_bad_noise(explorer):
    """The digit select by keyboard; a noise out of range is named and changes nothing."""
    page, root, errors = explorer
    picked = dg.picked_examples()
    choose(root, picked[2])
    type_noise(root, 0.1)
    root.get_by_label("test digit", exact=True).focus()
    page.keyboard.press("ArrowDown")
    shown = read(root)
    assert shown["index"] == picked[3] and shown["status"] == shown["readout"]
    check(shown)
    root.get_by_label("noise σ", exact=True).fill("1.5")
    after = read(root)
    assert after["state"] == shown["state"]
    assert after["readout"].startswith("noise σ:") and "from 0 to 1" in after["readout"]
    assert after["status"] == after["readout"]
    assert not errors, errors


def test_controls_are_labelled_and_an_update_takes_under_a_frame(explorer):
    page, root, errors = explorer
    unlabelled = root.evaluate("""el => Array.from(el.querySelectorAll('input, select'))
        .filter(c => !(c.labels && c.labels.length && c.labels[0].textContent.trim())).map(c => c.outerHTML)""")
    assert unlabelled == [], unlabelled
    assert root.locator("[aria-live]").count() == 1
    assert root.locator("[role=slider]").get_attribute("aria-label").startswith("pencil on the image")
    assert root.locator("[role=img][aria-label]").count() == 3  # the outputs, both hidden layers
    assert "One test digit through the trained 64-16-16-10 network" in root.inner_text()
    times = root.evaluate("""root => { const e = root.digitExplorer, t = [];
        for (let k = 0; k < 200; k++) { const s = performance.now();
            e.setNoise((k * 0.37) % 1); t.push(performance.now() - s); }
        return t.sort((a, b) => a - b); }""")
    assert times[len(times) // 2] < 16, f"median update {times[len(times) // 2]:.1f} ms"
    assert not errors, errors


def test_the_output_works_as_jupyterlab_inserts_it(chromium_browser, tmp_path):
    """The explorer's output, inserted as JupyterLab inserts a trusted HTML output into a page with
    nothing next to it, builds at its start, and a typed noise shows nnlib's numbers; nothing but
    the page is requested."""
    write_output_area_page(tmp_path)
    errors, requests = [], []
    picked = dg.picked_examples()
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, dg.digit_explorer(picked[11], 0.25)._repr_html_())
            wait_until(page, READY, "the explorer")
            root = page.locator("#output .nnjs-explorer")
            assert (read(root)["index"], read(root)["noise"]) == (picked[11], 0.25)
            check(read(root))
            check(type_noise(root, 0.4))
        finally:
            context.close()
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
