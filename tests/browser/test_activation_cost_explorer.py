"""The activation-and-cost explorer (nnlib/viz/js/activation_cost.js) on a standalone page: the
reader chooses the hidden activation and the cost by name, drags z[1] on the g and g' plots (or
moves it with the arrow keys or the number field) and sets the target y (slider or number field),
and every number and curve the explorer shows is nnlib's, computed live in the page; ReLU and
leaky ReLU are told apart; controls are labelled and keyboard operable; an update takes well
under a frame; the page logs no error; the output works as JupyterLab inserts it.

Needs Chromium and Playwright, not the built book: the test writes the page from
act_cost_explorer()'s own HTML (module sources inlined) and serves it.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import activation_cost as ac

from .activation_cost_checks import assert_nnlib, choose, drag_and_check, number, read, set_fields
from .helpers import missing, wait_until
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page
from .test_page_speed_and_axe import AXE_JS, WCAG_TAGS

READY = "() => document.querySelector('.nnjs-explorer').activationCost !== undefined"


@pytest.fixture(scope="module")
def explorer(chromium_browser, tmp_path_factory):
    """(page, root, errors): a page holding only act_cost_explorer()'s output, the explorer's root
    element, and every error the page logs."""
    folder = tmp_path_factory.mktemp("activation_cost")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Activations and costs</title></head>'
        "<body>\n" + ac.act_cost_explorer()._repr_html_() + "\n</body></html>\n", encoding="utf8")
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, READY, "the explorer being built")
        try:
            yield page, context, page.locator(".nnjs-explorer"), errors
        finally:
            context.close()


def test_starts_at_the_chapters_example_with_nnlibs_numbers(explorer):
    page, _, root, errors = explorer
    shown = read(root)
    assert (shown["activation"], shown["cost"], shown["z"], shown["y"]) == ("sigmoid", "quadratic", 3.0, 0.0)
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]  # a screen reader hears the start
    assert not errors, errors


def test_dragging_on_either_plot_at_random_choices_shows_nnlibs_numbers(explorer):
    """Random activation, cost and y (chosen and typed), then z[1] dragged on the g plot and on
    the g' plot to random places: every number and curve is nnlib's."""
    page, _, root, errors = explorer
    rng = np.random.default_rng(14)
    for k in range(16):
        choose(root, rng.choice(ac.ACTIVATION_NAMES), rng.choice(ac.COST_NAMES))
        set_fields(root, read(root)["z"], round(float(rng.uniform(0, 1)), 2))
        drag_and_check(page, root, ("g", "gp")[k % 2], float(rng.uniform(*ac.Z_RANGE)))
    assert not errors, errors


def test_arrow_keys_home_and_end_move_z(explorer):
    """Tab from the last number field to the handle: it shows its focus; the arrows move z[1] by
    0.1, with Shift by 0.01; Home and End go to the ends."""
    page, _, root, errors = explorer
    choose(root, "tanh", "cross_entropy")
    set_fields(root, 1.0, 1.0)
    assert root.evaluate("root => document.activeElement === root.activationCost.handle")
    focus = root.evaluate("""root => { const e = root.activationCost;
        return [getComputedStyle(e.handle).outlineStyle, getComputedStyle(e.ring).visibility]; }""")
    assert focus == ["solid", "visible"], f"no visible focus on the handle: {focus}"
    for key, times in (("ArrowRight", 3), ("ArrowUp", 2), ("Shift+ArrowDown", 3), ("ArrowLeft", 1)):
        for _ in range(times):
            page.keyboard.press(key)
    shown = read(root)
    assert shown["z"] == 1.37
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    page.keyboard.press("End")
    assert_nnlib(shown := read(root))
    assert shown["z"] == ac.Z_RANGE[1]
    page.keyboard.press("ArrowRight")
    assert read(root)["z"] == ac.Z_RANGE[1]
    page.keyboard.press("Home")
    assert_nnlib(shown := read(root))
    assert shown["z"] == ac.Z_RANGE[0]
    assert not errors, errors


def test_keyboard_chooses_activation_and_cost_and_moves_the_y_slider(explorer):
    """The selects and the y slider by keyboard alone, and the slider by a mouse click."""
    page, _, root, errors = explorer
    choose(root, "sigmoid", "quadratic")
    set_fields(root, -0.5, 0.5)
    root.get_by_label("hidden activation g", exact=True).focus()
    page.keyboard.press("ArrowDown")  # tanh
    root.get_by_label("cost", exact=True).focus()
    page.keyboard.press("ArrowDown")  # cross-entropy
    slider = root.get_by_label("target y (slider)", exact=True)
    slider.focus()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    shown = read(root)
    assert (shown["activation"], shown["cost"], shown["y"]) == ("tanh", "cross_entropy", 0.57)
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    box = slider.bounding_box()
    page.mouse.click(box["x"] + 0.2 * box["width"], box["y"] + box["height"] / 2)
    shown = read(root)
    assert abs(shown["y"] - 0.2) < 0.05
    assert_nnlib(shown)
    assert not errors, errors


@pytest.mark.parametrize("activation, cost, z, y", [
    ("relu", "cross_entropy", -2.0, 1.0), ("leaky_relu", "cross_entropy", -2.0, 1.0), ("sigmoid", "quadratic", 5.0, 0.0),
    ("tanh", "quadratic", -4.37, 0.83), ("relu", "quadratic", 0.0, 0.0), ("leaky_relu", "quadratic", 4.99, 0.01),
])
def test_typed_values_show_nnlibs_numbers(explorer, activation, cost, z, y):
    page, _, root, errors = explorer
    choose(root, activation, cost)
    shown = set_fields(root, z, y)
    assert (shown["activation"], shown["cost"], shown["z"], shown["y"]) == (activation, cost, z, y)
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    assert not errors, errors


def test_relu_and_leaky_relu_are_told_apart(explorer):
    """Below 0 they look alike at the plot's scale: a note gives each one's value and slope there,
    and the inset near z = 0 shows both, the chosen one thick."""
    page, _, root, errors = explorer
    notes, insets = {}, {}
    for activation in ("relu", "leaky_relu"):
        choose(root, activation, "cross_entropy")
        shown = set_fields(root, -2.0, 1.0)
        notes[activation] = shown["note"]
        insets[activation] = root.evaluate("""root => Array.from(root.querySelectorAll('.nnjs-ac-inset path'))
            .map(p => Number(p.getAttribute('stroke-width')))""")
    nnlib_slope = float(ac.ACTIVATIONS["leaky_relu"].prime(np.array([-1.0]))[0])
    assert notes["relu"].startswith("ReLU for z < 0: g(z) = 0, slope g′(z) = 0: no gradient")
    assert notes["leaky_relu"].startswith(f"leaky ReLU for z < 0: g(z) = {nnlib_slope:g} z, slope g′(z) = {nnlib_slope:g}")
    assert insets == {"relu": [3, 1.5], "leaky_relu": [1.5, 3]}
    choose(root, "sigmoid", "quadratic")
    assert read(root)["note"] == "" and not read(root)["inset"]
    assert not errors, errors


def test_a_value_out_of_range_is_named_and_changes_nothing(explorer):
    page, _, root, errors = explorer
    before = read(root)
    field = root.get_by_label("weighted input z[1] = w[1]", exact=True)
    field.fill("7")
    after = read(root)
    assert after["readout"].startswith("weighted input z[1] = w[1]: ") and "from -5 to 5" in after["readout"]
    assert after["state"] == before["state"]
    field.fill(number(before["z"]))
    assert read(root)["readout"] == before["readout"]
    assert not errors, errors


def test_controls_are_labelled_described_and_an_update_takes_under_a_frame(explorer):
    page, _, root, errors = explorer
    unlabelled = root.evaluate("""el => Array.from(el.querySelectorAll('input, select, button'))
        .filter(c => !(c.labels && c.labels.length && c.labels[0].textContent.trim())).map(c => c.outerHTML)""")
    assert unlabelled == [], unlabelled
    assert root.locator("[aria-live]").count() == 1
    assert root.locator("[role=slider][tabindex='0']").count() == 1
    assert root.locator("svg[role=img][aria-label]").count() == 2  # g' and delta; g holds the handle:
    assert root.locator("svg.nnjs-ac-g[role=group][aria-label]").count() == 1  # a labelled group
    assert "Left: g(z); middle: its slope" in root.locator("p").first.text_content()
    times = root.evaluate("""root => { const e = root.activationCost, t = [], names = ['sigmoid', 'tanh', 'relu', 'leaky_relu'];
        for (let k = 0; k < 200; k++) { const s = performance.now();
            e.set(names[k % 4], k % 3 ? 'quadratic' : 'cross_entropy', -5 + 10 * ((k * 0.37) % 1), (k * 0.61) % 1);
            t.push(performance.now() - s); }
        return t.sort((a, b) => a - b); }""")
    assert times[len(times) // 2] < 16, f"median update {times[len(times) // 2]:.1f} ms"
    assert not errors, errors


def test_axe_finds_no_serious_violation(explorer):
    """axe-core (book/_ext's pinned copy, as the built-page audit uses) finds no serious or critical
    violation of WCAG 2.1 A/AA in the explorer, with ReLU's inset shown."""
    page, _, root, errors = explorer
    if not AXE_JS.is_file():
        missing(f"{AXE_JS} is missing: run `make book` (npm ci in book/_ext installs axe-core)")
    choose(root, "relu", "quadratic")
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate("""async tags => (await axe.run('.nnjs-explorer', {runOnly: {type: 'tag', values: tags}}))
        .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""", WCAG_TAGS)
    assert violations == [], violations
    assert not errors, errors


def test_the_output_works_as_jupyterlab_inserts_it(chromium_browser, tmp_path):
    """JupyterLab shows a trusted text/html output by setting it as an element's innerHTML and then
    replacing each <script> by a fresh copy, which the browser runs. The explorer's output, inserted
    that way, builds, starts where asked, and a drag shows nnlib's numbers; nothing but the page
    is requested."""
    write_output_area_page(tmp_path)
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, ac.act_cost_explorer("leaky_relu", "cross_entropy", -1.5, 0.25)._repr_html_())
            wait_until(page, "() => document.querySelector('#output .nnjs-explorer').activationCost", "the explorer")
            root = page.locator("#output .nnjs-explorer")
            shown = read(root)
            assert (shown["activation"], shown["cost"], shown["z"], shown["y"]) == ("leaky_relu", "cross_entropy", -1.5, 0.25)
            assert_nnlib(shown)
            drag_and_check(page, root, "g", 2.2)
        finally:
            context.close()
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
