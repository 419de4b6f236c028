"""The chain-rule explorer (nnlib/viz/js/chain_rule.js) on a standalone page: the reader chooses a
parameter p, drags its value along the axis of C_0(p) and drags the nudge Δ (or uses the arrow keys
or the number fields), and everything shown is nnlib's chain_state for that state, computed live in
the page: the curve, the nudge's actual and predicted change, every factor of the chain rule, the
tables and the readout; choosing a parameter keeps every value; the reset button restores the
start; controls are labelled and keyboard operable; an update takes well under a frame; the page
logs no error.

Needs Chromium and Playwright, not the built book: the test writes the page from chain_explorer()'s
own HTML (module sources inlined) and serves it.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import chain_rule as cr

from .chain_rule_checks import assert_nnlib, drag_nudge, drag_value, label, number, read
from .helpers import missing, wait_until
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page
from .test_page_speed_and_axe import AXE_JS, WCAG_TAGS


@pytest.fixture(scope="module")
def explorer(chromium_browser, tmp_path_factory):
    """(page, root, errors): a page holding only chain_explorer()'s output, the explorer's root
    element, and every error the page logs."""
    folder = tmp_path_factory.mktemp("chain_rule")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Chain rule</title></head><body>\n'
        + cr.chain_explorer()._repr_html_() + "\n</body></html>\n", encoding="utf8")
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, "() => document.querySelector('.nnjs-explorer').chainExplorer !== undefined",
                   "the explorer being built")
        try:
            yield page, page.locator(".nnjs-explorer"), errors
        finally:
            context.close()


def reset(root):
    root.get_by_role("button", name="Back to the chapter's start").click()
    return read(root)


def choose(root, param):
    root.get_by_label("parameter p", exact=True).select_option(param)
    return read(root)


def type_values(root, values, delta):
    """Type the values and the nudge into their fields, then leave the last field (a change)."""
    for p, v in values.items():
        root.get_by_label(label(p), exact=True).fill(number(v))
    field = root.get_by_label("nudge Δ", exact=True)
    field.fill(number(delta))
    field.press("Tab")
    return read(root)


def test_starts_at_the_chapters_values_with_nnlibs_numbers(explorer):
    page, root, errors = explorer
    shown = reset(root)
    assert (shown["values"], shown["param"], shown["delta"]) == (cr.DEFAULTS, "w1", 0.5)
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]  # a screen reader hears the start
    assert not errors, errors


def test_dragging_the_value_and_the_nudge_shows_nnlibs_numbers(explorer):
    """For every parameter: drag its handle to random values and the nudge to random sizes with the
    mouse; each lands where it was dropped (to the 0.01 it rounds to) with nnlib's numbers."""
    page, root, errors = explorer
    rng = np.random.default_rng(14)
    reset(root)
    for param in cr.PARAMS:
        choose(root, param)
        for to, to_delta in zip(rng.uniform(-4.5, 4.5, 2), rng.uniform(-0.95, 0.95, 2)):
            shown = drag_value(page, root, to)
            assert abs(shown["values"][param] - to) <= 0.03 and round(shown["values"][param], 2) == shown["values"][param]
            assert_nnlib(shown)
            assert shown["status"] == shown["readout"]
            shown = drag_nudge(page, root, to_delta)
            assert abs(shown["delta"] - to_delta) <= 0.03 and round(shown["delta"], 2) == shown["delta"]
            assert shown["values"][param] == round(shown["values"][param], 2)  # the value stayed
            assert_nnlib(shown)
            assert shown["status"] == shown["readout"]
    assert not errors, errors


def test_choosing_a_parameter_keeps_every_value(explorer):
    """The review: choosing b1 set it to +2 (w1's value) instead of its own. Values typed or dragged
    before a choice stay, for every choice and back."""
    page, root, errors = explorer
    values = {"w1": -1.25, "b1": 0.37, "w2": 2.2, "b2": -0.8, "w3": 0.6, "b3": 1.1, "x": -0.7}
    type_values(root, values, -0.3)
    for param in (*cr.PARAMS, "w1"):
        shown = choose(root, param)
        assert shown["values"] == values and shown["delta"] == -0.3 and shown["param"] == param
        assert_nnlib(shown)
        assert shown["status"] == shown["readout"]
    assert not errors, errors


