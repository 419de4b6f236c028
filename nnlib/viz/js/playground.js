// The circles playground of issue 14, computed live in the page: choose the hidden layers, their
// activation, the cost, the learning rate, the batch size, lambda and the seed; Play / Pause / Step
// train the network with the twin of nnlib (network.js) and redraw the decision boundary and the
// cost and test accuracy curves after every epoch. Plain DOM, <canvas> and SVG: the same module runs in
// the HTML book and in a JupyterLab output.
//
// Everything random comes from nnlib (nnlib/viz/playground_data.py writes it into the page):
// the data, the standard normal draws behind each seed's initial weights and nnlib.sgd's batch
// orders for the chapter's epochs. So a run is nnlib.sgd(Network(sizes, hidden, "sigmoid", cost, seed, l2), X, Y, epochs,
// batch_size, lr, seed=shuffle_seed) step for step (tests/browser/test_playground.py). After those
// epochs it trains on with the orders of a small seeded shuffle (mulberry32, below) that
// playground_data.shuffle_orders implements too, and the readout says so.

import { ACTIVATIONS } from "./activations.js";
import { COSTS } from "./costs.js";
import { Matrix } from "./matrix.js";
import { Network } from "./network.js";

const BLUE = "#0072B2", ORANGE = "#E69F00"; // nnlib/viz/palette.py: label 0, label 1
const REGION_0 = [0xb3, 0xd4, 0xea], REGION_1 = [0xf7, 0xdd, 0xa6]; // their tints, as the circles chapter
const UNIT = [0x00, 0x72, 0xb2]; // a hidden unit's picture: white (its lowest a on the plane) to BLUE (its highest)
const LIM = 1.5, GRID_N = 40; // the plane [-1.5, 1.5]^2 on 40 x 40 points, as the circles chapter
const UNIT_PX = 56; // each hidden unit's picture, in CSS pixels
const HIDDEN_STYLE = "position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); " +
  "white-space: nowrap"; // read by screen readers, not shown
const SVG = "http://www.w3.org/2000/svg";

/**
 * nnlib's initial parameters (nnlib/network.py), from its generator's standard normal draws
 * `normals` for the seed: W^[l] = sqrt(s / n_{l-1}) N(0, 1) entry by entry, layer after layer,
 * with s = 2 for ReLU-like layers (He) and 1 otherwise; biases 0. Returns theta.
 */
export function initialTheta(sizes, hidden, output, normals) {
  const L = sizes.length - 1, theta = [];
  let k = 0;
  for (let l = 1; l <= L; l++) {
    const g = l < L ? hidden : output;
    const sd = Math.sqrt((g === "relu" || g === "leaky_relu" ? 2 : 1) / sizes[l - 1]);
    if (k + sizes[l] * sizes[l - 1] > normals.length) {
      throw new Error(`the seed has ${normals.length} normal draws, too few for sizes ${JSON.stringify(sizes)}`);
    }
    for (let j = 0; j < sizes[l]; j++) {
      for (let i = 0; i < sizes[l - 1]; i++) theta.push(0 + sd * normals[k++]);
      theta.push(0); // b^[l]_j
    }
  }
  return theta;
}

/** The batch orders nnlib/viz/playground_data.py encode_orders wrote: one array of example
 *  indices per epoch, from strings of base-36 numbers of `width` digits each. */
export function decodeOrders({ width, epochs }) {
  return epochs.map((text) => Array.from({ length: text.length / width },
    (_, k) => parseInt(text.slice(k * width, (k + 1) * width), 36)));
}

/**
 * mulberry32 (Tommy Ettinger's, public domain): a function that returns the next float in [0, 1),
 * a multiple of 2^-32, of the stream seeded by seed. The 32-bit integer steps of
 * nnlib/viz/playground_data.py mulberry32, bit for bit.
 */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The next batch order from the stream next (a mulberry32): a Fisher-Yates shuffle of 0..m-1, for
 *  i = m-1 down to 1 swapping i with floor(u (i + 1)), as playground_data.shuffle_orders. */
