"""The two one-neuron explorers (nnlib/viz/js/neuron_explorers.js) on a standalone page: the
pipeline's (w and b set by dragging the point, arrow keys, sliders and typed values) and the
gradient-descent chapter's (learning rate by log slider, keys and typing; the start dragged, moved
by keys or chosen by its button; the step by slider, Play, Pause and Step). At many random states
every number shown equals nnlib's (neuron_fit, descent_view) to 1e-9 relative; controls are labelled
and keyboard operable; updates take under a frame; the page logs no error; the output also works
as JupyterLab inserts it.

Needs Chromium and Playwright, not the built book: the page is written from neuron_explorer()'s and
descent_explorer()'s own HTML (module sources inlined) and served.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import gradient_descent as gd
from nnlib.viz import pipeline as ne

from .helpers import missing, wait_until
from .neuron_explorer_checks import (assert_descent_nnlib, assert_neuron_nnlib, drag_point, read_descent, read_neuron,
                                     to_screen)
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page
from .test_page_speed_and_axe import AXE_JS, WCAG_TAGS

MAX_ERRORS = []  # the largest relative difference to nnlib seen by each check


@pytest.fixture(scope="module", autouse=True)
def report_differences():
    """After the module: print how many comparisons with nnlib ran and the largest difference."""
    yield
    if MAX_ERRORS:
        print(f"\n{len(MAX_ERRORS)} comparisons with nnlib, largest relative difference {max(MAX_ERRORS):.3g}")


@pytest.fixture(scope="module")
def page_and_roots(chromium_browser, tmp_path_factory):
    """(page, neuron root, descent root, errors): a page holding only the two explorers' outputs."""
    folder = tmp_path_factory.mktemp("neuron_explorers")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Neuron explorers</title></head><body>\n'
        + ne.neuron_explorer()._repr_html_() + "\n" + gd.descent_explorer()._repr_html_() + "\n</body></html>\n",
        encoding="utf8")
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, "() => [...document.querySelectorAll('.nnjs-explorer')].every(r => r.explorer)",
                   "the explorers being built")
        roots = page.locator(".nnjs-explorer")
        try:
            yield page, roots.nth(0), roots.nth(1), errors
        finally:
            context.close()


@pytest.fixture
def neuron(page_and_roots):
    page, root, _, errors = page_and_roots
    yield page, root
    assert not errors, errors


@pytest.fixture
def descent(page_and_roots):
    page, _, root, errors = page_and_roots
    root.evaluate("root => root.explorer.pause()")
    yield page, root
    assert not errors, errors


def check_neuron(root):
    shown = read_neuron(root)
    MAX_ERRORS.append(assert_neuron_nnlib(shown))
    return shown


def check_descent(root):
    shown = read_descent(root)
    MAX_ERRORS.append(assert_descent_nnlib(shown))
    return shown


# --- the pipeline's explorer ------------------------------------------------------------------

def test_neuron_starts_at_the_chapters_point(neuron):
    page, root = neuron
    shown = check_neuron(root)
    assert (shown["w"], shown["b"]) == (2.0, -4.0)
    assert shown["fields"] == ["2", "2", "-4", "-4"] and shown["valuenow"] == "2"
    assert shown["status"] == shown["readout"]


def test_neuron_dragging_the_point(neuron):
    page, root = neuron
    rng = np.random.default_rng(1)
    for w, b in zip(rng.uniform(*ne.W_RANGE, 10), rng.uniform(*ne.B_RANGE, 10)):
        before = read_neuron(root)
        drag_point(page, root, w, b, (before["w"], before["b"]))
        shown = check_neuron(root)
        assert abs(shown["w"] - w) <= 0.03 and abs(shown["b"] - b) <= 0.03, (shown["w"], shown["b"], w, b)
        assert shown["fields"] == [f"{shown['w']:g}", f"{shown['w']:g}", f"{shown['b']:g}", f"{shown['b']:g}"]
        assert shown["status"] == shown["readout"]  # announced when the drag ends
        x, y = to_screen(root, shown["w"], shown["b"])
        box = root.locator(".nnjs-cs-map").bounding_box()
        assert abs(box["x"] + shown["dot"][0] - x) < 0.5 and abs(box["y"] + shown["dot"][1] - y) < 0.5


