"""The circles playground that trains in the page (nnlib/viz/js/playground.js) on a standalone
page: its initial weights are nnlib's for every seed, Step trains exactly as nnlib.sgd does with
the same settings, Play / Pause / Step behave (pause resumes where it stopped), a run goes on past
the epochs nnlib gave batch orders for with the seeded shuffle that nnlib implements too (and
still trains as nnlib.sgd with those orders), every control is a labelled native input that the
keyboard moves, and the page logs no error.

Needs Chromium and Playwright, not the built book: the test writes the page itself with
nnjs_page.write_playground_page (the modules inlined, as in the book) and serves it.
"""
from __future__ import annotations

import contextlib

import numpy as np
import pytest

from nnlib import Network, sgd
from nnlib.snapshots import network_accuracy, plane_grid
from nnlib.viz import circles as chapter
from nnlib.viz import playground_data as P

from .helpers import wait_until
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page, write_playground_page

PG = "document.getElementById('nnjs-playground').playground"


@pytest.fixture(scope="module")
def config():
    return P.playground_config()


@pytest.fixture
def playground(chromium_browser, tmp_path, config):
    """(page, errors): the standalone playground page, and every error it logs."""
    with open_playground(chromium_browser, tmp_path, config) as opened:
        yield opened


@contextlib.contextmanager
def open_playground(chromium_browser, folder, config):
    write_playground_page(folder, config)
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, f"() => document.getElementById('nnjs-playground').playground !== undefined",
                   "the playground being built")
        try:
            yield page, errors
        finally:
            context.close()


def state(page):
    """The page's run: epoch, the cost and accuracy histories, theta and the readout's text."""
    return page.evaluate(f"""() => {{ const pg = {PG};
        return {{epoch: pg.epoch, cost: pg.history.cost, accuracy: pg.history.accuracy,
                test_accuracy: pg.history.testAccuracy, theta: Array.from(pg.net.getParams()), readout: pg.readout.textContent}}; }}""")


@pytest.mark.parametrize("hidden, activation, seed",
                         [([4, 4], "tanh", 0), ([8], "relu", 1), ([3, 5, 2, 8], "leaky_relu", 4), ([], "sigmoid", 2),
                          ([8, 8, 8, 8], "identity", 3)])
def test_initial_weights_are_nnlibs(playground, config, hidden, activation, seed):
    page, errors = playground
    sizes = [2, *hidden, 1]
    js = page.evaluate("""async ([sizes, hidden, normals]) => {
        const {initialTheta} = await import('./js/playground.js');
        return initialTheta(sizes, hidden, 'sigmoid', normals); }""",
                       [sizes, activation, config["normals"][str(seed)]])
    expected = Network(sizes, hidden=activation, output="sigmoid", seed=seed).get_params()
    np.testing.assert_array_equal(js, expected)  # the same draws, scaled the same way: equal bits
    assert not errors, errors


def test_the_batch_orders_read_back_are_sgds(playground, config):
    page, errors = playground
    orders = page.evaluate(f"() => {PG}.orders")
    assert orders == P.sgd_batch_orders(chapter.SHUFFLE_SEED, len(config["Y"][0]), chapter.EPOCHS)
    assert not errors, errors


def set_controls(page, hidden, activation, cost, lr, batch_size, l2, seed):
    """Move every control as a reader would: fields typed, or stepped with the arrow keys."""
    box = page.locator("#nnjs-playground")
    box.get_by_label("hidden layers", exact=True).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(hidden)
    page.keyboard.press("Tab")
    field = box.get_by_label("batch size", exact=True)
    field.focus()
    for _ in range(batch_size - int(field.input_value())):  # the keyboard: ArrowUp steps a number field
        page.keyboard.press("ArrowUp")
    for label, value in [("learning rate η", lr), ("λ (L2)", l2)]:
        box.get_by_label(label, exact=True).fill(str(value))
        box.get_by_label(label, exact=True).press("Tab")  # change fires when the field is left
    box.get_by_label("activation", exact=True).select_option(activation)
    box.get_by_label("cost", exact=True).select_option(cost)
    box.get_by_label("seed", exact=True).select_option(str(seed))


