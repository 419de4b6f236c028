// The digits chapter's explorer (issue 14), computed live in the page: one of the picked test
// digits (8 x 8 pixels) goes through the trained 64-16-16-10 network. The reader chooses the digit,
// moves the noise level sigma continuously and draws on the image with a pencil (ink 1 or paper 0,
// by mouse or by keyboard); the page shows the image a[0], both hidden layers a[1] and a[2] and the
// ten outputs a[3] beside the target y, the prediction (the largest output) and the cost C_0 of the
// example. Plain DOM and SVG: the same module runs in the HTML book and in a JupyterLab output.
//
// Every number comes from the twin of nnlib (network.js), with the trained weights nnlib wrote into
// the config (nnlib/viz/digits.py, explorer_config: theta in float64, exact). The noise is nnlib's:
// x = clip(pixels + sigma epsilon, 0, 1) with each digit's fixed pattern epsilon (drawn by numpy in
// Python, shipped in the config; nnlib.viz.digits.changed_image). tests/browser/test_digit_explorer.py
// checks every number against nnlib.viz.digits.digit_state.

import { HIDDEN_STYLE, element, pythonG, svg } from "./dom.js";
import { Matrix } from "./matrix.js";
import { Network } from "./network.js";

const CELL = 26, IMG_PAD = 8; // the image: pixels of CELL px
const BAR_W = 420, BAR_H = 236, HID_W = 300, HID_H = 150, LEFT = 34, TOP = 30, BOTTOM = 34;
const NOISE_STEP = 0.01;
const CSS = ".nnjs-dg-cursor:focus { outline: 2px solid #000; outline-offset: 2px; }" +
  " .nnjs-dg-cursor:focus .nnjs-dg-ring { visibility: visible; }" +
  " .nnjs-dg-image { touch-action: none; cursor: crosshair; } .nnjs-dg-image:focus-within { outline: 2px solid #000; }" +
  " .nnjs-dg input[type=number] { width: 5em; } .nnjs-dg-readout { font-variant-numeric: tabular-nums; }";

/** Numbers nnlib wrote with float64_base64: little-endian float64 bytes in base64, bit for bit. */
export function decodeFloat64(text) {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  return Float64Array.from({ length: bytes.length / 8 }, (_, k) => view.getFloat64(8 * k, true));
}

/** The image the network reads: x = clip(pixels + noise epsilon, 0, 1) (as changed_image). */
export function noisyImage(pixels, epsilon, noise) {
  return Float64Array.from(pixels, (p, k) => (noise ? Math.min(1, Math.max(0, p + noise * epsilon[k])) : p));
}

export class DigitExplorer {
  /**
   * root: the element to build into. config (nnlib/viz/digits.py, explorer_config): sizes, hidden,
   * output, cost, theta (float64 base64): the trained network; side: the image's side; examples
   * [{index, label, pixels, epsilon (base64), right}]; noise_range; start {example, noise};
   * colours {output, prediction, hidden, target}.
   */
  constructor(root, config) {
    this.config = config;
    const { sizes, hidden, output, cost } = config;
    this.net = new Network({ sizes, hidden, output, cost, theta: decodeFloat64(config.theta) });
    this.L = sizes.length - 1;
    this.side = config.side;
    this.examples = config.examples.map((e) => ({ ...e, epsilon: decodeFloat64(e.epsilon) }));
    this.cursor = { row: 0, col: 0 };
    this.ink = 1;
    this.build(root);
    this.choose(config.start.example, config.start.noise);
    this.announce();
  }

  // --- the maths: everything the figure shows, from the twin of nnlib ------------------------

  /** digit_state's twin: the example with these pixels (before noise) and noise through the net. */
  compute(example, pixels, noise) {
    const x = noisyImage(pixels, example.epsilon, noise), n = this.config.sizes;
    const X = new Matrix(n[0], 1, x), Y = new Matrix(n[this.L], 1);
    Y.data[example.label] = 1; // the one-hot target y
    const trace = this.net.forwardTrace(X), out = Array.from(trace.a[this.L].data);
    const prediction = out.indexOf(Math.max(...out)); // np.argmax: the first largest
    return {
      index: example.index, label: example.label, noise, image: Array.from(x),
      hidden: trace.a.slice(1, this.L).map((a) => Array.from(a.data)), outputs: out, target: Array.from(Y.data),
      cost: this.net.costFromTrace(trace, Y), prediction, confidence: out[prediction],
    };
  }