def test_neuron_arrow_keys_move_the_point(neuron):
    page, root = neuron
    root.get_by_label("bias b", exact=True).fill("-4")
    root.get_by_label("weight w", exact=True).fill("2")
    root.get_by_label("bias b", exact=True).press("Tab")  # the map's point comes after the fields
    assert root.evaluate("root => document.activeElement === root.explorer.handle")
    assert root.evaluate("root => getComputedStyle(root.explorer.handle).outlineStyle") == "solid"
    for key, times in (("ArrowRight", 3), ("ArrowUp", 2), ("Shift+ArrowDown", 3), ("ArrowLeft", 1)):
        for _ in range(times):
            page.keyboard.press(key)
            check_neuron(root)
    shown = check_neuron(root)
    assert (shown["w"], shown["b"]) == (2.2, -3.83)
    assert shown["status"] == shown["readout"]


def test_neuron_sliders_by_mouse_and_keys(neuron):
    page, root = neuron
    for label, value in (("weight w (slider)", "-1.37"), ("bias b (slider)", "0.55")):
        root.get_by_label(label, exact=True).fill(value)
        check_neuron(root)
    shown = read_neuron(root)
    assert (shown["w"], shown["b"]) == (-1.37, 0.55)
    slider = root.get_by_label("weight w (slider)", exact=True)
    box = slider.bounding_box()
    page.mouse.click(box["x"] + 0.75 * box["width"], box["y"] + box["height"] / 2)
    shown = check_neuron(root)
    assert 3 < shown["w"] < 5, shown["w"]  # three quarters of the way from -2 to 6
    slider.press("ArrowLeft")
    assert check_neuron(root)["w"] == pytest.approx(shown["w"] - 0.01)
    root.get_by_label("bias b (slider)", exact=True).press("ArrowUp")
    assert check_neuron(root)["b"] == pytest.approx(0.56)


def test_neuron_typed_values(neuron):
    page, root = neuron
    rng = np.random.default_rng(7)
    for w, b in zip(rng.uniform(*ne.W_RANGE, 8).round(4), rng.uniform(*ne.B_RANGE, 8).round(4)):
        root.get_by_label("weight w", exact=True).fill(repr(float(w)))
        root.get_by_label("bias b", exact=True).fill(repr(float(b)))
        shown = check_neuron(root)
        assert (shown["w"], shown["b"]) == (w, b)


def test_neuron_a_value_out_of_range_is_named(neuron):
    page, root = neuron
    before = read_neuron(root)
    field = root.get_by_label("bias b", exact=True)
    field.fill("7")
    after = read_neuron(root)
    assert after["readout"].startswith("bias b: ") and "(from -10 to 2)" in after["readout"], after["readout"]
    assert after["state"] == before["state"]
    field.fill(f"{before['b']:g}")
    assert read_neuron(root)["readout"] == before["readout"]


# --- the gradient-descent chapter's explorer --------------------------------------------------

def test_descent_starts_at_the_chapters_state(descent):
    page, root = descent
    shown = check_descent(root)
    v = shown["view"]
    assert (v["lr"], v["w0"], v["b0"], v["k"]) == (gd.DEFAULT["lr"], *gd.STARTS[gd.DEFAULT["start"]], gd.N_STATIC)
    assert shown["fields"][1:] == ["3", str(gd.N_STATIC)]