def test_arrow_keys_move_the_value_and_the_nudge(explorer):
    """Tab from the reset button to the nudge's handle, then to p's: each shows its focus; the
    arrows move them by 0.1, with Shift by 0.01; each stops at the end of its range; Home and End
    go to the ends."""
    page, root, errors = explorer
    reset(root)
    choose(root, "b2")
    root.get_by_role("button", name="Back to the chapter's start").focus()
    page.keyboard.press("Tab")
    handles = "root => [root.chainExplorer.nudgeHandle, root.chainExplorer.valueHandle]"
    assert root.evaluate(f"root => document.activeElement === ({handles})(root)[0]")
    ring = """root => [getComputedStyle(document.activeElement).outlineStyle,
                       getComputedStyle(document.activeElement.querySelector('.nnjs-ch-ring')).visibility]"""
    assert root.evaluate(ring) == ["solid", "visible"], "no visible focus on the nudge's handle"
    for key, times in (("ArrowRight", 3), ("Shift+ArrowLeft", 2), ("ArrowDown", 1)):
        for _ in range(times):
            page.keyboard.press(key)
    shown = read(root)
    assert shown["delta"] == pytest.approx(0.5 + 0.3 - 0.02 - 0.1, abs=1e-12)
    assert shown["values"] == cr.DEFAULTS
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    page.keyboard.press("Tab")
    assert root.evaluate(f"root => document.activeElement === ({handles})(root)[1]")
    assert root.evaluate(ring) == ["solid", "visible"], "no visible focus on p's handle"
    for key, times in (("ArrowLeft", 4), ("Shift+ArrowUp", 3)):
        for _ in range(times):
            page.keyboard.press(key)
    shown = read(root)
    assert shown["values"]["b2"] == pytest.approx(0.5 - 0.4 + 0.03, abs=1e-12)
    assert shown["delta"] == pytest.approx(0.68, abs=1e-12)
    assert_nnlib(shown)
    for _ in range(60):
        page.keyboard.press("ArrowRight")
    assert read(root)["values"]["b2"] == cr.VALUE_RANGE[1]
    page.keyboard.press("Home")
    assert read(root)["values"]["b2"] == cr.VALUE_RANGE[0]
    page.keyboard.press("Shift+Tab")
    for _ in range(25):
        page.keyboard.press("ArrowLeft")
    shown = read(root)
    assert shown["delta"] == cr.DELTA_RANGE[0]
    assert_nnlib(shown)
    page.keyboard.press("End")
    shown = read(root)
    assert (shown["values"]["b2"], shown["delta"]) == (cr.VALUE_RANGE[0], cr.DELTA_RANGE[1])
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    assert not errors, errors


def test_typed_values_at_random_states_show_nnlibs_numbers(explorer):
    """Random values (unrounded, as typed), parameter and nudge, typed into the fields."""
    page, root, errors = explorer
    rng = np.random.default_rng(7)
    for _ in range(12):
        values = {p: float(v) for p, v in zip(cr.PARAMS, rng.uniform(*cr.VALUE_RANGE, len(cr.PARAMS)))}
        choose(root, str(rng.choice(cr.PARAMS)))
        shown = type_values(root, values, float(rng.uniform(*cr.DELTA_RANGE)))
        assert shown["values"] == values
        assert_nnlib(shown)
        assert shown["status"] == shown["readout"]
    assert not errors, errors


def test_a_value_out_of_range_is_named_and_changes_nothing(explorer):
    page, root, errors = explorer
    before = reset(root)
    field = root.get_by_label("nudge Δ", exact=True)
    field.fill("3")
    after = read(root)
    assert after["readout"].startswith("nudge Δ: ") and "(from -1 to 1)" in after["readout"], after["readout"]
    assert after["state"] == before["state"]
    field.fill("0.5")
    assert read(root)["readout"] == before["readout"]
    root.get_by_label("b[1]", exact=True).fill("-7")
    assert read(root)["readout"].startswith("b[1]: ") and "(from -5 to 5)" in read(root)["readout"]
    root.get_by_label("b[1]", exact=True).fill("-2")
    assert read(root)["readout"] == before["readout"]
    assert not errors, errors


