"""The static face of an interactive: a plotly figure whose sliders work with no kernel.

Plotly's own sliders each replay one fixed update, so two sliders cannot be combined.
linked_sliders_figure precomputes the figure's state at every combination of the
control values (a grid), stores the grid in layout.meta, and a short script shipped
with the figure applies the state that matches all the sliders' current positions.

In the page the grid travels in a compact form (compact_states): each changing property is
a column holding its distinct values once, indexed only by the sliders it depends on, so a
curve that depends on one of three sliders is stored once per position of that slider, not
once per state of the grid; an array that is the start of a longer one in the same column
(a path drawn up to step k) is stored as that longer array's first n elements. expand_state
reads one state back, as the page script does.
"""
import itertools
import json
import re

import numpy as np

STATES_KEY = "nnlib_states"
PLOT_PX = 380  # height of the plot area of a figure with sliders
SLIDER_PX = 100  # vertical room for one slider: its value label, track and tick labels
SLIDER_GAP_PX = 70  # room for the x-axis title between the plot and the first slider

# Runs in the page once the figure is drawn (renderer.py calls it with gd, the figure's div, and
# grid, the compact form of its states made by compact_states). It adds, after the figure: a range
# input per slider (keyboard control: Tab to it, arrow keys move it) and a readout for screen
# readers (aria-live) that states the sliders' values and the figure's title, the figure's key
# numbers; both follow the plotly sliders, and the plotly sliders follow them.
LINKED_SLIDERS_JS = """
function nnlibLinkSliders(gd, grid) {
  var index = grid.initial.slice();
  var names = gd.layout.sliders.map(function (s) { return s.currentvalue.prefix.replace(/ = $/, ''); });
  var keys = document.createElement('div');  // keyboard controls, one range input per slider
  keys.className = 'nnlib-keyboard-controls';
  keys.style.cssText = 'display:flex;flex-wrap:wrap;gap:0.4em 1.5em;font-size:0.85em;margin:0.3em 0 1em 0';
  var readout = document.createElement('p');
  readout.id = gd.id + '-readout';
  readout.className = 'nnlib-figure-readout';
  readout.setAttribute('aria-live', 'polite');
  readout.setAttribute('aria-atomic', 'true');
  readout.style.cssText = 'position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;' +
    'overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap';
  gd.setAttribute('aria-describedby', readout.id);
  var inputs = grid.names.map(function (name, i) {
    var steps = gd.layout.sliders[i].steps;
    var label = document.createElement('label');
    var input = document.createElement('input');
    input.type = 'range'; input.min = 0; input.max = steps.length - 1; input.step = 1;
    input.value = index[i];
    input.setAttribute('aria-valuetext', steps[index[i]].label);
    input.addEventListener('input', function () {
      index[i] = Number(input.value);
      moved['sliders[' + i + '].active'] = index[i];  // the plotly slider follows, in the same redraw
      schedule();
    });
    label.appendChild(document.createTextNode(names[i] + ' '));
    label.appendChild(input);
    keys.appendChild(label);
    return input;
  });
  gd.parentNode.insertBefore(readout, gd.nextSibling);
  gd.parentNode.insertBefore(keys, gd.nextSibling);
  function text(html) {  // a plotly title as plain text: <br> as a separator, other tags dropped
    html = String(html || '').replace(/<br\\s*\\/?>/gi, '; ');
    var doc = new DOMParser().parseFromString(html, 'text/html');  // inert: runs and loads nothing
    return doc.body.textContent.replace(/\\s+/g, ' ').trim();
  }
  function describe() {
    var values = names.map(function (n, i) { return n + ' = ' + gd.layout.sliders[i].steps[index[i]].label; });
    var title = text(gd.layout.title && gd.layout.title.text);
    return values.join(', ') + (title ? '. ' + title : '');
  }
  var timer = null;
  function announce() {  // after the controls rest for a moment, so a screen reader is not flooded
    clearTimeout(timer);
    timer = setTimeout(function () { readout.textContent = describe(); }, 150);
  }
  // Every change of a state goes into ONE Plotly.update, so the figure redraws once (a 3-D scene
  // redrawn once per changed trace made each move slow); and while the reader drags, the states
  // are applied at most once per frame.
  var moved = {}, pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; apply(); });
  }
  function apply() {
    var traceIds = [], update = {}, layout = moved;
    moved = {};
    grid.columns.forEach(function (col) {
      var k = 0;
      col.axes.forEach(function (a) { k = k * grid.shape[a] + index[a]; });
      var id = col.ids[k];
      if (id < 0) { return; }  // this state leaves the property alone
      var value = col.values[id], prefix = col.prefixes && col.prefixes[id];
      if (prefix) { value = [col.values[prefix[0]][0].slice(0, prefix[1])]; }  // the first n of a longer one
      if (col.trace === null) { layout[col.path] = value; return; }
      var j = traceIds.indexOf(col.trace);
      if (j < 0) { j = traceIds.push(col.trace) - 1; }
      // one entry per updated trace; undefined leaves that trace's property alone. A value is
      // stored as restyle takes it for one trace (an array wrapped once more), hence value[0].
      update[col.path] = update[col.path] || [];
      update[col.path][j] = Array.isArray(value) ? value[0] : value;
    });
    Object.keys(update).forEach(function (path) { update[path].length = traceIds.length; });
    Plotly.update(gd, update, layout, traceIds);
    for (var i = 0; i < index.length; i++) {
      inputs[i].value = index[i];
      inputs[i].setAttribute('aria-valuetext', gd.layout.sliders[i].steps[index[i]].label);
    }
    gd.setAttribute('data-nnlib-state', JSON.stringify(index));
    announce();
  }
  gd.on('plotly_sliderchange', function (e) {
    index[grid.names.indexOf(e.slider.name)] = Number(e.step.value);
    schedule();
  });
  readout.textContent = describe();
  gd.setAttribute('data-nnlib-state', JSON.stringify(index));
}
"""