  /** Choose a digit (its test-set index) and the noise; the drawing starts again from the digit. */
  choose(index, noise = this.noise) {
    this.example = this.examples.find((e) => e.index === index);
    if (!this.example) throw new Error(`test digit #${index} is not one of the explorer's digits`);
    this.pixels = this.example.pixels.slice();
    this.drawn = false;
    this.controls.example.value = String(index);
    this.setNoise(noise);
  }

  /** Set the noise level (kept in its range, to 0.01) and redraw. */
  setNoise(noise) {
    const [lo, hi] = this.config.noise_range;
    this.noise = Math.min(hi, Math.max(lo, Math.round(noise / NOISE_STEP) * NOISE_STEP));
    this.noise = Number(this.noise.toFixed(2));
    this.controls.noiseSlider.value = String(this.noise);
    this.controls.noise.value = String(this.noise);
    this.update();
  }

  /** Draw pixel k (row after row) with the pencil: ink 1 or paper 0. */
  paint(k) {
    if (this.pixels[k] === this.ink) return;
    this.pixels[k] = this.ink;
    this.drawn = true;
    this.update();
  }

  clearDrawing() {
    this.pixels = this.example.pixels.slice();
    this.drawn = false;
    this.update();
  }

  update() {
    this.state = this.compute(this.example, this.pixels, this.noise);
    this.draw();
  }

  // --- the page ----------------------------------------------------------------------------

