// The batch chapter's regularisation explorer (issue 14), computed live in the page: the reader
// sets the L2 strength lambda (a log-scale slider or a typed value, 0 allowed) and chooses one of
// the ten runs; the page trains that run's 2-8-1 network (tanh hidden layer, sigmoid output,
// cross-entropy) by full-batch gradient descent on its m = 30 points, exactly as nnlib.sgd does
// (the same initial weights, epochs and learning rate), and shows the decision region on the
// plane, the squared norms of the weights and biases, and the train and test costs with the
// penalty. Plain DOM, <canvas> and SVG: the same module runs in the HTML book and in a JupyterLab
// output.
//
// Every number comes from the twin of nnlib (network.js): a step is Network.step (eq. (update))
// on the regularised cost (eq. (cost-l2)). nnlib/viz/batch.py writes the runs' data and initial
// weights into the config (explorer_config); tests/browser/test_regularisation_explorer.py checks
// every number against nnlib's run_result.

import { HIDDEN_STYLE, colourAt, element, pythonG, rgb, svg } from "./dom.js";
import { Matrix } from "./matrix.js";
import { Network } from "./network.js";

const FRAME_BUDGET_MS = 8; // training work per animation frame: the page stays responsive
const CACHE_SIZE = 64; // trainings kept, so that going back to a lambda is instant
const FIELD_N = 100, PLANE_PX = 300, PAD = 36, BAR_W = 330, BAR_H = 170;
const LINE_SHADE = 0.45; // a pixel on the boundary a = 0.5 is its colour times this
const FOCUS_CSS = ".nnjs-reg input:focus, .nnjs-reg select:focus { outline: 2px solid #000; outline-offset: 2px; }";

/** How the figure prints a number, as nnlib.viz.batch.fmt: 3 decimals (one from 100 on). */
export function fmt(x) {
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(3);
}

/** The slider's position p (0..max) as lambda: 0 at p = 0, else 10^(lo + (p - 1) / perDecade)
 *  rounded to 3 significant digits (the slider's scale is logarithmic). */
export function sliderLambda(p, { lo, per_decade: perDecade }) {
  return p === 0 ? 0 : Number((10 ** (lo + (p - 1) / perDecade)).toPrecision(3));
}

/** The slider's position nearest to lambda. */
export function sliderPosition(lam, { lo, per_decade: perDecade, positions }) {
  if (lam <= 0) return 0;
  return Math.min(positions, Math.max(1, Math.round((Math.log10(lam) - lo) * perDecade + 1)));
}