DECIMALS = 4  # precomputed states are stored to 4 decimals: plenty for a screen, 4x smaller pages


def _as_list(value):
    if isinstance(value, np.ndarray):
        return np.round(value, DECIMALS).tolist() if value.dtype.kind == "f" else value.tolist()
    return value


def _label(value):
    """A slider step's label: numbers compactly (2, -0.5), anything else (a name) as text."""
    return f"{value:g}" if isinstance(value, (int, float, np.number)) else str(value)


def _restyle_props(props):
    """Plotly.restyle wants array values wrapped once more: {'y': [[...]]} updates one trace."""
    return {k: [_as_list(v)] if isinstance(v, (list, np.ndarray)) else _as_list(v) for k, v in props.items()}


def linked_sliders_figure(fig, controls, state, plot_px=PLOT_PX, gap_px=SLIDER_GAP_PX):
    """Add one slider per control to fig and precompute every state of the grid.

    controls: {name: (values, initial_index, label)}, in slider order (top to bottom);
    values may be numbers or names (e.g. which parameter to nudge).
    state(**values) -> {"data": {trace_index: {prop: value}}, "layout": {path: value}}:
    what to change in fig for those control values. fig should be drawn at the initial
    values. plot_px: height of the plot area above the sliders; gap_px: room between the plot
    area and the first slider (axis titles, a legend). Returns fig (modified in place).
    """
    names = list(controls)
    value_lists = [list(controls[n][0]) for n in names]
    initial = [int(controls[n][1]) for n in names]
    states = []
    for combo in itertools.product(*value_lists):
        s = state(**dict(zip(names, combo)))
        states.append({
            "data": [{"trace": int(t), "props": _restyle_props(p)} for t, p in s.get("data", {}).items()],
            "layout": {k: _as_list(v) for k, v in s.get("layout", {}).items()},
        })
    n = len(names)
    existing_meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    top = fig.layout.margin.t if fig.layout.margin.t is not None else 80
    bottom = gap_px + SLIDER_PX * n
    fig.update_layout(
        height=top + plot_px + bottom,
        margin={"t": top, "b": bottom},
        meta={**existing_meta, STATES_KEY: {"names": names, "shape": [len(v) for v in value_lists], "initial": initial, "states": states}},
        sliders=[
            {
                "name": name,
                "active": initial[i],
                "currentvalue": {"prefix": f"{controls[name][2]} = "},
                "pad": {"t": 0, "b": 0},
                # paper coordinates: 0 is the bottom of the plot area, -1 is plot_px pixels below it
                "y": -(gap_px - 10 + SLIDER_PX * i) / plot_px,
                "yanchor": "top",
                "len": 1.0,
                "steps": [
                    {"label": _label(v), "value": str(j), "method": "skip", "args": []}
                    for j, v in enumerate(values)
                ],
            }
            for i, (name, values) in enumerate(zip(names, value_lists))
        ],
    )
    return fig


