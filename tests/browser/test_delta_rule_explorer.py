"""The delta-rule explorer (nnlib/viz/js/delta_rule.js) on a standalone page: the reader drags any
weight's label (or moves it with the arrow keys, or types it), chooses the example and the
backward step, and every neuron's z, a and delta, every gradient, the cost, the texts, the lines
and the colours are nnlib's for that state, computed live in the page; controls are labelled and
keyboard operable; an update takes well under a frame; the page logs no error.

Needs Chromium and Playwright, not the built book: the test writes the page from
delta_explorer()'s own HTML (module sources inlined) and serves it.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import delta_rule as dr

from .delta_rule_checks import EDGES, assert_nnlib, chapter_weight, drag_weight, read
from .helpers import wait_until
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page

LABEL_OF = {"example": "example", "step": "backward step"}


@pytest.fixture(scope="module")
def explorer(chromium_browser, tmp_path_factory):
    """(page, root, errors): a page holding only delta_explorer()'s output, the explorer's root
    element, and every error the page logs."""
    folder = tmp_path_factory.mktemp("delta_rule")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Delta rule</title></head><body>\n'
        + dr.delta_explorer()._repr_html_() + "\n</body></html>\n", encoding="utf8")
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1000, "height": 900})
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, "() => document.querySelector('.nnjs-explorer').deltaRule !== undefined",
                   "the explorer being built")
        try:
            yield page, page.locator(".nnjs-explorer"), errors
        finally:
            context.close()


def reset(root):
    root.get_by_role("button", name="reset the weights").click()


def test_starts_with_the_chapters_network_at_the_forward_step(explorer):
    page, root, errors = explorer
    shown = read(root)
    assert (shown["example"], shown["step"]) == (1, 0)
    assert shown["weights"] == [chapter_weight(*e) for e in EDGES]
    assert EDGES[shown["selected"]] == (2, 1, 2)  # w^[2]_12, the chapter's worked weight
    v = assert_nnlib(shown)
    assert shown["status"] == f"{shown['title']} {shown['readout']}"  # a screen reader hears the start
    assert not any(v.delta_known[l] for l in (1, 2))
    assert not errors, errors


def test_dragging_every_weight_shows_nnlibs_numbers(explorer):
    """Each of the 12 weights dragged to a random value, at random examples and steps."""
    page, root, errors = explorer
    rng = np.random.default_rng(14)
    for e in rng.permutation(len(EDGES)):
        root.get_by_label(LABEL_OF["example"], exact=True).select_option(str(rng.integers(1, 4)))
        root.get_by_label(LABEL_OF["step"], exact=True).fill(str(rng.integers(0, len(dr.STEPS))))
        drag_weight(page, root, int(e), round(float(rng.uniform(-2.8, 2.8)), 2))
    assert not errors, errors


def test_arrow_keys_move_a_weight_and_stop_at_the_range(explorer):
    """Tab from the reset button to the first weight's label: it shows its focus and becomes the
    selected weight; on every weight's label the arrows move it by 0.1, with Shift by 0.01; Home
    and End go to the ends of the range."""
    page, root, errors = explorer
    reset(root)
    page.keyboard.press("Tab")
    assert root.evaluate("root => document.activeElement === root.deltaRule.handles[0].handle")
    focus = root.evaluate("""root => { const s = getComputedStyle(root.deltaRule.handles[0].handle);
        return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert focus[0] == "solid" and focus[1] >= 2, f"no visible focus on the weight's label: {focus}"
    root.get_by_label(LABEL_OF["step"], exact=True).fill("4")  # every gradient shown
    rng = np.random.default_rng(5)
    for e in rng.permutation(len(EDGES)):  # every weight, each from its label
        root.locator(".nnjs-dr-weight").nth(int(e)).focus()
        start = read(root)["weights"][e]
        presses = [("ArrowUp", 3), ("Shift+ArrowDown", 4), ("ArrowLeft", 1), ("Shift+ArrowRight", 2)]
        for key, times in presses:
            for _ in range(times):
                page.keyboard.press(key)
        shown = read(root)
        assert shown["selected"] == e
        assert shown["weights"][e] == pytest.approx(start + 0.3 - 0.04 - 0.1 + 0.02, abs=1e-12)
        assert shown["field"] == f"{shown['weights'][e]:g}"
        assert_nnlib(shown)
        assert shown["status"] == f"{shown['title']} {shown['readout']}"
    page.keyboard.press("End")
    page.keyboard.press("ArrowUp")
    assert read(root)["weights"][e] == dr.WEIGHT_RANGE[1]
    page.keyboard.press("Home")
    assert_nnlib(shown := read(root))
    assert shown["weights"][e] == dr.WEIGHT_RANGE[0]
    assert not errors, errors


def test_typing_the_selected_weight(explorer):
    """A weight chosen by clicking its label, then typed into the number field; a value out of
    range is named and changes nothing."""
    page, root, errors = explorer
    reset(root)
    rng = np.random.default_rng(7)
    field = root.locator("input[name=weight]")
    for e in rng.choice(len(EDGES), size=5, replace=False):
        root.locator(".nnjs-dr-weight").nth(int(e)).click()
        value = round(float(rng.uniform(*dr.WEIGHT_RANGE)), 2)
        field.fill(f"{value:g}")
        field.press("Tab")
        shown = read(root)
        assert shown["selected"] == e and shown["weights"][e] == value
        assert_nnlib(shown)
        assert shown["status"] == f"{shown['title']} {shown['readout']}"
    l, j, k = EDGES[int(e)]
    label = root.evaluate("root => root.deltaRule.controls.weight.labels[0].textContent")
    assert label == f"selected weight w[{l}]{j}{k}"
    before = read(root)
    field.fill("7")
    after = read(root)
    assert after["readout"].startswith(f"w[{l}]{j}{k}: ") and "from -3 to 3" in after["readout"], after["readout"]
    assert after["weights"] == before["weights"] and after["state"] == before["state"]
    assert not errors, errors


def test_example_step_buttons_and_reset(explorer):
    """The example menu and the step slider (mouse and keys), the previous/next step buttons and
    reset: each shows nnlib's numbers for its state; the steps reveal delta from the output back."""
    page, root, errors = explorer
    reset(root)
    drag_weight(page, root, 7, 1.7)
    for example in ("3", "2", "1"):
        root.get_by_label(LABEL_OF["example"], exact=True).select_option(example)
        shown = read(root)
        assert shown["example"] == int(example)
        assert_nnlib(shown)
    slider = root.get_by_label(LABEL_OF["step"], exact=True)
    slider.fill("0")
    previous = root.get_by_role("button", name="previous step")
    following = root.get_by_role("button", name="next step")
    assert previous.is_disabled()
    for step in range(1, len(dr.STEPS)):
        following.click()
        shown = read(root)
        assert shown["step"] == step
        v = assert_nnlib(shown)
        assert [v.delta_known[l] for l in (1, 2)] == [step >= 3, step >= 1]
    assert following.is_disabled()
    previous.click()
    assert read(root)["step"] == len(dr.STEPS) - 2
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    shown = read(root)
    assert shown["step"] == len(dr.STEPS) - 4
    assert_nnlib(shown)
    assert root.evaluate("root => root.deltaRule.controls.step.getAttribute('aria-valuetext')") == \
        f"step 1 of {len(dr.STEPS) - 1}: {dr.STEPS[1]}"
    box = slider.bounding_box()  # a click at the right end: the last step
    page.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    assert read(root)["step"] == len(dr.STEPS) - 1
    assert read(root)["weights"][7] != chapter_weight(*EDGES[7])
    reset(root)
    shown = read(root)
    assert shown["weights"] == [chapter_weight(*e) for e in EDGES]
    assert_nnlib(shown)
    assert shown["status"] == f"{shown['title']} {shown['readout']}"
    assert not errors, errors


def test_controls_are_labelled_and_an_update_takes_under_a_frame(explorer):
    page, root, errors = explorer
    unlabelled = root.evaluate("""el => Array.from(el.querySelectorAll('input, select'))
        .filter(c => !(c.labels && c.labels.length && c.labels[0].textContent.trim())).map(c => c.outerHTML)""")
    assert unlabelled == [], unlabelled
    assert root.locator("button").evaluate_all("bs => bs.every(b => b.textContent.trim())")
    assert root.locator("[aria-live]").count() == 1
    handles = root.locator("[role=slider]")
    assert handles.count() == len(EDGES)
    for e, (l, j, k) in enumerate(EDGES):
        assert handles.nth(e).get_attribute("aria-label").startswith(f"weight w[{l}]{j}{k}, from ")
        assert handles.nth(e).get_attribute("tabindex") == "0"
    assert "drag a weight" in root.locator(".nnjs-dr-description").text_content().lower()
    assert root.locator("[role=img][aria-label]").count() == sum(dr.SIZES)  # every neuron says its numbers
    times = root.evaluate("""root => { const d = root.deltaRule, t = [];
        for (let k = 0; k < 200; k++) { const s = performance.now(), h = d.handles[k % 12];
            d.setWeight(h.l, h.j, h.k, -3 + 6 * ((k * 0.37) % 1)); d.step = k % 5; d.update();
            t.push(performance.now() - s); }
        return t.sort((a, b) => a - b); }""")
    assert times[len(times) // 2] < 16, f"median update {times[len(times) // 2]:.1f} ms"
    reset(root)
    assert not errors, errors


def test_the_output_works_as_jupyterlab_inserts_it(chromium_browser, tmp_path):
    """JupyterLab shows a trusted text/html output by setting it as an element's innerHTML and then
    replacing each <script> by a fresh copy, which the browser runs. The explorer's output, inserted
    that way into a page with nothing next to it, builds at the start asked for, and a drag shows
    nnlib's numbers; nothing but the page is requested."""
    write_output_area_page(tmp_path)
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, dr.delta_explorer(example=3, step="∂W[2]")._repr_html_())
            wait_until(page, "() => document.querySelector('#output .nnjs-explorer').deltaRule", "the explorer")
            root = page.locator("#output .nnjs-explorer")
            assert (read(root)["example"], read(root)["step"]) == (3, 2)
            drag_weight(page, root, 2, -1.2)
        finally:
            context.close()
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors

