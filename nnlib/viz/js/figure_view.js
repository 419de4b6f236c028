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
// the unchanged ones (a cost surface, a contour grid, the data points) makes a move recompute
// only what moved.
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

async function render({ model, el }) {
  const Plotly = await plotly(model);
  const gd = document.createElement("div");
  el.appendChild(gd);
  let received = { data: [] };
  let pending = false;
  // Plotly.react changes the plot element in place (a 3-D scene keeps its WebGL context); moves
  // that come faster than frames are drawn once, with the latest figure.
  const draw = () => {
    pending = false;
    const text = model.get("figure");
    const next = JSON.parse(text);
    const data = keepUnchanged(received.data, gd.data, next.data);
    received = JSON.parse(text);
    Plotly.react(gd, data, next.layout, CONFIG);
  };
  const schedule = () => {
    if (!pending) { pending = true; requestAnimationFrame(draw); }
  };
  draw();
  model.on("change:figure", schedule);
  return () => { model.off("change:figure", schedule); Plotly.purge(gd); };
}

export default { render };