# What the plotly JSON face of a figure with several linked sliders says where they were (jupyter_face).
JUPYTER_NOTE = ("In the HTML book, sliders move this figure. In Jupyter, the live app "
                "next to it does (it runs nnlib in the kernel).")
ANIMATE = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}


def _nested(path, value):
    """{"marker": {"color": value}} for the path "marker.color"."""
    for key in reversed(path.split(".")):
        value = {key: value}
    return value


def _tree(items):
    """One nested dict from (path, value) pairs."""
    tree = {}
    for path, value in items:
        _merge(tree, _nested(path, value))
    return tree


def _merge(into, more):
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def frames(grid):
    """The states of a one-slider grid as plotly frames (plotly animates between them with no
    script of ours), or None if a state changes an item of a layout array (shapes[3]...), which a
    frame cannot say."""
    if any("[" in path for state in grid["states"] for path in state["layout"]):
        return None
    return [{"name": str(j),
             # a trace's array values carry one list more, for Plotly.restyle (_restyle_props)
             "data": [_tree((path, v[0] if isinstance(v, list) else v) for path, v in d["props"].items())
                      for d in state["data"]],
             "traces": [d["trace"] for d in state["data"]],
             "layout": _tree(state["layout"].items())}
            for j, state in enumerate(grid["states"])]


def jupyter_face(fig_dict):
    """The figure for Jupyter's own plotly renderer, which cannot run the linking script.

    With one slider, its states become plotly frames and the slider animates to them, so it works
    in JupyterLab as in the book. With several, that face shows the initial state without sliders
    (they would move while the figure stays put) and, where they were, a note sending the reader
    to the chapter's live app, which runs nnlib in the kernel. Either way the grid leaves the meta."""
    layout = dict(fig_dict.get("layout", {}) or {})
    meta = layout.get("meta")
    if not isinstance(meta, dict) or STATES_KEY not in meta:
        return fig_dict
    grid = meta[STATES_KEY]
    layout["meta"] = {k: v for k, v in meta.items() if k != STATES_KEY}
    sliders = layout.pop("sliders", []) or []
    animation = frames(grid) if len(sliders) == 1 else None
    if animation is not None:
        steps = [{**step, "method": "animate", "args": [[str(j)], ANIMATE]} for j, step in enumerate(sliders[0]["steps"])]
        layout["sliders"] = [{**sliders[0], "steps": steps}]
        return {**fig_dict, "layout": layout, "frames": animation}
    margin = dict(layout.get("margin", {}) or {})
    bottom = margin.get("b", SLIDER_GAP_PX + SLIDER_PX * len(sliders))
    kept = max(SLIDER_GAP_PX, bottom - SLIDER_PX * len(sliders))  # room for the axis titles and the note
    layout["margin"] = {**margin, "b": kept}
    if isinstance(layout.get("height"), (int, float)):
        layout["height"] = layout["height"] - (bottom - kept)
    note = {"text": JUPYTER_NOTE, "showarrow": False, "xref": "paper", "yref": "paper", "x": 0, "y": 0,
            "xanchor": "left", "yanchor": "top", "yshift": -(kept - 22), "font": {"size": 12}}
    layout["annotations"] = list(layout.get("annotations", []) or []) + [note]
    return {**fig_dict, "layout": layout}


_PATH = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def _set_path(obj, path, value):
    """obj["shapes"][3]["line"]["width"] = value for the path 'shapes[3].line.width'."""
    keys = []
    for name, index in _PATH.findall(path):
        keys.append(name)
        if index:
            keys.append(int(index))
    for k in keys[:-1]:
        obj = obj[k]
    obj[keys[-1]] = value.tolist() if isinstance(value, np.ndarray) else value


def apply_state(fig, state):
    """Write a state {"data": {trace: {path: value}}, "layout": {path: value}} (the format of
    linked_sliders_figure's states) into a plain plotly figure dict, in place; returns fig.

    The fast way for a live app to redraw: copy a base figure dict, apply the state, render.
    """
    for trace, props in state.get("data", {}).items():
        for path, value in props.items():
            _set_path(fig["data"][trace], path, value)
    for path, value in state.get("layout", {}).items():
        _set_path(fig["layout"], path, value)
    return fig


