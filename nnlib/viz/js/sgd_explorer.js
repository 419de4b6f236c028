// The SGD chapter's mini-batch explorer (issue 14), computed live in the page: the reader chooses
// the batch size B and the learning rate η (a log-scale slider or a typed value); the page trains
// the sigmoid neuron a = sigma(w x + b) on the 200 students from the start (w, b) as nnlib.sgd
// does, for the chapter's epochs, with nnlib's batch orders, and shows on the contour map of the
// cost the path of one run (shuffling seed `seed`) and of full-batch gradient descent with the
// same η, the full-batch cost along both against the examples processed, and the final costs of
// the runs of every shuffling seed. Plain DOM, <canvas> and SVG: the same module runs in the HTML
// book and in a JupyterLab output.
//
// Every number comes from the twin of nnlib (network.js): a step is Network.step (eq. (update)) on
// a mini-batch, the cost is Network.cost on all 200 students (eq. (cost-quadratic)).
// nnlib/viz/sgd.py writes the data, the start, nnlib.sgd's batch orders for every seed and the
// colours into the config (explorer_config); tests/browser/test_sgd_explorer.py checks every
// number against nnlib's sgd_path and runs.

import { computeField, paintField } from "./contour_map.js";
import { HIDDEN_STYLE, element, pythonG, svg } from "./dom.js";
import { Matrix, columns } from "./matrix.js";
import { Network } from "./network.js";
import { decodeOrders } from "./playground.js";

const FRAME_BUDGET_MS = 8; // training work per animation frame: the page stays responsive
const CACHE_SIZE = 32; // trainings kept, so that going back to a setting is instant
const FIELD_N = 160, FIELD_ROWS_PER_TASK = 16, MAP_PX = 320, PAD = 40, COST_W = 360, COST_H = 250;
const FOCUS_CSS = ".nnjs-sgd input:focus, .nnjs-sgd select:focus { outline: 2px solid #000; outline-offset: 2px; }";

/** The slider's position p as η: 10^(lo + p / perDecade), rounded to 3 significant digits. */
export function sliderRate(p, { lo, per_decade: perDecade }) {
  return Number((10 ** (lo + p / perDecade)).toPrecision(3));
}

/** The slider's position nearest to η. */
export function sliderPosition(lr, { lo, per_decade: perDecade, positions }) {
  return Math.min(positions, Math.max(0, Math.round((Math.log10(lr) - lo) * perDecade)));
}

export class SGDExplorer {
  /**
   * root: the element to build into. config (nnlib/viz/sgd.py, explorer_config): X, Y (1, m) as
   * rows; start_point [w, b]; epochs; seed (the run drawn) and run_seeds; orders {seed: nnlib.sgd's
   * batch orders, encoded as playground_data.encode_orders}; batch_sizes; lr_range; slider {lo,
   * per_decade, positions}; start {batch_size, lr}; w_range, b_range, contours, lowest {w, b, cost};
   * cost_top; markers_max (paths with at most this many steps show their points); colours.
   */
  constructor(root, config) {
    this.config = config;
    this.X = Matrix.fromRows(config.X, "X");
    this.Y = Matrix.fromRows(config.Y, "Y");
    this.m = this.X.cols;
    this.orders = Object.fromEntries(Object.entries(config.orders).map(([s, o]) => [s, decodeOrders(o)]));
    this.whole = this.neuron(0, 0); // the full-batch cost at any (w, b)
    this.cache = new Map();
    this.job = null;
    this.build(root);
    this.whenNearView();
    this.batchSize = config.start.batch_size;
    this.lr = config.start.lr;
    this.syncControls();
    this.show(this.result(this.batchSize, this.lr));
  }

  // --- the maths: the runs and what the figure shows of them, from the twin of nnlib ----------

  neuron(w, b) {
    return new Network({ sizes: [1, 1], output: "sigmoid", cost: "quadratic", theta: [w, b] });
  }

  /** The full-batch cost C(w, b) on all m students. */
  cost(w, b) {
    this.whole.setParams([w, b]);
    return this.whole.cost(this.X, this.Y);
  }