def test_descent_dragging_the_start(descent):
    page, root = descent
    rng = np.random.default_rng(2)
    for w, b in zip(rng.uniform(*gd.W_RANGE, 10), rng.uniform(*gd.B_RANGE, 10)):
        v = read_descent(root)["view"]
        drag_point(page, root, w, b, (v["w0"], v["b0"]))
        shown = check_descent(root)
        assert abs(shown["view"]["w0"] - w) <= 0.03 and abs(shown["view"]["b0"] - b) <= 0.03
        assert shown["status"] == shown["readout"]


def test_descent_arrow_keys_move_the_start(descent):
    page, root = descent
    root.get_by_role("button", name="start P (1, -1)").click()
    root.evaluate("root => root.explorer.handle.focus()")
    assert root.evaluate("root => getComputedStyle(root.explorer.handle).outlineStyle") == "solid"
    for key, times in (("ArrowLeft", 2), ("ArrowDown", 3), ("Shift+ArrowUp", 4)):
        for _ in range(times):
            page.keyboard.press(key)
            check_descent(root)
    v = check_descent(root)["view"]
    assert (v["w0"], v["b0"]) == (0.8, -1.26)


def test_descent_learning_rate_by_slider_keys_and_typing(descent):
    page, root = descent
    slider = root.get_by_label("learning rate η (log scale)", exact=True)
    field = root.get_by_label("learning rate η", exact=True)
    slider.fill("0.5")  # 10^0.5
    assert check_descent(root)["view"]["lr"] == 3.16
    slider.press("ArrowRight")
    assert check_descent(root)["view"]["lr"] == 3.24
    box = slider.bounding_box()
    page.mouse.click(box["x"] + 0.9 * box["width"], box["y"] + box["height"] / 2)
    assert check_descent(root)["view"]["lr"] > 20
    for lr in np.exp(np.random.default_rng(5).uniform(np.log(0.01), np.log(100), 10)).round(5):
        field.fill(repr(float(lr)))
        shown = check_descent(root)
        assert shown["view"]["lr"] == lr
        assert float(shown["fields"][0]) == pytest.approx(np.log10(lr), abs=0.006)
    field.fill("500")
    assert read_descent(root)["readout"].startswith("learning rate η: ")
    field.fill("7.5")
    assert check_descent(root)["view"]["lr"] == 7.5


def test_descent_named_starts(descent):
    page, root = descent
    for name, (w0, b0) in gd.STARTS.items():
        root.get_by_role("button", name=f"start {name} ({w0:g}, {b0:g})").click()
        shown = check_descent(root)
        assert (shown["view"]["w0"], shown["view"]["b0"]) == (w0, b0)
        assert shown["status"] == shown["readout"]


def test_descent_steps_by_slider_step_play_and_pause(descent):
    page, root = descent
    root.get_by_label("learning rate η", exact=True).fill("10")
    k_slider = root.get_by_label("step k", exact=True)
    k_slider.fill("7")
    assert check_descent(root)["view"]["k"] == 7
    k_slider.press("ArrowRight")
    assert check_descent(root)["view"]["k"] == 8
    root.get_by_role("button", name="Step").click()
    assert check_descent(root)["view"]["k"] == 9
    root.get_by_role("button", name="Play").click()
    wait_until(page, "root => root.explorer.k >= 12", "the path playing", arg=root.element_handle())
    root.get_by_role("button", name="Pause").click()
    paused = check_descent(root)
    assert not paused["playing"] and paused["view"]["k"] >= 12
    page.wait_for_timeout(600)
    assert read_descent(root)["view"]["k"] == paused["view"]["k"]  # it stays paused
    root.get_by_role("button", name="Play").click()  # resumes where it stopped
    page.wait_for_timeout(100)
    assert read_descent(root)["view"]["k"] == paused["view"]["k"]
    wait_until(page, "([root, k]) => root.explorer.k > k", "playing on",
               arg=[root.element_handle(), paused["view"]["k"]])
    k_slider.fill("3")  # the slider stops playback
    shown = check_descent(root)
    assert not shown["playing"] and shown["view"]["k"] == 3
    root.evaluate("root => root.explorer.set(root.explorer.w, root.explorer.b, root.explorer.lr, 38)")
    root.get_by_role("button", name="Play").click()
    wait_until(page, f"root => !root.explorer.playing && root.explorer.k === {gd.N_STATIC}", "the end",
               arg=root.element_handle())
    shown = check_descent(root)
    assert shown["status"] == shown["readout"]
    root.get_by_role("button", name="Play").click()  # at the end, Play starts again from step 0
    wait_until(page, "root => root.explorer.k >= 1 && root.explorer.k < 10", "a restart", arg=root.element_handle())
    root.get_by_role("button", name="Pause").click()