def _canonical(value):
    """A hashable text form of a state value, to tell equal values apart from different ones."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=repr)


def compact_states(grid):
    """The grid of linked_sliders_figure (layout.meta[STATES_KEY]) in the form the page stores.

    Returns {"names", "shape", "initial", "columns"}; one column per property any state
    changes: {"trace": trace index, or None for a layout path, "path", "axes": the sliders
    (indices into shape) its value depends on, "values": its distinct values, "ids": for each
    position of those sliders (row-major, as the page computes it) the index of its value in
    values, or -1 where the state leaves the property alone; and, if some values are the start
    of a longer one, "prefixes": for each value [j, n] (it is [values[j][0][:n]], and stored as
    None) or None}. expand_state inverts it.
    """
    shape = [int(n) for n in grid["shape"]]
    states = grid["states"]
    assert len(states) == int(np.prod(shape)), "a grid needs one state per combination of values"
    missing = object()
    cells = {}  # (trace, path) -> the value in each state (missing where the state has none)
    for k, state in enumerate(states):
        for upd in state.get("data", []):
            for path, value in upd["props"].items():
                cells.setdefault((int(upd["trace"]), path), [missing] * len(states))[k] = value
        for path, value in (state.get("layout") or {}).items():
            cells.setdefault((None, path), [missing] * len(states))[k] = value
    columns = []
    for (trace, path), per_state in cells.items():
        values, seen, ids = [], {}, []
        for value in per_state:
            if value is missing:
                ids.append(-1)
                continue
            key = _canonical(value)
            if key not in seen:
                seen[key] = len(values)
                values.append(value)
            ids.append(seen[key])
        ids = np.array(ids).reshape(shape)
        axes = [a for a in range(len(shape)) if not (ids == ids.take([0], axis=a)).all()]
        sub = ids[tuple(slice(None) if a in axes else 0 for a in range(len(shape)))]
        column = {"trace": trace, "path": path, "axes": axes, "values": values,
                  "ids": [int(i) for i in np.ravel(sub)]}
        prefixes = _prefixes(values)
        if any(prefixes):
            column["prefixes"] = prefixes
            column["values"] = [None if p else v for v, p in zip(values, prefixes)]
        columns.append(column)
    return {"names": list(grid["names"]), "shape": shape, "initial": [int(i) for i in grid["initial"]],
            "columns": columns}


MIN_PREFIX = 8  # shorter arrays are cheaper to store than to point at


def _prefixes(values):
    """For each value, [j, n] if it is [a] with a the first n elements of values[j]'s array (and
    values[j] is stored whole), else None. Only restyle values of one array ([a]) take part."""
    arrays = [v[0] if isinstance(v, list) and len(v) == 1 and isinstance(v[0], list) else None for v in values]
    longest_first = sorted((i for i, a in enumerate(arrays) if a is not None), key=lambda i: -len(arrays[i]))
    whole = []  # indices of the arrays stored whole: those that start no longer array
    prefixes = [None] * len(values)
    for i in longest_first:
        a = arrays[i]
        j = next((j for j in whole if len(arrays[j]) > len(a) and arrays[j][:len(a)] == a), None)
        if j is None or len(a) < MIN_PREFIX:
            whole.append(i)
        else:
            prefixes[i] = [j, len(a)]
    return prefixes


def expand_state(compact, index):
    """The state at slider positions `index` from compact_states' form, as the page reads it:
    {"data": {trace: {path: value}}, "layout": {path: value}}."""
    state = {"data": {}, "layout": {}}
    for col in compact["columns"]:
        k = 0
        for a in col["axes"]:
            k = k * compact["shape"][a] + index[a]
        i = col["ids"][k]
        if i < 0:
            continue
        prefix = col.get("prefixes", [None] * (i + 1))[i]
        value = [col["values"][prefix[0]][0][:prefix[1]]] if prefix else col["values"][i]
        if col["trace"] is None:
            state["layout"][col["path"]] = value
        else:
            state["data"].setdefault(col["trace"], {})[col["path"]] = value
    return state