  /** One run of nnlib.sgd from the start (batch size B, rate lr, the orders of seed), a generator
   *  that yields every few steps (so that a training can be cut into frames) and returns
   *  {w, b, examples, cost} after every step, or, if !whole, only the final cost {end}. */
  *run(B, lr, seed, whole) {
    const net = this.neuron(...this.config.start_point), path = { w: [], b: [], examples: [], cost: [] };
    let examples = 0;
    const record = () => {
      const [w, b] = net.getParams();
      path.w.push(w);
      path.b.push(b);
      path.examples.push(examples);
      path.cost.push(this.cost(w, b));
    };
    if (whole) record();
    for (const [e, order] of this.orders[seed].entries()) {
      for (let start = 0, step = 1; start < this.m; start += B, step++) {
        const batch = order.slice(start, start + B);
        net.step(columns(this.X, batch), columns(this.Y, batch), lr, `epoch ${e + 1}, step ${step}`);
        examples += batch.length;
        if (whole) record();
        if (whole || step % 10 === 0) yield;
      }
    }
    return whole ? path : { end: this.cost(...net.getParams()) };
  }

  /** Everything the figure shows for (B, lr), a generator (yields inside the runs): the run of
   *  seed `seed` and the full-batch run with their paths and costs, and the final cost of the run
   *  of every seed of run_seeds. */
  *train(B, lr) {
    const c = this.config;
    const path = yield* this.run(B, lr, c.seed, true), full = yield* this.run(this.m, lr, c.seed, true);
    const ends = [];
    for (const seed of c.run_seeds) ends.push(seed === c.seed ? path.cost.at(-1) : (yield* this.run(B, lr, seed, false)).end);
    return { batch_size: B, lr, epochs: this.orders[c.seed].length, path, full, ends };
  }

  /** (B, lr) trained at once (tests and the benchmark call it; cached). */
  result(B, lr) {
    const key = `${B} ${lr}`;
    if (!this.cache.has(key)) {
      const work = this.train(B, lr);
      let step = work.next();
      while (!step.done) step = work.next();
      this.remember(key, step.value);
    }
    return this.cache.get(key);
  }

