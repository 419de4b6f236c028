// The kernel face's figure (nnlib/viz/figure_view.py): an anywidget view that draws the figure
// the kernel sends and redraws it in place. Python computes every number; this only draws.
const CONFIG = { displaylogo: false, responsive: true };

// plotly.js, once per page: the first view asks its kernel for the plotly.js that ships with the
// plotly package (a custom message, so the 4.8 MB stay out of the widget state that notebooks
// save) and runs it as a module, which sets window.Plotly; later views find it there.
function plotly(model) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.nnlibPlotlyLoading) {
    window.nnlibPlotlyLoading = new Promise(resolve => {
      const receive = async message => {
        if (typeof message?.plotly_js !== "string") return;
        model.off("msg:custom", receive);
        const url = URL.createObjectURL(new Blob([message.plotly_js], { type: "text/javascript" }));
        await import(url);
        URL.revokeObjectURL(url);
        resolve(window.Plotly);
      };
      model.on("msg:custom", receive);
      model.send({ request: "plotly.js" });
    });
  }
  return window.nnlibPlotlyLoading;
}

const isObject = value => value !== null && typeof value === "object" && !Array.isArray(value);

function same(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, k) => same(x, b[k]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every(key => same(a[key], b[key]));
}

// The figure next (as the kernel sent it) to give to plotly.js, where every part equal to the
// same part of the figure received before is the object plotly.js was given then (given). Plotly
// recomputes a trace whose arrays are new objects (and turns the {dtype, bdata} arrays it is
// given into typed arrays in place, so `received` keeps the kernel's text as it came); keeping
// the unchanged ones (a cost surface, a contour grid, the data points) spares decoding them again
// and tells plotly.js which traces are new.
export function keepUnchanged(received, given, next) {
  if (given !== undefined && same(received, next)) return given;
  if (Array.isArray(next) && Array.isArray(received) && Array.isArray(given)
      && received.length === next.length && given.length === next.length) {
    return next.map((item, k) => keepUnchanged(received[k], given[k], item));
  }
  if (isObject(next) && isObject(received) && isObject(given)) {
    const kept = {};
    for (const key of Object.keys(next)) kept[key] = keepUnchanged(received[key], given[key], next[key]);
    return kept;
  }
  return next;
}

// Plotly.react recomputes and redraws every trace when any trace gets new values (a 3-D surface
// or a contour costs 100-500 ms). Most moves change only the values of a few lines, points or
// bars: plotly.js's animatable traces, which Plotly.animate re-plots alone (without a transition
// and without redrawing the rest); the values of a heatmap or contour, which their subplots'
// plot redraws alone; points in a 3-D scene, which their trace object redraws alone; and the
// title or labels, which Plotly.relayout redraws alone.
const ANIMATABLE = new Set(["scatter", "bar"]);
const VALUES = new Set(["x", "y", "text", "customdata", "hovertext", "marker", "mode"]);
const GRIDS = new Set(["heatmap", "contour"]);
const VALUES_GRID = new Set(["x", "y", "z", "text", "customdata", "hovertext"]);
const VALUES_3D = new Set(["x", "y", "z", "text", "customdata"]);
const LABELS = new Set(["title", "annotations", "shapes"]);
const typeOf = trace => trace.type ?? "scatter";
const keysOf = (a, b) => [...new Set([...Object.keys(a), ...Object.keys(b)])];

// The relayout edits that turn the layout part was into now, attribute by attribute
// ("annotations[2].text"), so that plotly.js redraws only the labels that changed.
function edits(path, was, now) {
  if (same(was, now)) return {};
  if (isObject(was) && isObject(now)) {
    const found = {};
    for (const key of keysOf(was, now)) {
      Object.assign(found, edits(`${path}.${key}`, was[key], now[key] ?? null));
    }
    return found;
  }
  if (Array.isArray(was) && Array.isArray(now) && was.length === now.length && now.every(isObject)) {
    return Object.assign({}, ...now.map((item, k) => edits(`${path}[${k}]`, was[k], item)));
  }
  return { [path]: now };
}