def test_the_reset_button_restores_the_start(explorer):
    page, root, errors = explorer
    type_values(root, {"w1": 0.25, "x": -3.0}, 0.9)
    choose(root, "x")
    shown = reset(root)
    assert (shown["values"], shown["param"], shown["delta"]) == (cr.DEFAULTS, "w1", 0.5)
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    assert not errors, errors


def test_controls_are_labelled_and_an_update_takes_under_a_frame(explorer):
    page, root, errors = explorer
    unlabelled = root.evaluate("""el => Array.from(el.querySelectorAll('input, select'))
        .filter(c => !(c.labels && c.labels.length && c.labels[0].textContent.trim())).map(c => c.outerHTML)""")
    assert unlabelled == [], unlabelled
    assert root.locator("input").count() == len(cr.PARAMS) + 1 and root.locator("select").count() == 1
    assert root.locator("[aria-live]").count() == 1
    sliders = root.locator("[role=slider]")
    assert sliders.count() == 2
    for k in range(2):
        assert sliders.nth(k).get_attribute("tabindex") == "0"
        assert sliders.nth(k).get_attribute("aria-label") and sliders.nth(k).get_attribute("aria-valuetext")
    assert root.locator(".nnjs-ch-plot").get_attribute("aria-label").startswith("C₀ against")
    assert "A chain of three one-neuron sigmoid layers" in root.inner_text()
    times = root.evaluate("""root => { const e = root.chainExplorer, t = [];
        for (let k = 0; k < 200; k++) { const s = performance.now();
            if (k % 2) e.moveTo(-4 + 8 * ((k * 0.37) % 1), e.delta); else e.moveTo(e.values[e.param], -1 + 2 * ((k * 0.61) % 1));
            t.push(performance.now() - s); }
        return t.sort((a, b) => a - b); }""")
    assert times[len(times) // 2] < 16, f"median update {times[len(times) // 2]:.1f} ms"
    assert not errors, errors


def test_axe_finds_no_serious_violation(explorer):
    """axe-core (book/_ext's pinned copy, as the built-page audit uses) finds no serious or critical
    violation of WCAG 2.1 A/AA in the explorer."""
    page, root, errors = explorer
    if not AXE_JS.is_file():
        missing(f"{AXE_JS} is missing: run `make book` (npm ci in book/_ext installs axe-core)")
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate("""async tags => (await axe.run('.nnjs-explorer', {runOnly: {type: 'tag', values: tags}}))
        .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""", WCAG_TAGS)
    assert violations == [], violations
    assert not errors, errors


def test_the_output_works_as_jupyterlab_inserts_it(chromium_browser, tmp_path):
    """JupyterLab shows a trusted text/html output by setting it as an element's innerHTML and then
    replacing each <script> by a fresh copy, which the browser runs. The explorer's output, inserted
    that way, builds from the start given, a drag and a key show nnlib's numbers; nothing but the
    page is requested."""
    write_output_area_page(tmp_path)
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, cr.chain_explorer({"b1": 3.0}, "b1", -0.1)._repr_html_())
            wait_until(page, "() => document.querySelector('#output .nnjs-explorer').chainExplorer", "the explorer")
            root = page.locator("#output .nnjs-explorer")
            shown = read(root)
            assert (shown["values"], shown["param"], shown["delta"]) == ({**cr.DEFAULTS, "b1": 3.0}, "b1", -0.1)
            assert_nnlib(shown)
            assert_nnlib(drag_value(page, root, 1.3))
            root.evaluate("root => root.chainExplorer.nudgeHandle.focus()")
            page.keyboard.press("ArrowRight")
            assert_nnlib(read(root))
        finally:
            context.close()
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
