"""The graphs chapter's explorer (nnlib/viz/js/graph_explorer.js) on a standalone page, both of its
graphs ((a + b) * c and the one-neuron loss): the reader drags an input's box (or moves it with the
arrow keys), moves its slider or types its value, and steps through the backward pass; every value,
local derivative and gradient is nnlib's (graph_view) for that state, computed live in the page, and
every text, colour and highlighted edge is nnlib.viz.graphs'; controls are labelled and keyboard
operable; an update takes well under a frame; the page logs no error.

Needs Chromium and Playwright, not the built book: the test writes the page from
sum_times_explorer()'s and neuron_graph_explorer()'s own HTML (module sources inlined) and serves it.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import graphs as G

from .graph_explorer_checks import INPUTS, LARGEST_ERROR, assert_nnlib, drag_input, read
from .helpers import wait_until
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page

RANGES = {"sum": G.ABC_RANGE, "neuron": G.WB_RANGE}
STARTS = {"sum": [G.A_EXAMPLE, G.B2_EXAMPLE, G.C_EXAMPLE], "neuron": [G.W_EXAMPLE, G.B_EXAMPLE]}
N_STEPS = {"sum": 3, "neuron": 6}


@pytest.fixture(scope="module")
def page_with_both(chromium_browser, tmp_path_factory):
    """(page, roots, errors): a page holding the two explorers' outputs, their root elements by
    kind, and every error the page logs."""
    folder = tmp_path_factory.mktemp("graphs")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Graphs</title></head>'
        '<body style="max-width: 820px">\n' + G.sum_times_explorer()._repr_html_()
        + G.neuron_graph_explorer()._repr_html_() + "\n</body></html>\n", encoding="utf8")
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1000, "height": 900})
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, "() => Array.from(document.querySelectorAll('.nnjs-explorer')).every(r => r.graphExplorer)"
                   " && document.querySelectorAll('.nnjs-explorer').length === 2", "both explorers being built")
        roots = page.locator(".nnjs-explorer")
        try:
            yield page, {"sum": roots.nth(0), "neuron": roots.nth(1)}, errors
        finally:
            context.close()


def restore(root):
    root.get_by_role("button", name="the chapter's inputs").click()


@pytest.mark.parametrize("kind", ["sum", "neuron"])
def test_starts_at_the_last_step_with_the_chapters_inputs(page_with_both, kind):
    page, roots, errors = page_with_both
    shown = read(roots[kind])
    assert shown["values_now"] == STARTS[kind] and shown["step"] == N_STEPS[kind]
    view = assert_nnlib(shown)
    assert all(view.known)
    assert shown["status"] == f"{shown['title'][1]} {shown['readout']}"  # a screen reader hears the start
    if kind == "sum":  # by hand: df/da = df/db = c = -2, df/dc = a + b = 4
        assert shown["box_lines"][0] == ["3", "grad", "-2"] and shown["box_lines"][3] == ["-2", "grad", "4"]
    assert not errors, errors


@pytest.mark.parametrize("kind", ["sum", "neuron"])
def test_dragging_every_input_shows_nnlibs_numbers(page_with_both, kind):
    """Each input's box dragged with the mouse to random values, at random backward steps."""
    page, roots, errors = page_with_both
    root = roots[kind]
    rng = np.random.default_rng(14 if kind == "sum" else 15)
    lo, hi = RANGES[kind]
    for k in list(range(len(INPUTS[kind]))) * 3:
        root.get_by_label("backward step", exact=True).fill(str(rng.integers(0, N_STEPS[kind] + 1)))
        assert_nnlib(read(root))
        drag_input(page, root, k, float(rng.uniform(lo + 0.5, hi - 0.5)))
    restore(root)
    assert not errors, errors


