"""Time the page's JavaScript twin of nnlib (nnlib/viz/js) in Chromium: one update per case.

An update is what a live interactive computes per frame: forward pass, backward pass and one SGD
step on a batch (or a whole epoch of mini-batches, or the forward pass over a decision-boundary
grid), for the book's networks with nnlib's initial weights and data; and the circles
playground's frame in its own page (one epoch, then the boundary and the curves redrawn), and each
explorer's update in its own page (the regularisation and SGD explorers' trainings are spread over
frames: both one frame and the whole training are shown). Each case runs RUNS times
after a warm-up; the table shows the median and the worst time per update against the target of
<= 16 ms (60 frames a second) on this machine.

    .venv/bin/python benchmarks/js_speed.py [--runs N]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from nnlib import Network, circles  # noqa: E402
from nnlib.viz import activation_cost, batch, chain_rule, circles as circles_chapter, delta_rule, graphs, sgd  # noqa: E402
from nnlib.viz import digits, gradient_descent, pipeline  # noqa: E402
from nnlib.viz import gradient_checking  # noqa: E402
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from nnlib.viz.playground_data import playground_config, playground_html  # noqa: E402
from tests.browser.nnjs_page import NNJS, open_nnjs, serve_folder  # noqa: E402

TARGET_MS = 16.0
WARMUP = 50


def grid(n, lim=1.5):
    """The n x n points of the plane [-lim, lim]^2 as a (2, n^2) batch: a decision boundary's inputs."""
    xs = np.linspace(-lim, lim, n)
    gx, gy = np.meshgrid(xs, xs)
    return np.vstack([gx.ravel(), gy.ravel()])


def cases():
    """(label, network, X, Y, kind, batch_size, lr): kind "step" (one step on the batch X, Y),
    "epoch" (mini-batches of batch_size over X, Y) or "forward" (a^[L] of X)."""
    batch_X, batch_Y = batch.training_set(0)
    batch_net = Network(list(batch.SIZES), hidden=batch.HIDDEN, output=batch.OUTPUT, cost=batch.COST, l2=0.1)
    play = circles_chapter.make_network("4-4", "tanh")
    play_X, play_Y = circles(200, noise=circles_chapter.NOISE, seed=0)
    main = circles_chapter.make_network(circles_chapter.HIDDEN, "relu")
    main_X, main_Y, _, _ = circles_chapter.circles_data()
    return [
        ("batch: 2-8-1 tanh, 30 points, one step", batch_net, batch_X, batch_Y, "step", None, batch.LR),
        ("playground: 2-4-4-1 tanh, 200 points, one step", play, play_X, play_Y, "step", None, 0.3),
        ("playground: 2-4-4-1 tanh, 200 points, epoch B=10", play, play_X, play_Y, "epoch", 10, 0.3),
        ("circles: 2-4-6-6-4-1 relu, 1000 points, epoch B=16", main, main_X, main_Y, "epoch", 16, 0.3),
        ("boundary: 2-4-4-1 tanh, 60x60 grid, forward", play, grid(60), None, "forward", None, None),
        ("boundary: 2-4-6-6-4-1 relu, 60x60 grid, forward", main, grid(60), None, "forward", None, None),
    ]


TIME_IN_PAGE = """([spec, theta, X, Y, kind, batchSize, lr, runs, warmup]) => {
    const net = new nn.Network({...spec, theta});
    X = nn.Matrix.fromRows(X);
    Y = Y && nn.Matrix.fromRows(Y);
    const order = Array.from({length: X.cols}, (_, i) => i);
    const update = {
        step: () => net.step(X, Y, lr),
        epoch: () => net.epoch(X, Y, order, batchSize, lr),
        forward: () => net.forward(X),
    }[kind];
    const times = [];
    for (let k = 0; k < warmup + runs; k++) {
        const start = performance.now();
        update();
        if (k >= warmup) times.push(performance.now() - start);
    }
    return {times, isolated: self.crossOriginIsolated};
}"""