def test_step_trains_as_nnlib_sgd(playground, config):
    """Settings changed with the controls, then Step three times: the cost after each epoch, the
    accuracy and the parameters are nnlib.sgd's with the same settings, seed and batch order."""
    page, errors = playground
    settings = dict(hidden="5-3-6", activation="relu", cost="quadratic", lr=0.2, batch_size=19, l2=0.05, seed=3)
    set_controls(page, **settings)
    hidden = chapter.parse_hidden(settings["hidden"])
    step = page.get_by_role("button", name="Step")
    for _ in range(3):
        step.click()
    js = state(page)
    assert js["epoch"] == 3
    net = Network([2, *hidden, 1], hidden=settings["activation"],
                  output="sigmoid", cost=settings["cost"], seed=settings["seed"], l2=settings["l2"])
    X, Y = np.array(config["X"]), np.array(config["Y"])
    history = sgd(net, X, Y, epochs=3, batch_size=settings["batch_size"], lr=settings["lr"], seed=chapter.SHUFFLE_SEED)
    np.testing.assert_allclose(js["cost"], history.cost, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(js["theta"], net.get_params(), rtol=1e-9, atol=1e-12)
    accuracy = float(np.mean(net.predict(X) == Y[0]))
    test_accuracy = network_accuracy(net, np.array(config["X_test"]), np.array(config["Y_test"]))
    assert js["accuracy"][-1] == accuracy and js["test_accuracy"][-1] == test_accuracy
    assert js["readout"] == (f"Epoch 3: cost {history.cost[-1]:.4f}, accuracy {100 * accuracy:.1f}%, "
                             f"test accuracy {100 * test_accuracy:.1f}%")
    # the pictures: the boundary's tint and every hidden unit's picture are nnlib's activations on the plane
    _, _, plane = plane_grid(chapter.LIM, chapter.GRID_N)
    a = list(net.forward_trace(plane).a)  # a^[0] = the plane, ..., a^[L]
    drawn = page.evaluate(f"""() => {{ const pg = {PG};
        return {{tint: Array.from(pg.tintPixels.data),
                units: pg.unitCanvases.slice(1).map(layer => layer.map(c => Array.from(
                    c.getContext('2d').getImageData(0, 0, c.width, c.height).data)))}}; }}""")
    assert [len(layer) for layer in drawn["units"]] == hidden
    region_0, region_1 = np.array([0xB3, 0xD4, 0xEA]), np.array([0xF7, 0xDD, 0xA6])
    assert_picture(drawn["tint"], region_0 + a[-1][0][:, None] * (region_1 - region_0), "the decision boundary")
    blue = np.array([0x00, 0x72, 0xB2])
    for l, layer in enumerate(drawn["units"], start=1):
        for j, pixels in enumerate(layer):
            unit = a[l][j]
            t = (unit - unit.min()) / (unit.max() - unit.min()) if unit.max() > unit.min() else 0 * unit
            assert_picture(pixels, 255 + t[:, None] * (blue - 255), f"hidden layer {l}, unit {j + 1}")
    assert not errors, errors


def assert_picture(rgba, rgb, what):
    """rgba (flat canvas pixels, top row first) shows the colours rgb (one row per grid point, the
    plane's lowest y first), each channel to within rounding."""
    n = chapter.GRID_N
    shown = np.asarray(rgba, dtype=float).reshape(n, n, 4)[::-1, :, :3].reshape(n * n, 3)
    assert np.max(np.abs(shown - rgb)) <= 0.5 + 1e-9, f"{what}: the picture differs from nnlib's activations"


def test_play_pause_resume_and_reset(playground):
    """Play trains epoch after epoch; Pause (by keyboard) stops it; Play resumes where it stopped,
    keeping the history; Step pauses and adds one epoch; changing a control starts a new run."""
    page, errors = playground
    play = page.get_by_role("button", name="Play")
    play.click()
    wait_until(page, f"() => {PG}.epoch >= 3", "three epochs of Play")
    pause = page.get_by_role("button", name="Pause")
    assert pause.get_attribute("aria-pressed") == "true"
    pause.focus()
    page.keyboard.press("Enter")
    paused = state(page)
    page.wait_for_timeout(300)
    assert state(page)["epoch"] == paused["epoch"], "training went on after Pause"
    assert play.get_attribute("aria-pressed") == "false"
    assert paused["readout"].startswith(f"Epoch {paused['epoch']}: cost ")
    play.click()
    wait_until(page, f"e => {PG}.epoch >= e + 2", "Play resuming", arg=paused["epoch"])
    page.get_by_role("button", name="Step").click()  # Step while playing: pauses, then one epoch
    after = state(page)
    page.wait_for_timeout(200)
    assert state(page)["epoch"] == after["epoch"]
    assert after["cost"][: len(paused["cost"])] == paused["cost"], "Play did not resume where it stopped"
    assert len(after["cost"]) == after["epoch"] + 1
    page.locator("#nnjs-playground").get_by_label("activation", exact=True).select_option("sigmoid")
    reset = state(page)
    assert reset["epoch"] == 0 and len(reset["cost"]) == 1 and reset["readout"].startswith("Epoch 0: cost ")
    assert not errors, errors


def test_controls_are_labelled_and_the_figures_drawn(playground):
    page, errors = playground
    box = page.locator("#nnjs-playground")
    unlabelled = box.evaluate("""el => Array.from(el.querySelectorAll('input, select, button'))
        .filter(c => !(c.labels && c.labels.length && c.labels[0].textContent.trim()) && !c.textContent.trim())
        .map(c => c.outerHTML)""")
    assert unlabelled == [], unlabelled
    assert box.locator("[aria-live]").count() == 1
    page.get_by_role("button", name="Step").click()
    assert box.locator("[aria-live]").text_content() == box.locator(".nnjs-readout").text_content()
    assert box.locator("canvas[aria-label^='hidden layer']").count() == sum(chapter.parse_hidden(P.START["hidden"]))
    colours = page.evaluate("""() => { const c = document.querySelector('#nnjs-playground canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let k = 0; k < d.length; k += 4) seen.add(d[k] * 65536 + d[k + 1] * 256 + d[k + 2]);
        return seen.size; }""")
    assert colours > 20, f"the decision boundary shows only {colours} colours"
    assert box.locator("svg polyline").count() == 2
    assert not errors, errors


@pytest.mark.parametrize("label, value, phrase", [("learning rate η", "-1", "from 0.001 to 10"),
                                                  ("batch size", "2.5", "a whole number"),
                                                  ("hidden layers", "4-9", f"up to {P.MAX_LAYERS} sizes from 1 to "
                                                                            f"{P.MAX_UNITS}"),
                                                  ("hidden layers", "2-2-2-2-2", "like 4-6-6-4, or none")])
def test_a_value_out_of_range_is_named_and_changes_nothing(playground, label, value, phrase):
    page, errors = playground
    page.get_by_role("button", name="Step").click()
    before = state(page)
    field = page.locator("#nnjs-playground").get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")
    after = state(page)
    assert after["readout"].startswith(f"{label}: ") and phrase in after["readout"], after["readout"]
    assert after["theta"] == before["theta"] and after["epoch"] == before["epoch"] == 1
    assert not errors, errors


@pytest.mark.parametrize("seed, m", [(0, 1), (0, 400), (7, 5), (2**32 - 1, 37), (123456789, 400)])
def test_the_pages_shuffle_is_nnlibs(playground, seed, m):
    """playground.js mulberry32 and shuffleOrder draw the orders of playground_data.shuffle_orders."""
    page, errors = playground
    js = page.evaluate("""async ([seed, m]) => {
        const {mulberry32, shuffleOrder} = await import('./js/playground.js');
        const next = mulberry32(seed);
        return [0, 1, 2].map(() => shuffleOrder(next, m)); }""", [seed, m])
    assert js == P.shuffle_orders(seed, m, 3)
    assert not errors, errors


def sgd_with_orders(net, X, Y, orders, batch_size, lr, seed):
    """Train net with nnlib.sgd, one epoch per order, taking the examples in that order; return the
    cost after each epoch. sgd(..., epochs=1, seed=seed) takes the columns of what it is given in
    the order own = default_rng(seed).permutation(m), so it is given X[:, q] with q[own] = order."""
    m, costs = X.shape[1], []
    for order in orders:
        own = np.random.default_rng(seed).permutation(m)
        q = np.empty(m, dtype=int)
        q[own] = order
        costs.append(sgd(net, X[:, q], Y[:, q], epochs=1, batch_size=batch_size, lr=lr, seed=seed).cost[-1])
    return costs


def test_a_run_goes_on_after_nnlibs_orders_with_the_shared_shuffle(chromium_browser, tmp_path):
    """With nnlib.sgd's orders for 2 epochs, Step goes on to epoch 5 with the orders of
    shuffle_orders, and the run is nnlib.sgd's with those orders; the readout says which orders
    are in use; Play goes on; a new setting starts a new run with the same orders again."""
    n_sgd, n_more, B, lr = 2, 3, 16, 0.3
    config = P.playground_config(seeds=(0,), order_epochs=n_sgd)
    X, Y = np.array(config["X"]), np.array(config["Y"])
    m, seed = X.shape[1], config["shuffle_seed"]
    assert seed == chapter.SHUFFLE_SEED
    with open_playground(chromium_browser, tmp_path, config) as (page, errors):
        box = page.locator("#nnjs-playground")
        set_controls(page, hidden="4-3", activation="tanh", cost="cross_entropy", lr=lr, batch_size=B, l2=0.0, seed=0)
        step, play = box.get_by_role("button", name="Step"), box.get_by_role("button", name="Play")
        for _ in range(n_sgd):
            step.click()
        assert "batch orders" not in state(page)["readout"]
        for _ in range(n_more):
            step.click()
        run = state(page)
        assert run["epoch"] == n_sgd + n_more and len(run["cost"]) == n_sgd + n_more + 1
        orders = page.evaluate(f"n => Array.from({{length: n}}, (_, e) => {PG}.order(e + 1))", n_sgd + n_more)
        assert orders == P.sgd_batch_orders(seed, m, n_sgd) + P.shuffle_orders(seed, m, n_more)
        net = Network([2, 4, 3, 1], hidden="tanh", output="sigmoid", cost="cross_entropy", seed=0)
        history = sgd(net, X, Y, epochs=n_sgd, batch_size=B, lr=lr, seed=seed)
        costs = history.cost + sgd_with_orders(net, X, Y, P.shuffle_orders(seed, m, n_more), B, lr, seed)
        np.testing.assert_allclose(run["cost"], costs, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(run["theta"], net.get_params(), rtol=1e-9, atol=1e-12)
        assert run["readout"].startswith(f"Epoch {n_sgd + n_more}: cost {costs[-1]:.4f}, ")
        assert run["readout"].endswith(f"(batch orders: nnlib.sgd's up to epoch {n_sgd}, then the page's "
                                       f"mulberry32 shuffle, seed {seed})"), run["readout"]
        play.click()
        wait_until(page, f"() => {PG}.epoch >= 12", "Play going on past the epochs nnlib gave orders for")
        box.get_by_role("button", name="Pause").click()
        assert state(page)["cost"][: len(costs)] == run["cost"]
        box.get_by_label("learning rate η", exact=True).fill("0.5")
        box.get_by_label("learning rate η", exact=True).press("Tab")
        assert state(page)["epoch"] == 0
        box.get_by_label("learning rate η", exact=True).fill(str(lr))
        box.get_by_label("learning rate η", exact=True).press("Tab")
        for _ in range(n_sgd + n_more):
            step.click()
        assert state(page) == run, "a new run did not start the shuffle again from its seed"
        assert not errors, errors


def test_the_output_works_as_jupyterlab_inserts_it(chromium_browser, tmp_path):
    """JupyterLab shows a trusted text/html output by setting it as an element's innerHTML and then
    replacing each <script> by a fresh copy (its attributes and text), which the browser runs. The
    playground's output, inserted that way into a page that has no module next to it, builds and
    trains."""
    write_output_area_page(tmp_path)
    html = P.live_playground()._repr_html_()
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, html)
            pg = "document.querySelector('#output .nnjs-playground').parentElement.playground"
            wait_until(page, f"() => document.querySelector('#output .nnjs-playground') && {pg}", "the playground")
            page.get_by_role("button", name="Step").click()
            readout = page.evaluate(f"() => [{pg}.epoch, {pg}.readout.textContent]")
        finally:
            context.close()
    assert readout[0] == 1 and readout[1].startswith("Epoch 1: cost "), readout
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