@pytest.mark.parametrize("kind", ["sum", "neuron"])
def test_arrow_keys_move_an_input_and_stop_at_its_range(page_with_both, kind):
    """Tab from the last button to the first input's box: it shows its focus; on every input's box
    the arrows move it by 0.1, with Shift by 0.01; Home and End go to the ends of its range."""
    page, roots, errors = page_with_both
    root = roots[kind]
    restore(root)
    root.get_by_role("button", name="the chapter's inputs").focus()
    page.keyboard.press("Tab")
    assert root.evaluate("root => document.activeElement === root.querySelector('.nnjs-gx-input')")
    focus = root.evaluate("""root => { const s = getComputedStyle(root.querySelector('.nnjs-gx-input'));
        return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert focus[0] != "none" and focus[1] >= 2, f"no visible focus on the input's box: {focus}"
    for k in range(len(INPUTS[kind])):
        root.locator(".nnjs-gx-input").nth(k).focus()
        start = read(root)["values_now"][k]
        for key, times in [("ArrowUp", 3), ("Shift+ArrowDown", 4), ("ArrowLeft", 1), ("Shift+ArrowRight", 2)]:
            for _ in range(times):
                page.keyboard.press(key)
        shown = read(root)
        assert shown["values_now"][k] == pytest.approx(start + 0.3 - 0.04 - 0.1 + 0.02, abs=1e-12)
        assert float(shown["numbers"][k]) == shown["values_now"][k]
        assert_nnlib(shown)
        assert shown["status"] == f"{shown['title'][1]} {shown['readout']}"
    page.keyboard.press("End")
    page.keyboard.press("ArrowUp")
    assert read(root)["values_now"][k] == RANGES[kind][1]
    page.keyboard.press("Home")
    assert_nnlib(shown := read(root))
    assert shown["values_now"][k] == RANGES[kind][0]
    restore(root)
    assert not errors, errors


@pytest.mark.parametrize("kind", ["sum", "neuron"])
def test_sliders_and_typed_values(page_with_both, kind):
    """Every input's slider clicked at random places and moved by its arrow keys, every input's field
    typed into at random values; a value out of range is named and changes nothing."""
    page, roots, errors = page_with_both
    root = roots[kind]
    rng = np.random.default_rng(21 if kind == "sum" else 22)
    lo, hi = RANGES[kind]
    for k, name in enumerate(INPUTS[kind]):
        slider = root.get_by_label(name, exact=True)
        slider.scroll_into_view_if_needed()
        for _ in range(3):
            box = slider.bounding_box()
            now = (read(root)["values_now"][k] - lo) / (hi - lo)
            u = float(rng.choice([x for x in np.linspace(0.05, 0.95, 19) if abs(x - now) > 0.15]))  # off the thumb
            page.mouse.click(box["x"] + 8 + u * (box["width"] - 16), box["y"] + box["height"] / 2)
            shown = read(root)
            assert lo < shown["values_now"][k] < hi and shown["values_now"][k] == pytest.approx(lo + u * (hi - lo), abs=0.08 * (hi - lo))
            assert_nnlib(shown)
        slider.press("ArrowRight")
        assert_nnlib(read(root))
        field = root.get_by_label(f"{name}, typed", exact=True)
        for _ in range(3):
            value = float(rng.uniform(lo, hi))
            field.fill(repr(value))
            field.press("Tab")
            shown = read(root)
            assert shown["values_now"][k] == value
            assert_nnlib(shown)
            assert shown["status"] == f"{shown['title'][1]} {shown['readout']}"
    before = read(root)
    field.fill(str(hi + 1))
    after = read(root)
    assert after["readout"].startswith(f"{name}: ") and f"from {hi:g} " not in after["readout"]
    assert f"(from {lo:g} to {hi:g})" in after["readout"], after["readout"]
    assert after["state"] == before["state"]
    field.fill(repr(STARTS[kind][-1]))
    restore(root)
    assert read(root)["values_now"] == STARTS[kind]
    assert not errors, errors


@pytest.mark.parametrize("kind", ["sum", "neuron"])
def test_step_slider_and_buttons(page_with_both, kind):
    """reset goes to step 0 (no gradient known), step and back walk the backward pass, the step
    slider follows the mouse and the keys; each state shows nnlib's numbers."""
    page, roots, errors = page_with_both
    root = roots[kind]
    drag_input(page, root, 0, 1.3)
    back, forward = root.get_by_role("button", name="◀ back"), root.get_by_role("button", name="step ▶")
    root.get_by_role("button", name="reset the backward pass").click()
    shown = read(root)
    assert shown["step"] == 0 and not any(assert_nnlib(shown).known)
    assert back.is_disabled()
    for step in range(1, N_STEPS[kind] + 1):
        forward.click()
        shown = read(root)
        assert shown["step"] == step
        view = assert_nnlib(shown)
        assert view.known[-1] and sum(view.new) >= 1
    assert forward.is_disabled()
    back.click()
    assert read(root)["step"] == N_STEPS[kind] - 1
    slider = root.get_by_label("backward step", exact=True)
    slider.scroll_into_view_if_needed()
    slider.focus()
    page.keyboard.press("ArrowLeft")
    shown = read(root)
    assert shown["step"] == N_STEPS[kind] - 2
    assert_nnlib(shown)
    box = slider.bounding_box()  # a click at the right end: the last step
    page.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    assert_nnlib(shown := read(root))
    assert shown["step"] == N_STEPS[kind]
    restore(root)
    assert not errors, errors


@pytest.mark.parametrize("kind", ["sum", "neuron"])
def test_controls_labels_text_size_and_speed(page_with_both, kind):
    page, roots, errors = page_with_both
    root = roots[kind]
    unlabelled = root.evaluate("""el => Array.from(el.querySelectorAll('input, select'))
        .filter(c => !(c.labels && c.labels.length && c.labels[0].textContent.trim())).map(c => c.outerHTML)""")
    assert unlabelled == [], unlabelled
    assert root.locator("button").evaluate_all("bs => bs.every(b => b.textContent.trim())")
    assert root.locator("[aria-live]").count() == 1
    handles = root.locator("[role=slider]")
    assert handles.count() == len(INPUTS[kind])
    for k, name in enumerate(INPUTS[kind]):
        assert handles.nth(k).get_attribute("aria-label").startswith(f"input {name}: drag")
        assert handles.nth(k).get_attribute("tabindex") == "0"
    assert "drag an input's box" in root.locator(".nnjs-gx-description").text_content()
    n_nodes = len(read(root)["box_lines"])
    assert root.locator("[role=img][aria-label]").count() == n_nodes - len(INPUTS[kind])  # every box says its numbers
    # the text in the boxes is at least 13 px as drawn on this page
    smallest = root.evaluate("""root => Math.min(...Array.from(root.querySelectorAll('.nnjs-gx-diagram text'),
        t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))""")
    assert smallest >= 13, f"the smallest text of the graph is {smallest:.1f} px"
    times = root.evaluate("""root => { const g = root.graphExplorer, t = [];
        for (let k = 0; k < 200; k++) { const s = performance.now();
            g.step = k % g.config.steps.length; g.setInput(k % g.inputs.length, -3 + 6 * ((k * 0.37) % 1));
            t.push(performance.now() - s); }
        return t.sort((a, b) => a - b); }""")
    assert times[len(times) // 2] < 16, f"median update {times[len(times) // 2]:.1f} ms"
    restore(root)
    assert not errors, errors
    print(f"largest relative difference from nnlib so far: {LARGEST_ERROR[0]:.2e}")


def test_the_output_works_as_jupyterlab_inserts_it(chromium_browser, tmp_path):
    """JupyterLab shows a trusted text/html output by setting it as an element's innerHTML and then
    replacing each <script> by a fresh copy, which the browser runs. The explorer's output, inserted
    that way into a page with nothing next to it, builds with the inputs asked for, and a drag shows
    nnlib's numbers; nothing but the page is requested."""
    write_output_area_page(tmp_path)
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, G.neuron_graph_explorer(w=-1.25, b=0.5)._repr_html_())
            wait_until(page, "() => document.querySelector('#output .nnjs-explorer').graphExplorer", "the explorer")
            root = page.locator("#output .nnjs-explorer")
            assert read(root)["values_now"] == [-1.25, 0.5]
            assert_nnlib(read(root))
            drag_input(page, root, 1, -1.0)
        finally:
            context.close()
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