TIME_PLAYGROUND_FRAME = """([runs, warmup]) => {
    const pg = document.getElementById('nnjs-playground').playground;
    const times = [];
    for (let k = 0; k < warmup + runs; k++) {
        if (pg.epoch === pg.orders.length) pg.reset(); // frames of the chapter's epochs (a run goes on past them)
        const start = performance.now();
        pg.trainEpoch();
        pg.draw();
        if (k >= warmup) times.push(performance.now() - start);
    }
    const s = pg.settings;
    return {times, isolated: self.crossOriginIsolated,
            label: `playground frame: 2-${s.sizes.slice(1, -1).join('-')}-1 ${s.hidden}, ${pg.X.cols} points, ` +
                   `epoch B=${s.batchSize} + redraw`};
}"""


TIME_DELTA_RULE_UPDATE = """([runs, warmup]) => {
    const d = document.querySelector('.nnjs-explorer').deltaRule, times = [];
    for (let k = 0; k < warmup + runs; k++) {
        const h = d.handles[k % d.handles.length];
        const start = performance.now();
        d.setWeight(h.l, h.j, h.k, -3 + 6 * ((k * 0.37) % 1)); // a drag's move: one weight, everything redrawn
        d.step = k % d.config.steps.length;
        d.update();
        if (k >= warmup) times.push(performance.now() - start);
    }
    return {times, isolated: self.crossOriginIsolated,
            label: `delta-rule explorer: ${d.config.sizes.join('-')} diagram, a weight moved + redraw`};
}"""


TIME_CHAIN_RULE_UPDATE = """([runs, warmup]) => {
    const e = document.querySelector('.nnjs-explorer').chainExplorer, times = [];
    for (let k = 0; k < warmup + runs; k++) {
        const u = (k * 0.37) % 1, start = performance.now();
        if (k % 3 === 0) e.moveTo(-4 + 8 * u, e.delta); // a drag of p's value: numbers and plot redrawn
        else if (k % 3 === 1) e.moveTo(e.values[e.param], -1 + 2 * u); // a drag of the nudge
        else e.set({...e.values, w3: -4 + 8 * u}); // another value typed: the curve C0(p) recomputed too
        if (k >= warmup) times.push(performance.now() - start);
    }
    return {times, isolated: self.crossOriginIsolated,
            label: 'chain-rule explorer: 1-1-1-1 chain, p, Δ or another value moved + redraw'};
}"""


TIME_GRAPH_UPDATE = """([runs, warmup]) => {
    const roots = document.querySelectorAll('.nnjs-explorer'), times = [];
    for (let k = 0; k < warmup + runs; k++) {
        const g = roots[k % roots.length].graphExplorer, u = (k * 0.37) % 1, start = performance.now();
        g.step = k % g.config.steps.length; // a drag's move: one input, every value and gradient recomputed + redraw
        g.setInput(k % g.inputs.length, -3 + 6 * u);
        if (k >= warmup) times.push(performance.now() - start);
    }
    return {times, isolated: self.crossOriginIsolated,
            label: 'graph explorers: (a + b) c and the one-neuron loss, an input moved + redraw'};
}"""