export class Regularisation {
  /**
   * root: the element to build into. config (nnlib/viz/batch.py, explorer_config): sizes, hidden,
   * output, cost, epochs, lr; runs [{X, Y, theta}] (each run's training points, (2, m) and (1, m)
   * as rows, and its initial parameters in nnlib's layout); test {X, Y}; plane (the 41 coordinates
   * of the region grid), extent, sure; lambda_range, slider {lo, per_decade, positions}; start
   * {lam, run}; norm_top, cost_top (the bars' axes); labels {norms, costs}; colours.
   */
  constructor(root, config) {
    this.config = config;
    this.runs = config.runs.map((r) => ({ X: Matrix.fromRows(r.X, "X"), Y: Matrix.fromRows(r.Y, "Y"), theta: r.theta }));
    this.test = { X: Matrix.fromRows(config.test.X, "X_test"), Y: Matrix.fromRows(config.test.Y, "Y_test") };
    const plane = config.plane, n = plane.length;
    this.planeX = new Matrix(2, n * n); // row i of the region is x2 = plane[i]: np.meshgrid's order
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        this.planeX.data[i * n + j] = plane[j];
        this.planeX.data[n * n + i * n + j] = plane[i];
      }
    }
    const E = config.extent, field = new Matrix(2, FIELD_N * FIELD_N);
    for (let i = 0; i < FIELD_N; i++) {
      for (let j = 0; j < FIELD_N; j++) {
        field.data[i * FIELD_N + j] = -E + ((j + 0.5) / FIELD_N) * 2 * E;
        field.data[FIELD_N * FIELD_N + i * FIELD_N + j] = E - ((i + 0.5) / FIELD_N) * 2 * E;
      }
    }
    this.fieldX = field;
    this.cache = new Map();
    this.job = null;
    this.build(root);
    this.lam = config.start.lam;
    this.run = config.start.run;
    this.syncControls();
    this.progress.value = 0;
    this.progressText.textContent = "not trained yet";
    this.whenNearView();
  }

  /** The start is trained when the explorer comes within a screen of the view (a page with
   *  explorers far down does no work for them while it loads). */
  whenNearView() {
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      if (!this.state && !this.job) this.set(this.lam, this.run);
    }, { rootMargin: "100% 0px" });
    observer.observe(this.box);
  }

  // --- the maths: one training and what the figure shows of it, from the twin of nnlib ------

  network(lam, run) {
    const c = this.config;
    return new Network({ sizes: c.sizes, hidden: c.hidden, output: c.output, cost: c.cost, l2: lam,
      theta: this.runs[run].theta });
  }

  /** A training in progress: steps are taken by advance(k); done when steps === epochs. */
  start(lam, run) {
    return { lam, run, net: this.network(lam, run), steps: 0 };
  }

  /** k more steps of full-batch gradient descent (eq. (update)) on the run's m points. */
  advance(job, k) {
    const { X, Y } = this.runs[job.run], end = Math.min(this.config.epochs, job.steps + k);
    for (; job.steps < end; job.steps++) job.net.step(X, Y, this.config.lr, `step ${job.steps + 1}`);
  }

  /** What the figure shows of a trained network: as nnlib.viz.batch.run_result (but the picture). */
  measure(lam, run, net) {
    const { X, Y } = this.runs[run], m = X.cols, sure = this.config.sure, L = net.L;
    const square = (M) => M.data.reduce((s, v) => s + v * v, 0);
    const weightNorms = net.W.slice(1).map(square), biasNorms = net.b.slice(1).map(square);
    const data = this.network(0, run); // the cross-entropy alone, without the penalty
    data.setParams(net.getParams());
    const train = data.forwardTrace(X), test = data.forwardTrace(this.test.X);
    const aTrain = train.a[L].data, aTest = test.a[L].data;
    const accuracy = (a, y) => a.reduce((s, v, i) => s + ((v > 0.5 ? 1 : 0) === y[i] ? 1 : 0), 0) / a.length;
    return {
      lam, run, m, weight_norms: weightNorms, bias_norms: biasNorms,
      weight_norm: weightNorms.reduce((s, v) => s + v, 0), bias_norm: biasNorms.reduce((s, v) => s + v, 0),
      penalty: net.l2Penalty(m),
      train_cost: data.costFromTrace(train, Y), test_cost: data.costFromTrace(test, this.test.Y),
      train_accuracy: accuracy(aTrain, Y.data), test_accuracy: accuracy(aTest, this.test.Y.data),
      test_sure: aTest.reduce((s, v) => s + (v < sure || v > 1 - sure ? 1 : 0), 0) / aTest.length,
      region: Array.from(net.forward(this.planeX).data),
      theta: Array.from(net.getParams()),
    };
  }

  /** The output on the canvas's FIELD_N x FIELD_N pixel centres (the picture, not compared). */
  picture(net) {
    return net.forward(this.fieldX).data;
  }

  /** Run `run` trained with L2 strength lam, at once (tests and the benchmark call it; cached). */
  result(lam, run) {
    const key = `${lam} ${run}`;
    if (!this.cache.has(key)) {
      const job = this.start(lam, run);
      this.advance(job, this.config.epochs);
      this.remember(key, { ...this.measure(lam, run, job.net), field: this.picture(job.net) });
    }
    return this.cache.get(key);
  }

  remember(key, r) {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value);
    this.cache.set(key, r);
  }

  /** Show (lam, run): at once if it was trained before, else train it in slices of about
   *  FRAME_BUDGET_MS per animation frame, showing the progress; a newer choice replaces it. */
  set(lam, run) {
    this.lam = lam;
    this.run = run;
    this.syncControls();
    const key = `${lam} ${run}`;
    if (this.cache.has(key)) {
      this.job = null;
      this.show(this.cache.get(key));
      return;
    }
    const job = (this.job = this.start(lam, run));
    const next = (work) => requestAnimationFrame(() => { if (this.job === job) work(); }); // unless replaced
    const slice = () => {
      const t0 = performance.now();
      while (job.steps < this.config.epochs && performance.now() - t0 < FRAME_BUDGET_MS) this.advance(job, 25);
      this.progress.value = job.steps;
      this.progressText.textContent = `training: ${job.steps} of ${this.config.epochs} steps`;
      next(job.steps < this.config.epochs ? slice : measure);
    };
    const measure = () => { // the numbers in one frame, the picture and the drawing in the next
      const r = this.measure(lam, run, job.net);
      next(() => {
        r.field = this.picture(job.net);
        this.job = null;
        this.remember(key, r);
        this.show(r);
      });
    };
    this.progress.value = 0;
    this.progressText.textContent = `training: 0 of ${this.config.epochs} steps`;
    this.box.setAttribute("aria-busy", "true");
    next(slice);
  }

  /** The lambda of the slider's position p. */
  lambdaAt(p) {
    return sliderLambda(p, this.config.slider);
  }

  /** True while a training runs in the page (tests wait for it). */
  get busy() {
    return this.job !== null;
  }

  // --- the page ----------------------------------------------------------------------------

  build(root) {
    const c = this.config, id = (name) => `${root.id || "nnjs-reg"}-${name}`, s = c.slider;
    this.controls = {
      slider: element("input", { type: "range", id: id("slider"), name: "lam-slider", min: 0, max: s.positions,
        step: 1, value: sliderPosition(c.start.lam, s) }),
      lam: element("input", { type: "number", id: id("lam"), name: "lam", min: c.lambda_range[0],
        max: c.lambda_range[1], step: "any", value: c.start.lam, required: "" }),
      run: element("select", { id: id("run"), name: "run" },
        c.runs.map((_, k) => element("option", { value: k }, [`run ${k}`]))),
    };
    this.controls.run.value = String(c.start.run);
    const control = (text, input) => element("span", { style: "display: inline-block; margin: 0 1.2em 0.4em 0" },
      [element("label", { for: input.id }, [text]), " ", input]);
    this.title = element("p", { class: "nnjs-reg-title", style: "font-weight: bold; font-variant-numeric: tabular-nums" });
    this.readout = element("p", { class: "nnjs-readout", style: "font-variant-numeric: tabular-nums" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.progress = element("progress", { max: c.epochs, value: c.epochs, id: id("progress") });
    this.progressText = element("span", {}, [""]);
    this.buildPlane();
    Regularisation.count = (Regularisation.count || 0) + 1;
    this.hatchId = `nnjs-reg-hatch-${Regularisation.count}`; // unique in the page
    this.bars = svg("svg", { width: BAR_W, height: 2 * BAR_H, role: "img", class: "nnjs-reg-bars" });
    const m = c.runs[0].X[0].length;
    this.box = element("div", { class: "nnjs-reg" }, [
      element("style", {}, [FOCUS_CSS]),
      element("p", { class: "nnjs-reg-description" }, [
        `Choose λ with the slider (a logarithmic scale from 0 to ${c.lambda_range[1]}) or type it, and choose the ` +
        `run: the page trains that run's ${c.sizes.join("-")} network on its m = ${m} points, ${c.epochs} steps ` +
        `of gradient descent with η = ${c.lr}, as nnlib does. Left: the output a[2] over the plane (pale blue ` +
        `towards 0, pale orange towards 1), the decision boundary a[2] = 0.5 as a dark line, and the training ` +
        `points (outer circle: blue dots, inner circle: orange diamonds). Right: the squared norms of the ` +
        `weights (blue, solid) and biases (green, hatched), and the train cost, test cost (on ` +
        `${c.test.Y[0].length.toLocaleString("en")} fresh points) and L2 penalty, each bar labelled with its name and value.`]),
      element("fieldset", {}, [
        element("legend", {}, ["The regularisation strength λ and the run"]),
        control("λ (log scale)", this.controls.slider), control("λ", this.controls.lam),
        control("run (training points and initial weights)", this.controls.run),
      ]),
      element("p", { style: "margin: 0.2em 0" }, [element("label", { for: this.progress.id }, ["training"]), " ",
        this.progress, " ", this.progressText]),
      this.title, this.status,
      element("div", { style: "display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start" },
        [this.planeBox, this.bars]),
      this.readout,
    ]);
    root.append(this.box);
    // JupyterLab's shortcuts (arrow keys move between cells) would cancel the keys' default on the
    // slider, the number field and the menu: the explorer keeps its keys to itself
    this.box.addEventListener("keydown", (e) => e.stopPropagation());
    const { slider, lam, run } = this.controls;
    slider.addEventListener("input", () => this.set(this.lambdaAt(Number(slider.value)), this.run));
    lam.addEventListener("input", () => this.fromField());
    run.addEventListener("change", () => this.set(this.lam, Number(run.value)));
  }

  /** The plane: the output on a canvas, and over it an SVG with the axes and the training points. */
  buildPlane() {
    const E = this.config.extent, size = PLANE_PX + 2 * PAD;
    this.toX = (x) => PAD + ((x + E) / (2 * E)) * PLANE_PX;
    this.toY = (y) => PAD + ((E - y) / (2 * E)) * PLANE_PX;
    this.canvas = element("canvas", { width: FIELD_N, height: FIELD_N, role: "img",
      "aria-label": "the network's output a[2] over the plane as colour",
      style: `position: absolute; left: ${PAD}px; top: ${PAD}px; width: ${PLANE_PX}px; height: ${PLANE_PX}px` });
    this.points = svg("g", {});
    const ticks = [];
    for (const v of [-E, -E / 2, 0, E / 2, E]) {
      ticks.push(svg("text", { x: this.toX(v), y: PAD + PLANE_PX + 14, "text-anchor": "middle", "font-size": 11 }, [pythonG(v)]));
      ticks.push(svg("text", { x: PAD - 4, y: this.toY(v) + 4, "text-anchor": "end", "font-size": 11 }, [pythonG(v)]));
    }
    this.plane = svg("svg", { width: size, height: size + 18, role: "img", class: "nnjs-reg-plane",
      style: "position: absolute; left: 0; top: 0" }, [
      svg("rect", { x: PAD, y: PAD, width: PLANE_PX, height: PLANE_PX, fill: "none", stroke: "#888" }),
      svg("text", { x: PAD, y: 14, "font-size": 12 }, ["output a[2] on the plane; dark line: a[2] = 0.5"]),
      ...ticks,
      svg("text", { x: PAD + PLANE_PX / 2, y: size - 4, "text-anchor": "middle", "font-size": 12 }, ["x₁"]),
      svg("text", { x: 10, y: PAD + PLANE_PX / 2, "text-anchor": "middle", "font-size": 12 }, ["x₂"]),
      this.points,
      svg("text", { x: PAD, y: size + 14, "font-size": 12 }, ["● outer circle (y = 0)   ◆ inner circle (y = 1)"]),
    ]);
    this.planeBox = element("div", { style: `position: relative; width: ${size}px; height: ${size + 18}px` },
      [this.canvas, this.plane]);
  }

  /** The number field changed: take its value, or say why not. */
  fromField() {
    const input = this.controls.lam;
    if (!input.checkValidity() || input.value === "") {
      this.say(`λ: ${input.validationMessage || "enter a number"} (from ${input.min} to ${input.max}). ` +
        "The figure was not changed.");
      return;
    }
    this.set(Number(input.value), this.run);
  }

  /** The controls show (this.lam, this.run), whichever of them was moved. */
  syncControls() {
    const { slider, lam, run } = this.controls, s = this.config.slider;
    if (document.activeElement !== lam) lam.value = String(this.lam);
    if (sliderLambda(Number(slider.value), s) !== this.lam) slider.value = String(sliderPosition(this.lam, s));
    slider.setAttribute("aria-valuetext", `λ = ${pythonG(this.lam)}`);
    run.value = String(this.run);
  }

  /** The title (as nnlib.viz.batch.regularisation_title) and the readout of a result. */
  texts(r) {
    const title = `λ = ${pythonG(r.lam)}, run ${r.run}:  Σ‖W‖² = ${fmt(r.weight_norm)},  train cost ` +
      `${fmt(r.train_cost)},  test cost ${fmt(r.test_cost)},  test accuracy ${(100 * r.test_accuracy).toFixed(1)} %`;
    const [n, c] = [this.config.labels.norms, this.config.labels.costs];
    const readout = `${n[0]} = ${fmt(r.weight_norms[0])}, ${n[1]} = ${fmt(r.weight_norms[1])}, ` +
      `${n[2]} = ${fmt(r.bias_norms[0])}, ${n[3]} = ${fmt(r.bias_norms[1])}; ${c[0]} ${fmt(r.train_cost)}, ` +
      `${c[1]} ${fmt(r.test_cost)}, ${c[2]} ${fmt(r.penalty)}; train accuracy ${(100 * r.train_accuracy).toFixed(1)} %, ` +
      `test accuracy ${(100 * r.test_accuracy).toFixed(1)} %.`;
    return { title, readout };
  }

  say(text) {
    this.readout.textContent = text;
    this.status.textContent = text;
  }

  /** Screen readers hear the title and readout once the choice has rested for a moment. */
  announce() {
    clearTimeout(this.announcing);
    this.announcing = setTimeout(() => {
      this.status.textContent = `${this.title.textContent} ${this.readout.textContent}`;
    }, 300);
  }

  show(r) {
    this.state = r;
    const { title, readout } = this.texts(r);
    this.title.textContent = title;
    this.readout.textContent = readout;
    this.progress.value = this.config.epochs;
    this.progressText.textContent = `trained: ${this.config.epochs} steps`;
    this.box.setAttribute("aria-busy", "false");
    this.drawField(r);
    this.drawPoints(r.run);
    this.drawBars(r);
    this.plane.setAttribute("aria-label", `The plane from ${-this.config.extent} to ${this.config.extent} in both ` +
      `directions, shaded by the output of the network trained with λ = ${pythonG(r.lam)} on run ${r.run}'s points; ` +
      `test accuracy ${(100 * r.test_accuracy).toFixed(1)} %`);
    this.announce();
  }

  /** The output on the canvas: pale blue (0), white (0.5), pale orange (1); the boundary dark. */
  drawField(r) {
    const n = FIELD_N, a = r.field, lut = this.colours();
    const ctx = this.canvas.getContext("2d"), image = ctx.createImageData(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const k = i * n + j, side = a[k] > 0.5;
        const edge = (j + 1 < n && (a[k + 1] > 0.5) !== side) || (i + 1 < n && (a[k + n] > 0.5) !== side);
        const c = 4 * Math.round(255 * Math.min(1, Math.max(0, a[k]))) + (edge ? 1024 : 0);
        image.data.set(lut.subarray(c, c + 4), 4 * k);
      }
    }
    ctx.putImageData(image, 0, 0);
  }

  /** RGBA of the output a = t / 255 at 4 t, and darkened (the boundary) at 1024 + 4 t. */
  colours() {
    if (!this.lut) {
      const scale = this.config.colours.region.map(([t, hex]) => [t, rgb(hex)]);
      this.lut = new Uint8ClampedArray(2048);
      for (let t = 0; t < 256; t++) {
        const colour = colourAt(scale, t / 255, 0, 1);
        this.lut.set([...colour, 255], 4 * t);
        this.lut.set([...colour.map((v) => Math.round(LINE_SHADE * v)), 255], 1024 + 4 * t);
      }
    }
    return this.lut;
  }

  drawPoints(run) {
    const { X, Y } = this.config.runs[run], col = this.config.colours;
    this.points.replaceChildren(...X[0].map((x1, i) => {
      const cx = this.toX(x1), cy = this.toY(X[1][i]);
      return Y[0][i] === 1
        ? svg("path", { d: `M ${cx} ${cy - 6} L ${cx + 5} ${cy} L ${cx} ${cy + 6} L ${cx - 5} ${cy} z`,
          fill: col.inner, stroke: col.grey, "stroke-width": 0.7 })
        : svg("circle", { cx, cy, r: 4, fill: col.outer, stroke: "white", "stroke-width": 0.7 });
    }));
  }

  /** Two bar charts: the squared norms (top) and the costs (bottom), each bar named and valued. */
  drawBars(r) {
    const c = this.config, col = c.colours, hatch = this.hatchId;
    const panel = (top, title, names, values, fills, axisTop, digits) => {
      const h = BAR_H - 60, w = (BAR_W - PAD - 10) / names.length, base = top + 30 + h;
      const parts = [
        svg("text", { x: PAD, y: top + 14, "font-size": 12 }, [title]),
        svg("line", { x1: PAD, y1: base, x2: BAR_W - 10, y2: base, stroke: "#888" }),
      ];
      values.forEach((v, k) => {
        const bh = (Math.min(v, axisTop) / axisTop) * h, x = PAD + k * w + 0.15 * w;
        parts.push(svg("rect", { x, y: base - bh, width: 0.7 * w, height: bh, fill: fills[k], stroke: col.grey }),
          svg("text", { x: x + 0.35 * w, y: base - bh - 4, "text-anchor": "middle", "font-size": 11 },
            [`${v.toFixed(digits)}${v > axisTop ? " ↑" : ""}`]),
          svg("text", { x: x + 0.35 * w, y: base + 14, "text-anchor": "middle", "font-size": 11 }, [names[k]]));
      });
      return parts;
    };
    this.bars.setAttribute("aria-label", `Bars: ${this.readout.textContent}`);
    this.bars.replaceChildren(
      svg("defs", {}, [svg("pattern", { id: hatch, width: 6, height: 6, patternUnits: "userSpaceOnUse",
        patternTransform: "rotate(45)" }, [svg("rect", { width: 6, height: 6, fill: col.bias }),
        svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "white", "stroke-width": 2 })])]),
      ...panel(0, "squared norms of the parameters", c.labels.norms, [...r.weight_norms, ...r.bias_norms],
        [col.weight, col.weight, `url(#${hatch})`, `url(#${hatch})`], c.norm_top, 1),
      ...panel(BAR_H, "costs (cross-entropy, averaged)", c.labels.costs, [r.train_cost, r.test_cost, r.penalty],
        [col.train, col.test, col.penalty], c.cost_top, 3),
    );
  }

}

/** Build the explorer into root from the JSON config nnlib wrote; returns it (root.regularisation too). */
export function mountRegularisation(root, config) {
  root.regularisation = new Regularisation(root, config);
  return root.regularisation;
}