# --- both ---------------------------------------------------------------------------------------

def test_controls_are_labelled_described_and_fast(page_and_roots):
    page, neuron_root, descent_root, errors = page_and_roots
    for root, kind in ((neuron_root, "neuron"), (descent_root, "descent")):
        unlabelled = root.evaluate("""el => Array.from(el.querySelectorAll('input, select'))
            .filter(c => !(c.labels && c.labels.length && c.labels[0].textContent.trim())).map(c => c.outerHTML)""")
        assert unlabelled == [], unlabelled
        assert root.locator("[aria-live]").count() == 1
        assert root.locator("[role=slider][tabindex='0']").count() == 1
        assert len(root.locator("p").first.text_content()) > 100  # the text description
        moves = ("e.moveTo(-2 + 8 * ((k * 0.37) % 1), -8 + 8 * ((k * 0.61) % 1))" if kind == "neuron" else
                 "e.set(-2 + 8 * ((k * 0.37) % 1), -8 + 8 * ((k * 0.61) % 1), 0.01 * 10 ** (4 * ((k * 0.29) % 1)))")
        times = root.evaluate(f"""root => {{ const e = root.explorer, t = [];
            for (let k = 0; k < 200; k++) {{ const s = performance.now(); {moves}; t.push(performance.now() - s); }}
            return t.sort((a, b) => a - b); }}""")
        assert times[len(times) // 2] < 16, f"{kind}: median update {times[len(times) // 2]:.1f} ms"
    assert not errors, errors


def test_axe_finds_no_serious_violation(page_and_roots):
    """axe-core (book/_ext's pinned copy, as the built-page audit uses) finds no serious or critical
    violation of WCAG 2.1 A/AA in either explorer."""
    page, _, _, errors = page_and_roots
    if not AXE_JS.is_file():
        missing(f"{AXE_JS} is missing: run `make book` (npm ci in book/_ext installs axe-core)")
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate("""async tags => (await axe.run('.nnjs-explorer', {runOnly: {type: 'tag', values: tags}}))
        .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""", WCAG_TAGS)
    assert violations == [], violations
    assert not errors, errors


def test_the_outputs_work_as_jupyterlab_inserts_them(chromium_browser, tmp_path):
    write_output_area_page(tmp_path)
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, ne.neuron_explorer(0.5, -3.0)._repr_html_()
                                 + gd.descent_explorer(0.7, (2.5, -5.0), 12)._repr_html_())
            wait_until(page, "() => document.querySelectorAll('#output .nnjs-explorer').length === 2 && "
                             "[...document.querySelectorAll('#output .nnjs-explorer')].every(r => r.explorer)",
                       "the explorers")
            roots = page.locator("#output .nnjs-explorer")
            shown = check_neuron(roots.nth(0))
            assert (shown["w"], shown["b"]) == (0.5, -3.0)
            v = check_descent(roots.nth(1))["view"]
            assert (v["lr"], v["w0"], v["b0"], v["k"]) == (0.7, 2.5, -5.0, 12)
            drag_point(page, roots.nth(1), 3.0, -6.0, (2.5, -5.0))
            check_descent(roots.nth(1))
        finally:
            context.close()
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