TIME_REGULARISATION = """([runs, warmup]) => {
    // A new (lambda, run) is trained as the page does it (Regularisation.set): slices of steps of
    // about 8 ms, one per animation frame, then the numbers in one frame, the picture and the
    // redraw in the next. Timed here back to back: each frame's work, and each whole training.
    const e = document.querySelector('.nnjs-explorer').regularisation, frames = [], totals = [];
    const n = Math.max(20, Math.round(runs / 10));
    for (let k = 0; k < n + 5; k++) {
        const lam = 10 ** (-3 + 4 * ((k * 0.37) % 1)), run = k % e.runs.length, job = e.start(lam, run);
        const mine = [];
        while (job.steps < e.config.epochs) {
            const t0 = performance.now();
            while (job.steps < e.config.epochs && performance.now() - t0 < 8) e.advance(job, 25);
            mine.push(performance.now() - t0);
        }
        let t0 = performance.now();
        const r = e.measure(lam, run, job.net);
        mine.push(performance.now() - t0);
        t0 = performance.now();
        r.field = e.picture(job.net);
        e.show(r);
        mine.push(performance.now() - t0);
        if (k >= 5) { frames.push(...mine); totals.push(mine.reduce((a, b) => a + b, 0)); }
    }
    const m = e.runs[0].X.cols, c = e.config;
    return {isolated: self.crossOriginIsolated, rows: [
        {times: frames, label: `regularisation explorer: one frame of a training (${c.sizes.join('-')}, m = ${m}; ` +
                               'a slice of steps, the numbers, or the picture + redraw)'},
        {times: totals, label: `regularisation explorer: a whole new training (${c.epochs} full-batch steps, ` +
                               `numbers, picture, redraw), spread over frames`}]};
}"""


TIME_SGD = """([runs, warmup]) => {
    // A new (B, eta) is trained as the page does it (SGDExplorer.set): the runs' steps in slices of
    // about 8 ms, one per animation frame, then the drawing. Timed here back to back: each frame's
    // work, and each whole training (the seed's run with its costs, the full batch, 19 more runs).
    const e = document.querySelector('.nnjs-explorer').sgd, frames = [], totals = [];
    const n = Math.max(20, Math.round(runs / 10)), sizes = e.config.batch_sizes;
    for (let k = 0; k < n + 5; k++) {
        const B = sizes[k % sizes.length], lr = 10 ** (-1 + 1.6 * ((k * 0.37) % 1)), job = e.train(B, lr), mine = [];
        let step;
        do {
            const t0 = performance.now();
            do step = job.next(); while (!step.done && performance.now() - t0 < 8);
            mine.push(performance.now() - t0);
        } while (!step.done);
        const t0 = performance.now();
        e.show(step.value);
        mine.push(performance.now() - t0);
        if (k >= 5) { frames.push(...mine); totals.push(mine.reduce((a, b) => a + b, 0)); }
    }
    return {isolated: self.crossOriginIsolated, rows: [
        {times: frames, label: `SGD explorer: one frame of a training (1-1 neuron, m = ${e.m}, B in ` +
                               `${sizes.join('/')}; a slice of steps, or the redraw)`},
        {times: totals, label: `SGD explorer: a whole new training (${e.config.run_seeds.length + 1} runs of ` +
                               `${e.config.epochs} epochs, costs after every step of two), spread over frames`}]};
}"""


TIME_ACT_COST_UPDATE = """([runs, warmup]) => {
    const e = document.querySelector('.nnjs-explorer').activationCost, times = [];
    const names = e.config.activations.map(([n]) => n), costs = e.config.costs.map(([c]) => c);
    for (let k = 0; k < warmup + runs; k++) {
        const u = (k * 0.37) % 1, start = performance.now();
        if (k % 3) e.moveTo(-5 + 10 * u); // a drag's move: the numbers, the markers and the readout redrawn
        else e.set(names[k % names.length], costs[k % costs.length], e.z, (k * 0.61) % 1); // a choice or y: every curve too
        if (k >= warmup) times.push(performance.now() - start);
    }
    return {times, isolated: self.crossOriginIsolated,
            label: 'activation/cost explorer: 1-1-1 network, z[1] dragged or g, cost, y changed + redraw'};
}"""