// How to draw next over received (the figure drawn before) by moving traces and labels: the
// indices of the traces whose values changed and the relayout edits of the labels, or null when
// the move changes something else (a trace type, style or visibility, an axis, a surface).
export function moves(received, next) {
  if (received.data.length !== next.data.length) return null;
  const traces = [];
  const grids = [];
  const points3d = [];
  for (let i = 0; i < next.data.length; i++) {
    const [was, now] = [received.data[i], next.data[i]];
    if (same(was, now)) continue;
    if (typeOf(was) !== typeOf(now)) return null;
    const changed = keysOf(was, now).filter(key => !same(was[key], now[key]));
    if (ANIMATABLE.has(typeOf(now)) && changed.every(key => VALUES.has(key))) {
      traces.push(i);
    } else if (GRIDS.has(typeOf(now)) && changed.every(key => VALUES_GRID.has(key))) {
      grids.push(i);
    } else if (typeOf(now) === "scatter3d" && changed.every(key => VALUES_3D.has(key) && Array.isArray(now[key]))) {
      points3d.push(i);  // plain arrays: plotly.js has nothing to decode
    } else {
      return null;
    }
  }
  let layout = {};
  for (const key of keysOf(received.layout, next.layout)) {
    if (key === "meta" || same(received.layout[key], next.layout[key])) continue;
    if (!LABELS.has(key) || next.layout[key] === undefined) return null;
    layout = { ...layout, ...edits(key, received.layout[key], next.layout[key]) };
  }
  return { traces, grids, points3d, layout };
}

async function move(Plotly, gd, { traces, grids, points3d, layout }, next) {
  gd.layout.meta = next.layout.meta;  // the alt text, which the view shows below the plot
  // the new values, attribute by attribute (Plotly.animate would merge a marker's arrays into the old)
  for (const i of [...traces, ...grids, ...points3d]) Object.assign(gd.data[i], next.data[i]);
  // Plotly.animate and the subplots' plot re-plot each subplot's layers (one per trace type) from
  // the traces they are given alone, and so remove the layers of the types none of them has (the
  // contour under a path, the bars beside a line): each subplot gets back its layers, in their
  // order, the ones re-plotted as they are now, the others as they were.
  const subplots = [...gd.querySelectorAll(".cartesianlayer .overplot > g")]
    .map(plot => [plot, [...plot.querySelectorAll(":scope > g.mlayer")]]);
  if (traces.length || grids.length || points3d.length) {
    // recomputes every trace from gd.data (cheap) and re-plots the moved lines, points and bars
    await Plotly.animate(gd, { data: traces.map(i => next.data[i]), traces },
                         { mode: "immediate", transition: { duration: 0 }, frame: { duration: 0, redraw: false } });
  }
  if (grids.length) gd._fullLayout._basePlotModules.find(module => module.name === "cartesian").plot(gd, grids);
  for (const [plot, layers] of subplots) {
    for (const layer of layers) plot.appendChild(plot.querySelector(`:scope > g.${layer.classList[0]}`) ?? layer);
  }
  // colours and line styles, which re-plotting leaves to each trace type's style (as a full draw)
  for (const module of new Set([...traces, ...grids].map(i => gd._fullData[i]._module))) module.style?.(gd);
  // each 3-D point trace redraws from its full trace (made anew from gd.data), and its scene once
  const scenes = new Set();
  for (const i of points3d) {
    const full = gd._fullData[i];
    const scene = gd._fullLayout[full.scene]._scene;
    scene.traces[full.uid].update(full);
    scenes.add(scene);
  }
  for (const scene of scenes) scene.glplot.redraw();
  if (Object.keys(layout).length) await Plotly.relayout(gd, layout);
}

async function render({ model, el }) {
  const Plotly = await plotly(model);
  const gd = document.createElement("div");
  el.appendChild(gd);
  let received = null;
  // Each draw changes the plot element in place (a 3-D scene keeps its WebGL context) and ends
  // with a "figure-drawn" event on it.
  const draw = async () => {
    const text = model.get("figure");
    const next = JSON.parse(text);
    // responsive plots fill their element: give it the figure's height (plotly's default 450 px),
    // or a figure without one collapses to nothing when redrawn
    gd.style.height = `${next.layout.height ?? 450}px`;
    const motion = received && moves(received, next);
    if (motion) {
      await move(Plotly, gd, motion, next);
    } else {
      const data = received ? keepUnchanged(received.data, gd.data, next.data) : next.data;
      await Plotly.react(gd, data, next.layout, CONFIG);
    }
    received = JSON.parse(text);
    gd.dispatchEvent(new Event("figure-drawn"));
  };
  // A change that comes while a figure is being drawn waits for it; several such changes are
  // drawn once, with the latest figure.
  let drawing = false;
  let again = false;
  const schedule = async () => {
    if (drawing) { again = true; return; }
    drawing = true;
    do {
      again = false;
      await draw().catch(error => console.error("figure view: could not draw the figure", error));
    } while (again);
    drawing = false;
  };
  schedule();
  model.on("change:figure", schedule);
  return () => { model.off("change:figure", schedule); Plotly.purge(gd); };
}

export default { render };