  remember(key, r) {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value);
    this.cache.set(key, r);
  }

  /** Show (B, lr): at once if it was trained before, else train it in slices of about
   *  FRAME_BUDGET_MS per animation frame; a newer choice replaces it. */
  set(B, lr) {
    this.batchSize = B;
    this.lr = lr;
    this.syncControls();
    const key = `${B} ${lr}`;
    if (this.cache.has(key)) {
      this.job = null;
      this.show(this.cache.get(key));
      return;
    }
    const job = (this.job = this.train(B, lr));
    const slice = () => {
      if (this.job !== job) return; // replaced by a newer choice
      const t0 = performance.now();
      let step;
      do step = job.next(); while (!step.done && performance.now() - t0 < FRAME_BUDGET_MS);
      if (!step.done) {
        requestAnimationFrame(slice);
        return;
      }
      requestAnimationFrame(() => { // the drawing in a frame of its own
        if (this.job !== job) return;
        this.job = null;
        this.remember(key, step.value);
        this.show(step.value);
      });
    };
    this.box.setAttribute("aria-busy", "true");
    this.title.textContent = `B = ${B}, η = ${pythonG(lr)}: training…`;
    requestAnimationFrame(slice);
  }

  /** The learning rate of the slider's position p. */
  rateAt(p) {
    return sliderRate(p, this.config.slider);
  }

  /** True while a training runs in the page (tests wait for it). */
  get busy() {
    return this.job !== null;
  }

  // --- the page ----------------------------------------------------------------------------

  build(root) {
    const c = this.config, id = (name) => `${root.id || "nnjs-sgd"}-${name}`, s = c.slider;
    this.controls = {
      batch: element("select", { id: id("batch"), name: "batch-size" }, c.batch_sizes.map((B) =>
        element("option", { value: B }, [B === this.m ? `${B} (full batch)` : `${B}`]))),
      slider: element("input", { type: "range", id: id("slider"), name: "lr-slider", min: 0, max: s.positions,
        step: 1, value: sliderPosition(c.start.lr, s) }),
      lr: element("input", { type: "number", id: id("lr"), name: "lr", min: c.lr_range[0], max: c.lr_range[1],
        step: "any", value: c.start.lr, required: "" }),
    };
    this.controls.batch.value = String(c.start.batch_size);
    const control = (text, input) => element("span", { style: "display: inline-block; margin: 0 1.2em 0.4em 0" },
      [element("label", { for: input.id }, [text]), " ", input]);
    this.title = element("p", { class: "nnjs-sgd-title", style: "font-weight: bold; font-variant-numeric: tabular-nums" });
    this.readout = element("p", { class: "nnjs-readout", style: "font-variant-numeric: tabular-nums" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.buildMap();
    this.costPanel = svg("svg", { width: COST_W, height: COST_H, role: "img", class: "nnjs-sgd-costs" });
    const [w, b] = c.start_point, n = c.run_seeds.length;
    this.box = element("div", { class: "nnjs-sgd" }, [
      element("style", {}, [FOCUS_CSS]),
      element("p", { class: "nnjs-sgd-description" }, [
        `Choose the batch size B and the learning rate η (the slider has a logarithmic scale from ` +
        `${c.lr_range[0]} to ${c.lr_range[1]}; or type η): the page trains the neuron on the ${this.m} students ` +
        `from w = ${w}, b = ${b} for ${c.epochs} epochs, as nnlib.sgd does. Left: the contour map of the cost ` +
        `(darker is lower, ★ the lowest point, ○ the start) with the path of full-batch gradient descent with ` +
        `the same η (blue, solid, with dots) and of one run of mini-batch SGD (shuffling seed ${c.seed}; ` +
        `vermilion, dashed, ✕ where it ends). Right: the full-batch cost along both paths against the ` +
        `examples processed, and short black dashes at the end for the final costs of the ${n} runs of ` +
        `${n} shuffling seeds.`]),
      element("fieldset", {}, [
        element("legend", {}, ["The batch size and the learning rate"]),
        control("batch size B", this.controls.batch), control("learning rate η (log scale)", this.controls.slider),
        control("learning rate η", this.controls.lr),
      ]),
      this.title, this.status,
      element("div", { style: "display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start" },
        [this.mapBox, this.costPanel]),
      this.readout,
    ]);
    root.append(this.box);
    // JupyterLab's shortcuts (arrow keys move between cells) would cancel the keys' default on the
    // slider, the number field and the menu: the explorer keeps its keys to itself
    this.box.addEventListener("keydown", (e) => e.stopPropagation());
    const { batch, slider, lr } = this.controls;
    batch.addEventListener("change", () => this.set(Number(batch.value), this.lr));
    slider.addEventListener("input", () => this.set(this.batchSize, this.rateAt(Number(slider.value))));
    lr.addEventListener("input", () => this.fromField());
  }

  /** The contour map: the cost field on a canvas, and over it an SVG with both paths. */
  buildMap() {
    const c = this.config, size = MAP_PX + 2 * PAD, [w0, w1] = c.w_range, [b0, b1] = c.b_range, col = c.colours;
    this.toX = (w) => PAD + ((w - w0) / (w1 - w0)) * MAP_PX;
    this.toY = (b) => PAD + ((b1 - b) / (b1 - b0)) * MAP_PX;
    SGDExplorer.count = (SGDExplorer.count || 0) + 1;
    const clip = `nnjs-sgd-clip-${SGDExplorer.count}`; // unique in the page
    this.canvas = element("canvas", { width: FIELD_N, height: FIELD_N, role: "img", "aria-label": "the cost as colour",
      style: `position: absolute; left: ${PAD}px; top: ${PAD}px; width: ${MAP_PX}px; height: ${MAP_PX}px` });
    this.fullLine = svg("polyline", { fill: "none", stroke: col.full, "stroke-width": 2.5 });
    this.fullDots = svg("g", { fill: col.full });
    this.sgdLine = svg("polyline", { fill: "none", stroke: col.sgd, "stroke-width": 1.5, "stroke-dasharray": "6 3" });
    this.sgdDots = svg("g", { fill: col.sgd });
    this.end = svg("path", { stroke: col.sgd, "stroke-width": 3 });
    const { w: lw, b: lb } = c.lowest, [sw, sb] = c.start_point, ticks = [];
    for (let w = Math.ceil(w0); w <= w1; w += 2) {
      ticks.push(svg("text", { x: this.toX(w), y: PAD + MAP_PX + 14, "text-anchor": "middle", "font-size": 11 }, [`${w}`]));
    }
    for (let b = Math.ceil(b0); b <= b1; b += 2) {
      ticks.push(svg("text", { x: PAD - 4, y: this.toY(b) + 4, "text-anchor": "end", "font-size": 11 }, [`${b}`]));
    }
    this.map = svg("svg", { width: size, height: size, role: "img", class: "nnjs-sgd-map",
      style: "position: absolute; left: 0; top: 0" }, [
      svg("defs", {}, [svg("clipPath", { id: clip }, [svg("rect", { x: PAD, y: PAD, width: MAP_PX, height: MAP_PX })])]),
      svg("rect", { x: PAD, y: PAD, width: MAP_PX, height: MAP_PX, fill: "none", stroke: "#888" }),
      svg("text", { x: PAD, y: 14, "font-size": 12 }, ["paths on the cost map"]),
      svg("text", { x: PAD, y: 28, "font-size": 11 }, ["— full batch, same η   - - mini-batch SGD   ✕ its end"]),
      ...ticks,
      svg("text", { x: PAD + MAP_PX / 2, y: size - 4, "text-anchor": "middle", "font-size": 12 }, ["weight w"]),
      svg("text", { x: 12, y: PAD + MAP_PX / 2, "text-anchor": "middle", "font-size": 12,
        transform: `rotate(-90 12 ${PAD + MAP_PX / 2})` }, ["bias b"]),
      svg("g", { "clip-path": `url(#${clip})` }, [
        svg("text", { x: this.toX(lw), y: this.toY(lb) + 6, "text-anchor": "middle", "font-size": 20, fill: "white",
          stroke: col.grey, "stroke-width": 1 }, ["★"]),
        svg("circle", { cx: this.toX(sw), cy: this.toY(sb), r: 6, fill: "none", stroke: col.grey, "stroke-width": 2.5 }),
        this.fullLine, this.fullDots, this.sgdLine, this.sgdDots, this.end]),
    ]);
    this.mapBox = element("div", { style: `position: relative; width: ${size}px; height: ${size}px` },
      [this.canvas, this.map]);
  }

  /** The map's field is computed when the map comes within a screen of the view; this.fieldReady
   *  resolves once it is drawn. */
  whenNearView() {
    this.fieldReady = new Promise((resolve) => {
      const observer = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        const costAt = (w, b) => this.cost(w, b);
        computeField(FIELD_N, this.config.w_range, this.config.b_range, costAt, FIELD_ROWS_PER_TASK).then((field) => {
          this.field = field;
          resolve(paintField(this.canvas, field, FIELD_N, this.config.contours, this.config.colours.scale));
        });
      }, { rootMargin: "100% 0px" });
      observer.observe(this.mapBox);
    });
  }

  /** The number field changed: take its value, or say why not. */
  fromField() {
    const input = this.controls.lr;
    if (!input.checkValidity() || input.value === "") {
      this.say(`learning rate η: ${input.validationMessage || "enter a number"} (from ${input.min} to ` +
        `${input.max}). The figure was not changed.`);
      return;
    }
    this.set(this.batchSize, Number(input.value));
  }

  /** The controls show (this.batchSize, this.lr), whichever of them was moved. */
  syncControls() {
    const { batch, slider, lr } = this.controls, s = this.config.slider;
    if (document.activeElement !== lr) lr.value = String(this.lr);
    if (sliderRate(Number(slider.value), s) !== this.lr) slider.value = String(sliderPosition(this.lr, s));
    slider.setAttribute("aria-valuetext", `η = ${pythonG(this.lr)}`);
    batch.value = String(this.batchSize);
  }

  /** The title (as nnlib.viz.sgd's figure title) and the readout of a result. */
  texts(r) {
    const p = r.path, f = r.full, n = (q) => q.w.length - 1, lo = Math.min(...r.ends), hi = Math.max(...r.ends);
    const title = `B = ${r.batch_size}, η = ${pythonG(r.lr)}: ${n(p)} steps in ${r.epochs} epochs, final cost ` +
      `C = ${p.cost.at(-1).toFixed(4)}  (full batch: ${n(f)} steps, C = ${f.cost.at(-1).toFixed(4)})`;
    const readout = `Mini-batch SGD (seed ${this.config.seed}) ends at w = ${p.w.at(-1).toFixed(2)}, ` +
      `b = ${p.b.at(-1).toFixed(2)}; full batch ends at w = ${f.w.at(-1).toFixed(2)}, b = ${f.b.at(-1).toFixed(2)}. ` +
      `Final costs of the ${r.ends.length} runs: from ${lo.toFixed(4)} to ${hi.toFixed(4)}.`;
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
    this.box.setAttribute("aria-busy", "false");
    this.drawPaths(r);
    this.drawCosts(r);
    this.announce();
  }

  drawPaths(r) {
    const c = this.config, points = (q) => q.w.map((w, k) => [this.toX(w), this.toY(q.b[k])]);
    const draw = (q, line, dots, radius) => {
      const xy = points(q);
      line.setAttribute("points", xy.map((v) => v.join(",")).join(" "));
      dots.replaceChildren(...(xy.length - 1 <= c.markers_max ? xy.map(([cx, cy]) => svg("circle", { cx, cy, r: radius })) : []));
    };
    draw(r.full, this.fullLine, this.fullDots, 3);
    draw(r.path, this.sgdLine, this.sgdDots, 2.5);
    const x = this.toX(r.path.w.at(-1)), y = this.toY(r.path.b.at(-1));
    this.end.setAttribute("d", `M ${x - 6} ${y - 6} L ${x + 6} ${y + 6} M ${x - 6} ${y + 6} L ${x + 6} ${y - 6}`);
    this.map.setAttribute("aria-label", `Contour map of the cost over weight w and bias b with the start and the ` +
      `lowest point. ${this.readout.textContent}`);
  }

  /** The full-batch cost along both paths against the examples processed; the final cost of
   *  every seed's run as a short black bar at the end. */
  drawCosts(r) {
    const c = this.config, col = c.colours, top = c.cost_top, xMax = r.epochs * this.m * 1.02;
    const w = COST_W - PAD - 10, h = COST_H - 2 * PAD - 10;
    const px = (e) => PAD + (e / xMax) * w, py = (v) => 30 + (1 - Math.min(v, top) / top) * h;
    const line = (q) => q.examples.map((e, k) => `${px(e)},${py(q.cost[k])}`).join(" ");
    const dots = (q, colour, radius) => (q.w.length - 1 <= c.markers_max
      ? q.examples.map((e, k) => svg("circle", { cx: px(e), cy: py(q.cost[k]), r: radius, fill: colour })) : []);
    const xEnd = px(r.path.examples.at(-1)), yTicks = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
    this.costPanel.setAttribute("aria-label", `The full-batch cost against the examples processed: mini-batch ` +
      `SGD from ${r.path.cost[0].toFixed(4)} to ${r.path.cost.at(-1).toFixed(4)}, full batch to ` +
      `${r.full.cost.at(-1).toFixed(4)}; the ${r.ends.length} runs end from ${Math.min(...r.ends).toFixed(4)} to ` +
      `${Math.max(...r.ends).toFixed(4)}`);
    this.costPanel.replaceChildren(
      svg("text", { x: PAD, y: 12, "font-size": 12 }, ["cost C against examples processed"]),
      svg("text", { x: PAD, y: 25, "font-size": 11 }, [`— full batch   - - SGD   ▬ final costs of ${r.ends.length} runs`]),
      svg("line", { x1: PAD, y1: py(0), x2: PAD + w, y2: py(0), stroke: "#888" }),
      svg("line", { x1: PAD, y1: py(0), x2: PAD, y2: py(top), stroke: "#888" }),
      ...yTicks.map((v) => svg("text", { x: PAD - 4, y: py(v) + 4, "text-anchor": "end", "font-size": 11 }, [`${v}`])),
      ...Array.from({ length: r.epochs + 1 }, (_, e) => svg("text", { x: px(e * this.m), y: py(0) + 14,
        "text-anchor": "middle", "font-size": 11 }, [`${e * this.m}`])),
      svg("text", { x: PAD + w / 2, y: COST_H - 6, "text-anchor": "middle", "font-size": 12 }, ["examples processed"]),
      svg("text", { x: 12, y: py(top / 2), "text-anchor": "middle", "font-size": 12,
        transform: `rotate(-90 12 ${py(top / 2)})` }, ["full-batch cost C"]),
      svg("polyline", { points: line(r.full), fill: "none", stroke: col.full, "stroke-width": 2.5 }),
      ...dots(r.full, col.full, 3),
      svg("polyline", { points: line(r.path), fill: "none", stroke: col.sgd, "stroke-width": 1.5, "stroke-dasharray": "6 3" }),
      ...dots(r.path, col.sgd, 2.5),
      svg("path", { class: "nnjs-sgd-ends", stroke: "black", "stroke-width": 1.5,
        d: r.ends.map((v) => `M ${xEnd - 6} ${py(v)} L ${xEnd + 6} ${py(v)}`).join(" ") }),
    );
  }
}

/** Build the explorer into root from the JSON config nnlib wrote; returns it (root.sgd too). */
export function mountSGD(root, config) {
  root.sgd = new SGDExplorer(root, config);
  return root.sgd;
}