TIME_GRADIENT_CHECK = """([runs, warmup]) => {
    const e = document.querySelector('.nnjs-explorer').gradientCheck, moves = [], choices = [], cold = [];
    const names = e.config.implementations.map(([n]) => n), lambdas = e.config.lambdas;
    for (let k = 0; k < warmup + runs; k++) {
        let start = performance.now(); // a drag's move: the finite differences at the new eps + redraw
        e.moveTo(10 ** (-13 + 12 * ((k * 0.37) % 1)));
        if (k >= warmup) moves.push(performance.now() - start);
        start = performance.now(); // another backprop or lambda (its curve cached after its first use)
        e.set(names[k % names.length], e.eps, lambdas[k % 2]);
        if (k >= warmup) choices.push(performance.now() - start);
        if (k % 10 === 0) {
            start = performance.now(); // at load: the differences at the curve's eps for both lambdas
            e.cache.clear();
            e.prepare();
            e.set(e.name, e.eps, e.lam);
            if (k >= warmup) cold.push(performance.now() - start);
        }
    }
    const n = e.config.names.length, row = (times, label) => ({times, label, isolated: self.crossOriginIsolated});
    return {rows: [row(moves, `gradient-check explorer: ${e.config.sizes.join('-')} net, eps moved (${2 * n} costs) + redraw`),
                   row(choices, 'gradient-check explorer: another backprop or lambda + redraw'),
                   row(cold, `gradient-check explorer: once at load (${2 * 2 * n * e.config.eps_curve.length} costs for the curves)`)]};
}"""


TIME_NEURON_UPDATE = """([runs, warmup]) => {
    const e = document.querySelector('.nnjs-explorer').explorer, times = [];
    for (let k = 0; k < warmup + runs; k++) {
        const start = performance.now(); // a drag's move: the cost, its derivatives, the curve + redraw
        e.moveTo(-2 + 8 * ((k * 0.37) % 1), -10 + 12 * ((k * 0.61) % 1));
        if (k >= warmup) times.push(performance.now() - start);
    }
    return {times, isolated: self.crossOriginIsolated,
            label: 'pipeline explorer: 1-1 neuron, 8 students, (w, b) moved + redraw'};
}"""


TIME_DESCENT_UPDATE = """([runs, warmup]) => {
    const e = document.querySelector('.nnjs-explorer').explorer, times = [];
    for (let k = 0; k < warmup + runs; k++) {
        const u = (k * 0.37) % 1, start = performance.now();
        if (k % 2) e.moveTo(-2 + 8 * u, -8 + 8 * ((k * 0.61) % 1)); // a drag of the start: the path recomputed
        else e.set(e.w, e.b, 10 ** (-2 + 4 * u)); // a new learning rate: the path recomputed
        if (k >= warmup) times.push(performance.now() - start);
    }
    return {times, isolated: self.crossOriginIsolated,
            label: `gradient-descent explorer: ${e.config.steps} steps of the 1-1 neuron, start or η moved + redraw`};
}"""


TIME_DIGIT_UPDATE = """([runs, warmup]) => {
    const e = document.querySelector('.nnjs-explorer').digitExplorer, times = [], n = e.side * e.side;
    for (let k = 0; k < warmup + runs; k++) {
        const start = performance.now();
        if (k % 2) e.setNoise((k * 0.37) % 1); // the noise moved: image, forward pass, every bar redrawn
        else { e.ink = 1 - e.ink; e.paint((k * 7) % n); } // a pixel drawn: the same
        if (k >= warmup) times.push(performance.now() - start);
    }
    return {times, isolated: self.crossOriginIsolated,
            label: `digit explorer: ${e.config.sizes.join('-')} trained net, noise moved or a pixel drawn + redraw`};
}"""