export function shuffleOrder(next, m) {
  const order = Array.from({ length: m }, (_, i) => i);
  for (let i = m - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The n x n points of [-lim, lim]^2, row i (y = ys[i]) first, as nnlib.snapshots.plane_grid. */
function planeGrid(lim, n) {
  const xs = Array.from({ length: n }, (_, i) => -lim + (2 * lim * i) / (n - 1));
  return Matrix.fromRows([xs.flatMap(() => xs), xs.flatMap((y) => xs.map(() => y))]);
}

function element(tag, attributes = {}, children = [], ns = null) {
  const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

/** A labelled native control: <label for=id>text</label> <input|select id=id>. */
function control(text, input) {
  const label = element("label", { for: input.id }, [text]);
  return element("span", { class: "nnjs-control", style: "display: inline-block; margin: 0 1.2em 0.4em 0" },
    [label, " ", input]);
}

function numberInput(id, name, value, min, max, step) {
  return element("input", { type: "number", id, name, value, min, max, step, required: "" });
}

function select(id, name, options, value) {
  const el = element("select", { id, name }, options.map((o) => element("option", { value: o }, [o])));
  el.value = String(value);
  return el;
}

/** The hidden layer sizes written as text, as nnlib.viz.circles.parse_hidden: "4-6-6-4" -> [4, 6, 6, 4],
 *  "none" (or empty) -> []; null unless there are at most maxLayers sizes, each from 1 to maxUnits. */
export function parseHidden(text, maxLayers, maxUnits) {
  const t = text.trim().toLowerCase();
  if (t === "" || t === "none") return [];
  const sizes = t.split("-").map((part) => (/^\d+$/.test(part.trim()) ? Number(part) : NaN));
  const ok = sizes.length <= maxLayers && sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= maxUnits);
  return ok ? sizes : null;
}

/** The run a playground's (valid) controls describe: {sizes, hidden, cost, l2, lr, batchSize, seed}. */
function readSettings(c, maxLayers, maxUnits) {
  return {
    sizes: [2, ...parseHidden(c.layers.value, maxLayers, maxUnits), 1],
    hidden: c.activation.value,
    cost: c.cost.value,
    l2: Number(c.l2.value),
    lr: Number(c.lr.value),
    batchSize: Number(c.batchSize.value),
    seed: c.seed.value,
  };
}

export class Playground {
  /**
   * root: the element to build into. config (from nnlib/viz/playground_data.py): X (2, m) and
   * Y (1, m) as rows, X_test and Y_test likewise; normals {seed: draws}; orders: nnlib.sgd's
   * permutations for its first epochs, encoded (epoch e uses this.orders[e - 1]); shuffle_seed: the
   * seed of the mulberry32 shuffles that give the orders of the epochs after those;
   * max_layers, max_units: the largest network the draws allow; start: the initial settings.
   */
  constructor(root, config) {
    this.config = config;
    this.X = Matrix.fromRows(config.X, "X");
    this.Y = Matrix.fromRows(config.Y, "Y");
    this.XTest = Matrix.fromRows(config.X_test, "X_test");
    this.YTest = Matrix.fromRows(config.Y_test, "Y_test");
    this.orders = decodeOrders(config.orders);
    this.grid = planeGrid(LIM, GRID_N);
    this.playing = false;
    this.frame = null;
    this.build(root, config.start);
    this.reset();
  }

  build(root, start) {
    const m = this.X.cols;
    const id = (name) => `${root.id || "nnjs"}-${name}`; // unique on the page: <label for> finds its control
    const { max_layers: maxLayers, max_units: maxUnits } = this.config;
    const layers = element("input", { type: "text", id: id("hidden"), name: "hidden", value: start.hidden,
      size: 9, spellcheck: "false", autocomplete: "off",
      "data-accepts": `up to ${maxLayers} sizes from 1 to ${maxUnits} joined by "-", like 4-6-6-4, or none` });
    const c = (this.controls = {
      layers,
      activation: select(id("activation"), "activation", Object.keys(ACTIVATIONS), start.activation),
      cost: select(id("cost"), "cost", Object.keys(COSTS), start.cost),
      lr: numberInput(id("lr"), "lr", start.lr, 0.001, 10, 0.001),
      batchSize: numberInput(id("batch-size"), "batch_size", start.batch_size, 1, m, 1),
      l2: numberInput(id("l2"), "l2", start.l2, 0, 10, 0.001),
      seed: select(id("seed"), "seed", Object.keys(this.config.normals), start.seed),
    });
    this.play = element("button", { type: "button", "aria-pressed": "false" }, ["Play"]);
    this.step = element("button", { type: "button" }, ["Step"]);
    this.readout = element("p", { class: "nnjs-readout" });
    // what a screen reader announces: the readout after a reset, a Step, a Pause, and every 10 epochs of Play
    this.status = element("p",
      { class: "nnjs-status", "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.units = element("div", { class: "nnjs-units" });
    this.canvas = element("canvas", { width: 240, height: 240, role: "img" });
    this.costCurve = element("svg", { width: 240, height: 110, role: "img", "aria-label": "cost per epoch" }, [], SVG);
    this.accuracyCurve = element("svg",
      { width: 240, height: 110, role: "img", "aria-label": "test accuracy per epoch" }, [], SVG);
    const fields = element("fieldset", {}, [
      element("legend", {}, ["Network and training"]),
      control("hidden layers", c.layers),
      control("activation", c.activation), control("cost", c.cost), control("learning rate η", c.lr),
      control("batch size", c.batchSize), control("λ (L2)", c.l2), control("seed", c.seed),
    ]);
    root.append(element("div", { class: "nnjs-playground" }, [
      fields, element("div", {}, [this.play, " ", this.step]), this.readout, this.status,
      element("div", { class: "nnjs-figures", style: "display: flex; flex-wrap: wrap; gap: 12px" },
        [this.canvas, this.costCurve, this.accuracyCurve]),
      element("p", { style: "margin: 0.5em 0 0.2em" }, ["Each hidden unit's activation on the plane:"]),
      this.units,
    ]));
    Object.values(c).forEach((input) => input.addEventListener("change", () => this.reset()));
    this.play.addEventListener("click", () => (this.playing ? this.pause() : this.start()));
    this.step.addEventListener("click", () => {
      this.pause();
      if (this.trainEpoch()) this.draw();
    });
  }

  /** A new run from the controls' settings: nnlib's initial weights for the seed, epoch 0.
   *  A field out of its range (or not a whole number where one is needed) starts nothing: the
   *  readout names the field and what it accepts. */
  reset() {
    this.pause();
    const { layers } = this.controls, { max_layers: maxLayers, max_units: maxUnits } = this.config;
    layers.setCustomValidity(parseHidden(layers.value, maxLayers, maxUnits) ? "" : "not a list of layer sizes");
    const invalid = Object.values(this.controls).find((input) => !input.checkValidity());
    if (invalid) {
      const label = invalid.labels[0].textContent;
      const accepts = invalid.dataset.accepts ||
        `from ${invalid.min} to ${invalid.max}${invalid.step === "1" ? ", a whole number" : ""}`;
      this.say(`${label}: ${invalid.validationMessage} (${accepts}). The run was not changed.`);
      return;
    }
    const s = (this.settings = readSettings(this.controls, maxLayers, maxUnits));
    const output = "sigmoid";
    this.net = new Network({ sizes: s.sizes, hidden: s.hidden, output, cost: s.cost, l2: s.l2,
      theta: initialTheta(s.sizes, s.hidden, output, this.config.normals[s.seed]) });
    this.epoch = 0;
    this.shuffled = []; // the orders of the epochs after this.orders, drawn as they are needed
    this.nextDraw = mulberry32(this.config.shuffle_seed);
    this.history = { cost: [this.net.cost(this.X, this.Y)], accuracy: [this.accuracy(this.X, this.Y)],
      testAccuracy: [this.accuracy(this.XTest, this.YTest)] };
    this.unitCanvases = [null]; // unitCanvases[l][j]: the picture of unit j of hidden layer l
    this.units.replaceChildren();
    for (let l = 1; l < this.net.L; l++) {
      this.unitCanvases.push(Array.from({ length: this.net.sizes[l] }, (_, j) => {
        const label = `hidden layer ${l}, unit ${j + 1}`;
        return element("canvas", { width: GRID_N, height: GRID_N, role: "img", "aria-label": label,
          title: label, style: `width: ${UNIT_PX}px; height: ${UNIT_PX}px; border: 1px solid #ccc` });
      }));
      this.units.append(element("div", { style: "display: flex; align-items: center; gap: 8px; margin: 4px 0" },
        [element("span", { style: "width: 4.5em" }, [`layer ${l}`]), ...this.unitCanvases[l]]));
    }
    this.draw();
  }

  /** Show text in the readout and announce it to screen readers. */
  say(text) {
    this.readout.textContent = text;
    this.status.textContent = text;
  }

  /** Fraction of the points of X whose class a^[L] > 0.5 is their label in Y. */
  accuracy(X, Y) {
    const a = this.net.forward(X).data, y = Y.data;
    let right = 0;
    for (let i = 0; i < a.length; i++) right += (a[i] > 0.5 ? 1 : 0) === y[i] ? 1 : 0;
    return right / a.length;
  }

  /** The batch order of epoch e (from 1): nnlib.sgd's while nnlib gave one, then the next shuffle. */
  order(e) {
    const extra = e - 1 - this.orders.length;
    if (extra < 0) return this.orders[e - 1];
    while (this.shuffled.length <= extra) this.shuffled.push(shuffleOrder(this.nextDraw, this.X.cols));
    return this.shuffled[extra];
  }

  /** One epoch of nnlib.sgd: the batches of this epoch's order, one step each (eq. (update)).
   *  Returns false, pauses and says why when the cost became NaN or infinite. */
  trainEpoch() {
    const s = this.settings;
    try {
      this.net.epoch(this.X, this.Y, this.order(this.epoch + 1), s.batchSize, s.lr, this.epoch + 1);
    } catch (err) {
      this.pause();
      this.say(`Training stopped: ${err.message}`);
      return false;
    }
    this.epoch += 1;
    this.history.cost.push(this.net.cost(this.X, this.Y));
    this.history.accuracy.push(this.accuracy(this.X, this.Y));
    this.history.testAccuracy.push(this.accuracy(this.XTest, this.YTest));
    return true;
  }

  start() {
    this.playing = true;
    this.play.textContent = "Pause";
    this.play.setAttribute("aria-pressed", "true");
    const tick = () => {
      if (!this.playing || !this.trainEpoch()) return;
      this.draw();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  pause() {
    this.playing = false;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.play.textContent = "Play";
    this.play.setAttribute("aria-pressed", "false");
    this.status.textContent = this.readout.textContent;
  }

  /** The readout's numbers after the last epoch; past nnlib.sgd's epochs, also whose batch orders. */
  summary() {
    const h = this.history, pct = (v) => `${(100 * v).toFixed(1)}%`, n = this.orders.length;
    const orders = this.epoch > n ? ` (batch orders: nnlib.sgd's up to epoch ${n}, then the page's ` +
      `mulberry32 shuffle, seed ${this.config.shuffle_seed})` : "";
    return `Epoch ${this.epoch}: cost ${h.cost.at(-1).toFixed(4)}, accuracy ${pct(h.accuracy.at(-1))}, ` +
      `test accuracy ${pct(h.testAccuracy.at(-1))}${orders}`;
  }

  draw() {
    const text = this.summary();
    if (this.playing && this.epoch % 10) this.readout.textContent = text;
    else this.say(text);
    const trace = this.net.forwardTrace(this.grid);
    this.drawBoundary(trace.a[this.net.L].data);
    for (let l = 1; l < this.net.L; l++) this.unitCanvases[l].forEach((c, j) => drawUnit(c, trace.a[l], j));
    this.canvas.setAttribute("aria-label", `Decision boundary and training points after epoch ${this.epoch}`);
    drawCurve(this.costCurve, this.history.cost, "cost C", Math.max(...this.history.cost));
    drawCurve(this.accuracyCurve, this.history.testAccuracy, "test accuracy", 1);
  }

  /** The plane tinted by a^[L] (blue tint 0 .. orange tint 1), and the training points on it. */
  drawBoundary(a) {
    if (!this.tint) {
      this.tint = element("canvas", { width: GRID_N, height: GRID_N }); // one pixel per grid point
      this.tintPixels = this.tint.getContext("2d").createImageData(GRID_N, GRID_N);
    }
    const px = this.tintPixels.data;
    for (let i = 0; i < GRID_N; i++) {
      for (let j = 0; j < GRID_N; j++) {
        const p = a[i * GRID_N + j], k = 4 * ((GRID_N - 1 - i) * GRID_N + j); // row i is y = ys[i], up
        for (let c = 0; c < 3; c++) px[k + c] = Math.round(REGION_0[c] + p * (REGION_1[c] - REGION_0[c]));
        px[k + 3] = 255;
      }
    }
    this.tint.getContext("2d").putImageData(this.tintPixels, 0, 0);
    const ctx = this.canvas.getContext("2d"), size = this.canvas.width;
    ctx.imageSmoothingEnabled = true; // the 40 x 40 tint, stretched smoothly over the canvas
    ctx.drawImage(this.tint, 0, 0, size, size);
    const toPixel = (v) => ((v + LIM) / (2 * LIM)) * size;
    for (const [label, colour] of [[0, BLUE], [1, ORANGE]]) {
      ctx.fillStyle = colour;
      ctx.beginPath();
      for (let i = 0; i < this.X.cols; i++) {
        if ((this.Y.data[i] > 0.5 ? 1 : 0) !== label) continue;
        const x = toPixel(this.X.get(0, i)), y = size - toPixel(this.X.get(1, i));
        ctx.moveTo(x + 2.5, y);
        ctx.arc(x, y, 2.5, 0, 2 * Math.PI);
      }
      ctx.fill();
    }
  }
}

/** Unit j's activations a[j, :] on the grid into its canvas, white (lowest) to BLUE (highest). */
function drawUnit(canvas, a, j) {
  const ctx = canvas.getContext("2d"), image = ctx.createImageData(GRID_N, GRID_N);
  const row = a.data.subarray(j * a.cols, (j + 1) * a.cols);
  let lo = Infinity, hi = -Infinity;
  for (const v of row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  for (let i = 0; i < GRID_N; i++) {
    for (let k = 0; k < GRID_N; k++) {
      const t = hi > lo ? (row[i * GRID_N + k] - lo) / (hi - lo) : 0, p = 4 * ((GRID_N - 1 - i) * GRID_N + k);
      for (let c = 0; c < 3; c++) image.data[p + c] = Math.round(255 + t * (UNIT[c] - 255));
      image.data[p + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** values[e] against the epoch e as a polyline from 0 (bottom) to top (top), with a label. */
function drawCurve(svg, values, label, top) {
  const w = Number(svg.getAttribute("width")), h = Number(svg.getAttribute("height")), pad = 18;
  const n = Math.max(values.length - 1, 1);
  const points = values.map((v, e) => `${pad + ((w - 2 * pad) * e) / n},${h - pad - ((h - 2 * pad) * v) / (top || 1)}`);
  svg.replaceChildren(
    element("line", { x1: pad, y1: h - pad, x2: w - pad, y2: h - pad, stroke: "#555" }, [], SVG),
    element("line", { x1: pad, y1: pad, x2: pad, y2: h - pad, stroke: "#555" }, [], SVG),
    element("text", { x: pad + 4, y: pad - 4, "font-size": 12 }, [`${label} (top ${top.toPrecision(3)})`], SVG),
    element("text", { x: w - pad, y: h - 4, "font-size": 12, "text-anchor": "end" }, [`epoch ${values.length - 1}`],
      SVG),
    element("polyline", { points: points.join(" "), fill: "none", stroke: BLUE, "stroke-width": 2 }, [], SVG),
  );
}

/** Build a playground into root from the JSON config nnlib wrote; returns it (root.playground too). */
export function mountPlayground(root, config) {
  root.playground = new Playground(root, config);
  return root.playground;
}
