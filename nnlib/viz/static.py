"""The static face of an interactive: a plotly figure whose sliders work with no kernel.

Plotly's own sliders each replay one fixed update, so two sliders cannot be combined.
linked_sliders_figure precomputes the figure's state at every combination of the
control values (a grid), stores the grid in layout.meta, and a short script shipped
with the figure applies the state that matches all the sliders' current positions.
"""
import itertools
import re

import numpy as np

STATES_KEY = "nnlib_states"
PLOT_PX = 380  # height of the plot area of a figure with sliders
SLIDER_PX = 100  # vertical room for one slider: its value label, track and tick labels
SLIDER_GAP_PX = 70  # room for the x-axis title between the plot and the first slider

# Runs in the page after the figure is drawn; {plot_id} is filled in by plotly.io.to_html.
LINKED_SLIDERS_JS = """
(function () {
  var gd = document.getElementById('{plot_id}');
  var grid = gd.layout.meta.nnlib_states;
  var index = grid.initial.slice();
  var keys = document.createElement('div');  // keyboard controls, one range input per slider
  keys.className = 'nnlib-keyboard-controls';
  keys.style.cssText = 'display:flex;flex-wrap:wrap;gap:0.4em 1.5em;font-size:0.85em;margin:0.3em 0 1em 0';
  var inputs = grid.names.map(function (name, i) {
    var slider = gd.layout.sliders[i];
    var label = document.createElement('label');
    var input = document.createElement('input');
    input.type = 'range'; input.min = 0; input.max = slider.steps.length - 1; input.step = 1;
    input.value = index[i];
    input.setAttribute('aria-label', slider.currentvalue.prefix.replace(/ = $/, ''));
    input.setAttribute('aria-valuetext', slider.steps[index[i]].label);
    input.addEventListener('input', function () {
      index[i] = Number(input.value);
      var upd = {}; upd['sliders[' + i + '].active'] = index[i];
      Plotly.relayout(gd, upd);
      apply();
    });
    label.appendChild(document.createTextNode(slider.currentvalue.prefix.replace(/ = $/, '') + ' '));
    label.appendChild(input);
    keys.appendChild(label);
    return input;
  });
  gd.parentNode.insertBefore(keys, gd.nextSibling);
  function apply() {
    var k = 0;
    for (var i = 0; i < index.length; i++) {
      k = k * grid.shape[i] + index[i];
      inputs[i].value = index[i];
      inputs[i].setAttribute('aria-valuetext', gd.layout.sliders[i].steps[index[i]].label);
    }
    var state = grid.states[k];
    state.data.forEach(function (upd) { Plotly.restyle(gd, upd.props, [upd.trace]); });
    if (state.layout) { Plotly.relayout(gd, state.layout); }
    gd.setAttribute('data-nnlib-state', JSON.stringify(index));
  }
  gd.on('plotly_sliderchange', function (e) {
    index[grid.names.indexOf(e.slider.name)] = Number(e.step.value);
    apply();
  });
  gd.setAttribute('data-nnlib-state', JSON.stringify(index));
})();
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