def time_in_own_page(browser, html, ready, timer, runs, errors):
    """Time an explorer's update in a page holding only its output html: timer(runs, warmup) in the page."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "index.html").write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                                                 f'<title>benchmark</title></head><body>{html}</body></html>',
                                                 encoding="utf8")
        with serve_folder(Path(folder)) as url:
            page = browser.new_context().new_page()
            page.on("pageerror", lambda e: errors.append(f"uncaught exception: {e}"))
            page.goto(url, wait_until="load")
            page.wait_for_function(ready)
            return page.evaluate(timer, [runs, WARMUP])


def spec(net):
    return dict(sizes=net.sizes, hidden=net.hidden.name, output=net.output.name, cost=net.cost_function.name,
                l2=net.l2)


def main(runs):
    from playwright.sync_api import sync_playwright

    errors = []
    with serve_folder(NNJS) as base_url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = open_nnjs(browser.new_context(), base_url, errors)
        rows = []
        for label, net, X, Y, kind, batch_size, lr in cases():
            out = page.evaluate(TIME_IN_PAGE, [spec(net), net.get_params().tolist(), X.tolist(),
                                               None if Y is None else Y.tolist(), kind, batch_size, lr, runs, WARMUP])
            rows.append((label, *np.percentile(out["times"], [50, 99, 100]), out["isolated"]))
        own_pages = [  # the playground's frame and the explorers' updates, each in its own page
            (playground_html(playground_config()), "() => document.getElementById('nnjs-playground').playground",
             TIME_PLAYGROUND_FRAME),
            (delta_rule.delta_explorer()._repr_html_(), "() => document.querySelector('.nnjs-explorer').deltaRule",
             TIME_DELTA_RULE_UPDATE),
            (chain_rule.chain_explorer()._repr_html_(), "() => document.querySelector('.nnjs-explorer').chainExplorer",
             TIME_CHAIN_RULE_UPDATE),
            (graphs.sum_times_explorer()._repr_html_() + graphs.neuron_graph_explorer()._repr_html_(),
             "() => Array.from(document.querySelectorAll('.nnjs-explorer')).every(r => r.graphExplorer)",
             TIME_GRAPH_UPDATE),
        ]
        own_pages.append((activation_cost.act_cost_explorer()._repr_html_(),
                          "() => document.querySelector('.nnjs-explorer').activationCost", TIME_ACT_COST_UPDATE))
        own_pages.append((gradient_checking.check_explorer()._repr_html_(),
                          "() => document.querySelector('.nnjs-explorer').gradientCheck", TIME_GRADIENT_CHECK))
        own_pages.append((batch.regularisation_explorer()._repr_html_(),
                          "() => document.querySelector('.nnjs-explorer').regularisation", TIME_REGULARISATION))
        own_pages.append((sgd.sgd_explorer()._repr_html_(), "() => document.querySelector('.nnjs-explorer').sgd",
                          TIME_SGD))
        own_pages.append((pipeline.neuron_explorer()._repr_html_(),
                          "() => document.querySelector('.nnjs-explorer').explorer", TIME_NEURON_UPDATE))
        own_pages.append((gradient_descent.descent_explorer()._repr_html_(),
                          "() => document.querySelector('.nnjs-explorer').explorer", TIME_DESCENT_UPDATE))
        own_pages.append((digits.digit_explorer()._repr_html_(),
                          "() => document.querySelector('.nnjs-explorer').digitExplorer", TIME_DIGIT_UPDATE))
        for html, ready, timer in own_pages:
            out = time_in_own_page(browser, html, ready, timer, runs, errors)
            for row in out.get("rows", [out]):
                rows.append((row["label"], *np.percentile(row["times"], [50, 99, 100]), row.get("isolated", out.get("isolated"))))
        browser.close()
    if errors:
        raise SystemExit("the page reported errors:\n" + "\n".join(errors))
    width = max(len(r[0]) for r in rows)
    print(f"JavaScript twin of nnlib in Chromium ({CHROMIUM}), {runs} runs per case after {WARMUP} warm-up runs; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'update':<{width}}  {'median ms':>9}  {'99% ms':>7}  {'worst ms':>8}  target <= {TARGET_MS:g} ms")
    for label, median, p99, worst, _ in rows:
        verdict = "ok" if worst <= TARGET_MS else ("median ok, worst over" if median <= TARGET_MS else "OVER")
        print(f"{label:<{width}}  {median:9.3f}  {p99:7.3f}  {worst:8.3f}  {verdict}")
    print("(worst: the slowest single update, which includes garbage collection and the other work "
          "of this shared machine; 99%: 99 in 100 updates are faster)")
    if not all(r[-1] for r in rows):
        print("(the page was not cross-origin isolated: times are rounded to 0.1 ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="timed updates per case (default 300)")
    main(parser.parse_args().runs)