  build(root) {
    const id = (name) => `${root.id || "nnjs-dg"}-${name}`, c = this.config, [lo, hi] = c.noise_range;
    const exampleText = (e) => `#${e.index}: a ${e.label}${e.right ? "" : " (a mistake)"}`;
    const k = (this.controls = {
      example: element("select", { id: id("example"), name: "example" },
        this.examples.map((e) => element("option", { value: e.index }, [exampleText(e)]))),
      noiseSlider: element("input", { type: "range", id: id("noise-slider"), name: "noise-slider",
        min: lo, max: hi, step: NOISE_STEP, value: c.start.noise }),
      noise: element("input", { type: "number", id: id("noise"), name: "noise", min: lo, max: hi,
        step: NOISE_STEP, value: c.start.noise, required: "" }),
      pencil: element("select", { id: id("pencil"), name: "pencil" },
        [element("option", { value: "1" }, ["ink (1)"]), element("option", { value: "0" }, ["paper (0)"])]),
      clear: element("button", { type: "button", id: id("clear") }, ["Clear the drawing"]),
    });
    const control = (text, input) => element("span", { style: "display: inline-block; margin: 0 1.2em 0.4em 0" },
      [element("label", { for: input.id }, [text]), " ", input]);
    this.readout = element("p", { class: "nnjs-dg-readout" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.buildImage();
    this.outputsSvg = svg("svg", { width: BAR_W, height: BAR_H, role: "img", class: "nnjs-dg-outputs" });
    this.buildOutputs();
    this.hiddenSvgs = [1, 2].map((l) => svg("svg", { width: HID_W, height: HID_H, role: "img", class: `nnjs-dg-hidden${l}` }));
    this.hiddenPanels = this.hiddenSvgs.map((el, k) => this.buildHidden(el, k + 1, c.sizes[k + 1]));
    this.box = element("div", { class: "nnjs-dg" }, [
      element("style", {}, [CSS]),
      element("p", {}, [`One test digit through the trained ${c.sizes.join("-")} network. Left: its ${this.side} × ` +
        `${this.side} pixels, the input a[0] (dark is ink); noise of standard deviation σ is added to every pixel ` +
        "(the same random pattern, scaled). Right: the ten outputs a[3] as bars with their values, the target y " +
        "as diamonds (1 for the true digit), the prediction (the largest output) marked and coloured. Below: the " +
        `activations of each hidden layer (${c.sizes.slice(1, -1).join(" and ")} units). ` +
        "Draw on the image with the pencil: press and drag, or focus the " +
        "image, move its cursor with the arrow keys and press Space to draw a pixel."]),
      element("fieldset", {}, [
        element("legend", {}, ["Digit, noise and pencil"]),
        control("test digit", k.example), control("noise σ (slider)", k.noiseSlider), control("noise σ", k.noise),
        control("pencil draws", k.pencil), k.clear,
      ]),
      this.readout, this.status,
      element("div", { style: "display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start" },
        [this.imageSvg, this.outputsSvg]),
      element("div", { style: "display: flex; flex-wrap: wrap; gap: 12px" }, this.hiddenSvgs),
    ]);
    root.append(this.box);
    // JupyterLab's shortcuts (arrow keys move between cells) would cancel the keys' default on the
    // slider, the number field and the menus: the explorer keeps its keys to itself
    this.box.addEventListener("keydown", (e) => e.stopPropagation());
    k.example.addEventListener("change", () => { this.choose(Number(k.example.value)); this.announce(); });
    k.noiseSlider.addEventListener("input", () => this.setNoise(Number(k.noiseSlider.value)));
    k.noiseSlider.addEventListener("change", () => this.announce());
    k.noise.addEventListener("input", () => this.fromField());
    k.noise.addEventListener("change", () => this.announce());
    k.pencil.addEventListener("change", () => { this.ink = Number(k.pencil.value); });
    k.clear.addEventListener("click", () => { this.clearDrawing(); this.announce(); });
  }

  /** The image: one rect per pixel, and a cursor (role slider, Tab to it) the keyboard draws with. */
  buildImage() {
    const n = this.side, size = n * CELL + 2 * IMG_PAD;
    this.cells = Array.from({ length: n * n }, (_, k) => svg("rect", { x: IMG_PAD + (k % n) * CELL,
      y: IMG_PAD + Math.floor(k / n) * CELL, width: CELL, height: CELL, stroke: "#ddd", "stroke-width": 0.5 }));
    this.ring = svg("rect", { width: CELL + 4, height: CELL + 4, fill: "none", stroke: "#000", "stroke-width": 2,
      "stroke-dasharray": "3 2", class: "nnjs-dg-ring", visibility: "hidden" });
    this.cursorBox = svg("rect", { width: CELL, height: CELL, fill: "none", stroke: this.config.colours.prediction,
      "stroke-width": 2 });
    this.cursorEl = svg("g", { class: "nnjs-dg-cursor", tabindex: 0, role: "slider", "aria-valuemin": 1,
      "aria-valuemax": n * n, "aria-label": "pencil on the image: arrow keys move it, Space or Enter draws the pixel" },
    [this.cursorBox, this.ring]);
    this.imageSvg = svg("svg", { width: size, height: size, class: "nnjs-dg-image", role: "group",
      "aria-label": `the input image, ${n} by ${n} pixels` }, [
      svg("g", {}, this.cells), this.cursorEl,
    ]);
    const cellAt = (e) => {
      const box = this.imageSvg.getBoundingClientRect();
      const col = Math.floor((e.clientX - box.left - IMG_PAD) / CELL), row = Math.floor((e.clientY - box.top - IMG_PAD) / CELL);
      return row >= 0 && row < n && col >= 0 && col < n ? { row, col } : null;
    };
    const drawAt = (e) => {
      const cell = cellAt(e);
      if (!cell) return;
      this.cursor = cell;
      this.paint(cell.row * n + cell.col);
      this.drawCursor();
    };
    this.imageSvg.addEventListener("pointerdown", (e) => {
      this.imageSvg.setPointerCapture(e.pointerId);
      this.dragging = true;
      this.cursorEl.focus();
      drawAt(e);
      e.preventDefault();
    });
    this.imageSvg.addEventListener("pointermove", (e) => { if (this.dragging) drawAt(e); });
    const stop = () => { if (this.dragging) { this.dragging = false; this.announce(); } };
    this.imageSvg.addEventListener("pointerup", stop);
    this.imageSvg.addEventListener("pointercancel", stop);
    this.cursorEl.addEventListener("keydown", (e) => {
      const move = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
      if (move) {
        this.cursor = { row: Math.min(n - 1, Math.max(0, this.cursor.row + move[0])),
          col: Math.min(n - 1, Math.max(0, this.cursor.col + move[1])) };
        this.drawCursor();
      } else if (e.key === " " || e.key === "Enter") {
        this.paint(this.cursor.row * n + this.cursor.col);
        this.announce();
      } else return;
      e.preventDefault();
    });
  }

  /** The noise field changed: take its value, or say why not. */
  fromField() {
    const input = this.controls.noise;
    if (!input.checkValidity() || input.value === "") {
      this.say(`noise σ: ${input.validationMessage || "enter a number"} (from ${input.min} to ${input.max}). ` +
        "The figure was not changed.");
      return;
    }
    this.setNoise(Number(input.value));
  }

  /** The readout: the chapter's title of the figure (nnlib.viz.digits.digit_title), on one line. */
  text() {
    const s = this.state, changes = [];
    if (s.noise) changes.push(`noise σ = ${pythonG(s.noise)}`);
    if (this.drawn) changes.push("drawn on");
    const extra = changes.length ? ` (${changes.join(", ")})` : "";
    return `test digit #${s.index}${extra}: a ${s.label}; the network says ${s.prediction} ` +
      `(a = ${s.confidence.toFixed(3)}, ${s.prediction === s.label ? "right" : "wrong"}); ` +
      `cost of this example C₀ = ${s.cost.toFixed(4)}`;
  }

  say(text) {
    this.readout.textContent = text;
    this.status.textContent = text;
  }

  /** Screen readers hear the readout when a move ends (not at every event of a drag). */
  announce() {
    this.status.textContent = this.readout.textContent;
  }

  draw() {
    const s = this.state;
    this.readout.textContent = this.text();
    s.image.forEach((v, k) => {
      const g = Math.round(255 * (1 - v)); // pixel 0 white paper, 1 black ink
      this.cells[k].setAttribute("fill", `rgb(${g},${g},${g})`);
    });
    this.drawCursor();
    this.drawOutputs(s);
    s.hidden.forEach((a, k) => this.drawHidden(this.hiddenPanels[k], a));
  }

  drawCursor() {
    const { row, col } = this.cursor, n = this.side, x = IMG_PAD + col * CELL, y = IMG_PAD + row * CELL;
    this.cursorBox.setAttribute("x", x);
    this.cursorBox.setAttribute("y", y);
    this.ring.setAttribute("x", x - 2);
    this.ring.setAttribute("y", y - 2);
    const k = row * n + col;
    this.cursorEl.setAttribute("aria-valuenow", k + 1);
    this.cursorEl.setAttribute("aria-valuetext", `row ${row + 1}, column ${col + 1}: pixel ${this.pixels[k]}, ` +
      `with noise ${this.state ? this.state.image[k].toFixed(2) : ""}`);
  }

  /** The outputs' panel, built once: axes, and per digit a bar, its value, its name and the
   *  target's diamond, which drawOutputs moves. */
  buildOutputs() {
    const col = this.config.colours, w = BAR_W - LEFT - 10, h = BAR_H - TOP - BOTTOM - 10, slot = w / 10;
    this.outY = (a) => TOP + (1 - a / 1.1) * h;
    const py = this.outY;
    this.outputParts = Array.from({ length: 10 }, (_, j) => ({
      x: LEFT + j * slot + slot / 2,
      bar: svg("rect", { x: LEFT + j * slot + slot * 0.15, width: slot * 0.7, class: "nnjs-dg-bar", "stroke-width": 1.5 }),
      value: svg("text", { x: LEFT + j * slot + slot / 2, "text-anchor": "middle", "font-size": 9, class: "nnjs-dg-value" }),
      name: svg("text", { x: LEFT + j * slot + slot / 2, y: py(0) + 19, "text-anchor": "middle", "font-size": 11 }),
      target: svg("path", { fill: "none", stroke: col.target, "stroke-width": 2 }),
    }));
    this.outputsCaption = svg("text", { x: LEFT + w / 2, y: BAR_H - 4, "text-anchor": "middle", "font-size": 12 });
    this.outputsSvg.append(
      svg("line", { x1: LEFT, y1: py(0), x2: LEFT + w, y2: py(0), stroke: "#888" }),
      svg("line", { x1: LEFT, y1: py(1), x2: LEFT + w, y2: py(1), stroke: "#ddd" }),
      svg("text", { x: LEFT - 4, y: py(0) + 4, "text-anchor": "end", "font-size": 11 }, ["0"]),
      svg("text", { x: LEFT - 4, y: py(1) + 4, "text-anchor": "end", "font-size": 11 }, ["1"]),
      svg("text", { x: LEFT, y: 12, "font-size": 12 }, ["outputs a[3] (bars) and target y (◇)"]),
      this.outputsCaption,
      ...this.outputParts.flatMap((p) => [p.bar, p.value, p.name, p.target]),
    );
  }

  /** The ten outputs as bars with their values (3 decimals), the target as diamonds, the prediction
   *  in its colour, outlined and marked ▼. */
  drawOutputs(s) {
    const col = this.config.colours, py = this.outY;
    s.outputs.forEach((a, j) => {
      const p = this.outputParts[j], predicted = j === s.prediction;
      p.bar.setAttribute("y", py(a));
      p.bar.setAttribute("height", py(0) - py(a));
      p.bar.setAttribute("fill", predicted ? col.prediction : col.output);
      p.bar.setAttribute("stroke", predicted ? "#000" : "none");
      p.value.setAttribute("y", Math.min(py(a), py(s.target[j]) - 6) - 3); // above the bar and the diamond
      p.value.textContent = a.toFixed(3);
      p.name.textContent = predicted ? `▼${j}` : `${j}`;
      p.target.setAttribute("d", `M ${p.x} ${py(s.target[j]) - 6} l 6 6 l -6 6 l -6 -6 z`);
    });
    this.outputsCaption.textContent = `digit (the bar marked ▼ is the prediction, ${s.prediction})`;
    this.outputsSvg.setAttribute("aria-label", `The ten outputs: ${s.outputs.map((a, j) => `${j}: ${a.toFixed(3)}`)
      .join(", ")}; the target is 1 for ${s.label}; the prediction is ${s.prediction}`);
  }

  /** Hidden layer l's panel, built once: axes and a bar per unit (units 1..n), which drawHidden sizes. */
  buildHidden(el, l, n) {
    const w = HID_W - LEFT - 10, h = HID_H - TOP - BOTTOM + 8, slot = w / n;
    const py = (v) => TOP + (1 - v / 1.05) * h;
    const bars = Array.from({ length: n }, (_, j) => svg("rect", { x: LEFT + j * slot + slot * 0.1, width: slot * 0.8,
      fill: this.config.colours.hidden, class: "nnjs-dg-bar" }));
    el.append(
      svg("text", { x: LEFT, y: 12, "font-size": 12 }, [`hidden layer ${l}: a[${l}]`]),
      svg("line", { x1: LEFT, y1: py(0), x2: LEFT + w, y2: py(0), stroke: "#888" }),
      svg("text", { x: LEFT - 4, y: py(0) + 4, "text-anchor": "end", "font-size": 11 }, ["0"]),
      svg("text", { x: LEFT - 4, y: py(1) + 4, "text-anchor": "end", "font-size": 11 }, ["1"]),
      svg("text", { x: LEFT + w / 2, y: HID_H - 4, "text-anchor": "middle", "font-size": 11 }, [`hidden unit (1 to ${n})`]),
      ...bars,
    );
    return { el, l, py, bars };
  }

  /** The activations a of a hidden layer's panel as bar heights. */
  drawHidden(panel, a) {
    const { el, l, py, bars } = panel;
    a.forEach((v, j) => {
      bars[j].setAttribute("y", py(v));
      bars[j].setAttribute("height", py(0) - py(v));
    });
    el.setAttribute("aria-label", `Hidden layer ${l}: ${a.length} activations from ${Math.min(...a).toFixed(3)} ` +
      `to ${Math.max(...a).toFixed(3)}; ${a.filter((v) => v > 0.9).length} above 0.9, ` +
      `${a.filter((v) => v < 0.1).length} below 0.1`);
  }
}

/** Build the explorer into root from the JSON config nnlib wrote; returns it (root.digitExplorer too). */
export function mountDigitExplorer(root, config) {
  root.digitExplorer = new DigitExplorer(root, config);
  return root.digitExplorer;
}
