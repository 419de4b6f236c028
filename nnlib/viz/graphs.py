"""Computational graphs: the graphs chapter's figures and interactives.

Two faces show a graph step by step: in the page, the explorer (sum_times_explorer,
neuron_graph_explorer; nnlib/viz/js/graph_explorer.js), which computes every value, local
derivative and gradient live in the browser as nnlib.autodiff.Value does, from the config
explorer_config writes (the graph, its layout and its backward steps); in a kernel, the plotly
apps (sum_times_app, neuron_graph_app) redrawn from graph_view by ipywidgets.

A graph comes from nnlib.autodiff.Value.graph(): nodes in topological order and edges that
carry local derivatives. The layout is computed here (no graphviz): each operation sits one
column right of its latest input, each input one column left of the first node that uses it,
and the nodes of a column are ordered by the heights of the nodes they feed.

The backward pass is shown one step at a time:
  step 0            the forward pass is done: every value is known, no gradient yet;
  step 1            the output's gradient is 1 (d root / d root);
  step k = 2, 3 ... the (k-1)-th operation, from the output back, sends its gradient to its
                    parents, each multiplied by the local derivative on its edge (eq. (graph-backward)).
A node's gradient is known once every node that uses it has sent its share.
"""
import re
import uuid
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from ..autodiff import Value
from .chain_rule import LAST_LINK
from .js_modules import explorer_html
from .palette import BLUE, GREY, ORANGE, SKY, VERMILION
from .renderer import with_alt
from .widgets import LiveApp

# The chain-rule chapter's worked example, the last link of its chain: input x = a^[2], w, b, y.
X_EXAMPLE, W_EXAMPLE, B_EXAMPLE, Y_EXAMPLE = (LAST_LINK[k] for k in ("a_prev", "w", "b", "y"))
# The child's sum (a + b) * c.
A_EXAMPLE, B2_EXAMPLE, C_EXAMPLE = 3.0, 1.0, -2.0
# What the page's explorers let the reader set: a, b, c; and the neuron's w and b.
ABC_RANGE = (-5.0, 5.0)
WB_RANGE = (-4.0, 4.0)

BOX_W, BOX_H = 0.64, 0.56  # node boxes, in data units (one column / one row apart)
NEW, KNOWN, UNKNOWN = ORANGE, SKY, "white"  # box colours: gradient just found, known, not yet


# --------------------------------------------------------------------------------------
# The expressions of the chapter, built from Values
# --------------------------------------------------------------------------------------
def sum_times(a, b, c):
    """The child's computation f = (a + b) * c, as two nodes e = a + b and f = e * c."""
    a, b, c = Value(a, "a"), Value(b, "b"), Value(c, "c")
    e = (a + b).named("e")
    return (e * c).named("f")


def sum_times_loss(a, b, c, y):
    """The score of the child's answer: L = (f - y)^2 with f = (a + b) * c and y the right answer."""
    d = (sum_times(a, b, c) - Value(y, "y")).named("d")
    return (d ** 2).named("ℓ")  # the loss (L is the number of layers)


def one_neuron_loss(w=W_EXAMPLE, b=B_EXAMPLE, x=X_EXAMPLE, y=Y_EXAMPLE):
    """C0 = (sigma(w x + b) - y)^2 as nodes u = w x, z = u + b, a = sigma(z), d = a - y, C0 = d^2."""
    w, x, b, y = Value(w, "w"), Value(x, "x"), Value(b, "b"), Value(y, "y")
    u = (w * x).named("u")
    z = (u + b).named("z")
    a = z.sigmoid().named("a")
    d = (a - y).named("d")
    return (d ** 2).named("C0")


def neuron_chain_loss(weights, biases, x, y):
    """A chain of one-neuron sigmoid layers, a1 = sigma(w1 x + b1), a2 = sigma(w2 a1 + b2), ...,
    and its loss C0 = (aL - y)^2. Returns (C0, [w1, ...], [b1, ...], x) as Values."""
    if len(weights) != len(biases) or not len(weights):
        raise ValueError(f"need one bias per weight and at least one layer; got {len(weights)} "
                         f"weights and {len(biases)} biases")
    ws = [Value(w, f"w{l}") for l, w in enumerate(weights, 1)]
    bs = [Value(b, f"b{l}") for l, b in enumerate(biases, 1)]
    x = Value(x, "x")
    a = x
    for l, (w, b) in enumerate(zip(ws, bs), 1):
        a = (w * a + b).named(f"z{l}").sigmoid().named(f"a{l}")
    C0 = ((a - Value(y, "y")) ** 2).named("C0")
    return C0, ws, bs, x


# --------------------------------------------------------------------------------------
# Layout and the step-by-step backward pass
# --------------------------------------------------------------------------------------
def _neighbours(n, edges):
    """parents[i] and children[i]: the nodes that feed node i, and the nodes node i feeds."""
    parents = [[] for _ in range(n)]
    children = [[] for _ in range(n)]
    for e in edges:
        parents[e.child].append(e.parent)
        children[e.parent].append(e.child)
    return parents, children


def graph_layout(nodes, edges):
    """(x, y) positions: operations one column right of their latest input, inputs one column
    left of their first user; within a column, nodes ordered and centred by their users' heights."""
    n = len(nodes)
    parents, children = _neighbours(n, edges)
    col = [0] * n
    for i in range(n):  # topological order: parents first
        if parents[i]:
            col[i] = 1 + max(col[p] for p in parents[i])
    for i in range(n):
        if not parents[i] and children[i]:
            col[i] = min(col[c] for c in children[i]) - 1
    y = [0.0] * n
    for c in range(max(col), -1, -1):
        members = [i for i in range(n) if col[i] == c]
        bary = {i: (np.mean([y[k] for k in children[i]]) if children[i] else 0.0) for i in members}
        members.sort(key=lambda i: (-bary[i], i))
        centre = float(np.mean([bary[i] for i in members])) if members else 0.0
        for k, i in enumerate(members):
            y[i] = centre + (len(members) - 1) / 2 - k
    return [float(c) for c in col], y


def backward_schedule(nodes, edges):
    """The backward pass step by step: a list over steps 0..S of (sender, known).

    sender: the node that sends its gradient to its parents in that step (None at steps 0 and 1);
    known: the set of nodes whose gradient is complete after that step.
    """
    n = len(nodes)
    parents, children = _neighbours(n, edges)
    root = n - 1
    steps = [(None, frozenset()), (None, frozenset({root}))]
    sent = set()
    for v in reversed(range(n)):
        if not parents[v]:
            continue
        sent.add(v)
        known = {root} | {i for i in range(n) if children[i] and all(c in sent for c in children[i])}
        steps.append((v, frozenset(known)))
    return steps


class GraphView(NamedTuple):
    """Everything a drawing of a graph at one backward step shows (the update function's numbers)."""

    names: tuple  # label of each node ("e"), or its expression when it has none
    titles: tuple  # text above each box: "e = a + b" (plotly HTML)
    values: tuple  # forward value of each node
    grads: tuple  # d root / d node, all of them (from Value.backward)
    known: tuple  # bool per node: is its gradient known at this step?
    new: tuple  # bool per node: did it become known in this step?
    edges: tuple  # GraphEdge(parent, child, local)
    active: tuple  # indices of the edges the gradient flows along in this step
    x: tuple
    y: tuple
    step: int
    n_steps: int  # the last step; steps run 0..n_steps
    note: str  # what this step does, in words

    def node(self, name):
        """Index of the node with this name."""
        return self.names.index(name)

    def grad(self, name):
        return self.grads[self.node(name)]

    def value(self, name):
        return self.values[self.node(name)]


def fmt(x):
    """Numbers as the figures show them: 4 significant digits, no '-0'."""
    s = f"{x:.4g}"
    return "0" if s == "-0" else s


def _html(label):
    """'C0' -> 'C<sub>0</sub>', 'w12' -> 'w<sub>12</sub>': trailing digits as a subscript."""
    stem = label.rstrip("0123456789")
    return f"{stem}<sub>{label[len(stem):]}</sub>" if stem and stem != label else label


OPS = {
    "+": "{0} + {1}", "-": "{0} − {1}", "*": "{0}·{1}", "/": "{0} / {1}", "neg": "−{0}",
    "sigmoid": "σ({0})", "relu": "relu({0})", "tanh": "tanh({0})", "exp": "exp({0})", "log": "ln {0}",
}


def _expressions(nodes, edges):
    """The expression of each node from its parents' names, e.g. 'a + b', 'σ(z)', 'd<sup>2</sup>'."""
    parents = [[] for _ in nodes]
    for e in edges:
        parents[e.child].append(e.parent)
    out = []
    for i, node in enumerate(nodes):
        args = [_html(nodes[p].label) if nodes[p].label else f"({out[p]})" for p in parents[i]]
        if not node.op:
            out.append(_html(node.label) if node.label else fmt(node.data))
        elif node.op.startswith("**"):
            out.append(f"{args[0]}<sup>{node.op[2:]}</sup>")
        else:
            out.append(OPS.get(node.op, node.op + "({0})").format(*args))
    return out


def graph_view(root, step=None):
    """Run root.backward() and describe root's graph at backward step `step` (None: the last step)."""
    root.backward()
    nodes, edges = root.graph()
    exprs = _expressions(nodes, edges)
    schedule = backward_schedule(nodes, edges)
    n_steps = len(schedule) - 1
    step = n_steps if step is None else int(step)
    if not 0 <= step <= n_steps:
        raise ValueError(f"step must be between 0 and {n_steps} for this graph; got {step}")
    sender, known = schedule[step]
    before = schedule[step - 1][1] if step else frozenset()
    names = tuple(n.label or exprs[i] for i, n in enumerate(nodes))
    titles = tuple(f"{_html(n.label)} = {exprs[i]}" if n.label and n.op else exprs[i] for i, n in enumerate(nodes))
    x, y = graph_layout(nodes, edges)
    R = _html(names[-1])
    if step == 0:
        note = "forward pass done: every value known, no gradient yet"
    elif step == 1:
        note = f"start at the output: ∂{R}/∂{R} = 1"
    else:
        to = sorted({e.parent for e in edges if e.child == sender}, key=lambda i: -y[i])
        note = f"{_html(names[sender])} sends its gradient back to {' and '.join(_html(names[i]) for i in to)}"
    return GraphView(
        names, titles, tuple(n.data for n in nodes), tuple(n.grad for n in nodes),
        tuple(i in known for i in range(len(nodes))), tuple(i in known and i not in before for i in range(len(nodes))),
        tuple(edges), tuple(k for k, e in enumerate(edges) if sender is not None and e.child == sender),
        tuple(x), tuple(y), step, n_steps, note,
    )


# --------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------
def node_texts(view):
    """What each box shows: its value, and its gradient once known ('?' before)."""
    return [f"{fmt(v)}<br>grad<br>{fmt(g) if k else '?'}" for v, g, k in zip(view.values, view.grads, view.known)]


def box_colours(view):
    """Each box's colour: NEW (gradient found in this step), KNOWN, or UNKNOWN."""
    return [NEW if n else KNOWN if k else UNKNOWN for k, n in zip(view.known, view.new)]


def edge_texts(view):
    """The local derivative on each edge, as the boxes show numbers: '×4', '×(-0.6815)'."""
    texts = [fmt(e.local) for e in view.edges]
    return [f"×{t}" if not t.startswith("-") else f"×({t})" for t in texts]


def _edge_ends(view, e):
    """Start (right side of the parent's box) and end (left side of the child's box) of an edge."""
    return (view.x[e.parent] + BOX_W / 2, view.y[e.parent]), (view.x[e.child] - BOX_W / 2, view.y[e.child])


def _active_xy(view):
    xs, ys = [], []
    for k in view.active:
        (x0, y0), (x1, y1) = _edge_ends(view, view.edges[k])
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


def graph_figure(view, title, alt, legend=True):
    """A plotly drawing of a GraphView: boxes with value and gradient, arrows with local derivatives.

    Traces: 0 the edges the gradient flows along in this step, 1 each node's value and gradient,
    2 each node's name, 3-5 legend entries, 6 the edges (arrows). Layout: shapes 0..n-1 are the
    boxes, annotations 0..E-1 the local derivatives on the edges. The static face changes traces
    0-1, the box colours, the local derivatives and the title (graph_state).
    """
    ax, ay = _active_xy(view)
    fig = go.Figure([
        go.Scatter(x=ax, y=ay, mode="lines", line={"color": VERMILION, "width": 6}, opacity=0.55,
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=list(view.x), y=list(view.y), mode="text", text=node_texts(view),
                   textfont={"size": 13, "color": "black"}, hoverinfo="skip", showlegend=False),
        go.Scatter(x=list(view.x), y=[v + BOX_H / 2 + 0.02 for v in view.y], mode="text",
                   text=[f"<b>{t}</b>" for t in view.titles], textposition="top center",
                   textfont={"size": 13, "color": "black"}, hoverinfo="skip", showlegend=False),
    ] + [
        go.Scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip", showlegend=legend,
                   marker={"symbol": "square", "size": 14, "color": colour, "line": {"color": GREY, "width": 1}})
        for name, colour in [("gradient found in this step", NEW), ("gradient known", KNOWN),
                             ("gradient not known yet (?)", UNKNOWN)]
    ])
    shapes = [
        {"type": "rect", "x0": x - BOX_W / 2, "x1": x + BOX_W / 2, "y0": y - BOX_H / 2, "y1": y + BOX_H / 2,
         "fillcolor": colour, "line": {"color": GREY, "width": 1.5}, "layer": "below"}
        for x, y, colour in zip(view.x, view.y, box_colours(view))
    ]
    ends = [_edge_ends(view, e) for e in view.edges]
    ex = [v for (x0, _), (x1, _) in ends for v in (x0, x1, None)]
    ey = [v for (_, y0), (_, y1) in ends for v in (y0, y1, None)]
    fig.add_trace(go.Scatter(  # the edges, with an arrowhead at the child's end (trace 6)
        x=ex, y=ey, mode="lines+markers", line={"color": GREY, "width": 1.5}, hoverinfo="skip", showlegend=False,
        marker={"symbol": "arrow", "angleref": "previous", "color": GREY, "size": [0, 11, 0] * len(ends)}))
    labels = [
        {"x": (x0 + x1) / 2, "y": (y0 + y1) / 2 - (BOX_H / 2 + 0.1 if y0 == y1 else 0.0), "xref": "x", "yref": "y",
         "text": t, "showarrow": False,
         "font": {"size": 12, "color": BLUE}, "bgcolor": "rgba(255,255,255,0.9)", "borderpad": 1}
        for ((x0, y0), (x1, y1)), t in zip(ends, edge_texts(view))
    ]
    xmax, ymin, ymax = max(view.x), min(view.y), max(view.y)
    fig.update_layout(
        title={"text": title, "font": {"size": 14}, "x": 0.02, "xanchor": "left"},
        shapes=shapes, annotations=labels, template="none", plot_bgcolor="white", paper_bgcolor="white",
        height=180 + 110 * (ymax - ymin + 1), margin={"t": 110 if legend else 70, "l": 10, "r": 10, "b": 20},
        dragmode=False, showlegend=legend,
        xaxis={"visible": False, "range": [-0.45, xmax + 0.45], "fixedrange": True},
        yaxis={"visible": False, "range": [ymin - 0.4, ymax + 0.7], "fixedrange": True},
        legend={"orientation": "h", "x": 0.0, "y": 1.0, "yanchor": "bottom", "font": {"size": 12}},
    )
    return with_alt(fig, alt)


def graph_state(view, title, alt):
    """What changes with the inputs and the step: traces 0-1, box colours, local derivatives, title;
    and the text alternative, alt."""
    ax, ay = _active_xy(view)
    layout = {"title.text": title}
    layout.update({f"shapes[{i}].fillcolor": c for i, c in enumerate(box_colours(view))})
    layout.update({f"annotations[{k}].text": t for k, t in enumerate(edge_texts(view))})
    return {"data": {0: {"x": ax, "y": ay}, 1: {"text": node_texts(view)}}, "layout": layout, "alt": alt}


def _alt_for(view, what):
    parts = [f"{n} = {fmt(v)}" + (f" with gradient {fmt(g)}" if k else " with gradient not yet known")
             for n, v, g, k in zip(view.names, view.values, view.grads, view.known)]
    return (f"Computational graph of {what}, drawn left to right from the inputs to the output, at "
            f"backward step {view.step} of {view.n_steps}: " + "; ".join(parts) + ".")


def draw_graph(root, title=None):
    """The graph of any Value with every value and gradient (runs root.backward())."""
    view = graph_view(root)
    view = view._replace(new=(False,) * len(view.names), active=())
    R = _html(view.names[-1])
    title = title or f"{view.titles[-1]} = {fmt(view.values[-1])};  in each box: value, and grad = ∂{R}/∂(box)"
    return graph_figure(view, title, _alt_for(view, view.titles[-1]), legend=False)


# --------------------------------------------------------------------------------------
# Interactive 1: the child's (a + b) * c
# --------------------------------------------------------------------------------------
def sum_times_view(a, b, c, step=None):
    """The update function: the graph of f = (a + b) * c at backward step `step`."""
    return graph_view(sum_times(a, b, c), step)


def _sum_times_title(a, b, c, view):
    return (f"a = {a:g}, b = {b:g}, c = {c:g}:  e = a + b = {fmt(view.value('e'))},  "
            f"f = e·c = {fmt(view.value('f'))}<br>backward step {view.step} of {view.n_steps}: {view.note}")


SUM_TIMES_GRAPH = "f = (a + b) times c"  # what the text alternative calls the graph


def sum_times_figure(a=A_EXAMPLE, b=B2_EXAMPLE, c=C_EXAMPLE, step=None):
    view = sum_times_view(a, b, c, step)
    return graph_figure(view, _sum_times_title(a, b, c, view), _alt_for(view, SUM_TIMES_GRAPH))


def sum_times_state(a, b, c, step):
    view = sum_times_view(a, b, c, step)
    return graph_state(view, _sum_times_title(a, b, c, view), _alt_for(view, SUM_TIMES_GRAPH))


def _nearest(values, v):
    return int(np.argmin(np.abs(np.asarray(values) - v)))


# --------------------------------------------------------------------------------------
# Interactive 2: one neuron and its loss, C0 = (sigma(w x + b) - y)^2
# --------------------------------------------------------------------------------------
def neuron_graph_view(w=W_EXAMPLE, b=B_EXAMPLE, step=None, x=X_EXAMPLE, y=Y_EXAMPLE):
    """The update function: the graph of C0 = (sigma(w x + b) - y)^2 at backward step `step`."""
    return graph_view(one_neuron_loss(w, b, x, y), step)


def _neuron_title(w, b, x, y, view):
    return (f"w = {fmt(w)}, b = {fmt(b)}, x = {fmt(x)}, y = {fmt(y)}:  z = {fmt(view.value('z'))},  "
            f"a = {fmt(view.value('a'))},  C<sub>0</sub> = {fmt(view.value('C0'))}"
            f"<br>backward step {view.step} of {view.n_steps}: {view.note}")


NEURON_GRAPH = "the one-neuron loss C0 = (sigma(w x + b) - y) squared"


def neuron_graph_figure(w=W_EXAMPLE, b=B_EXAMPLE, step=None, x=X_EXAMPLE, y=Y_EXAMPLE):
    view = neuron_graph_view(w, b, step, x, y)
    return graph_figure(view, _neuron_title(w, b, x, y, view), _alt_for(view, NEURON_GRAPH))


def neuron_graph_state(w, b, step, x=X_EXAMPLE, y=Y_EXAMPLE):
    view = neuron_graph_view(w, b, step, x, y)
    return graph_state(view, _neuron_title(w, b, x, y, view), _alt_for(view, NEURON_GRAPH))


# --------------------------------------------------------------------------------------
# The page's face: the explorer, computed live in the browser (nnlib/viz/js/graph_explorer.js)
# --------------------------------------------------------------------------------------
_SUB, _SUP = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"), str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def plain(html):
    """A title or note as SVG text shows it: C<sub>0</sub> -> C₀, d<sup>2</sup> -> d², tags gone."""
    html = re.sub(r"<sub>(\d+)</sub>", lambda m: m.group(1).translate(_SUB), html)
    html = re.sub(r"<sup>(\d+)</sup>", lambda m: m.group(1).translate(_SUP), html)
    return re.sub(r"<[^>]+>", "", html)


def explorer_title(view, inputs, heading):
    """The explorer's title, two lines: the inputs and the heading nodes' values ("a = 3, b = 1,
    c = -2:  e = a + b = 4,  f = e·c = -8"), then the backward step and what it does."""
    head = ", ".join(f"{name} = {fmt(view.value(name))}" for name in inputs)
    shown = ",  ".join(f"{plain(view.titles[view.node(name)])} = {fmt(view.value(name))}" for name in heading)
    return [f"{head}:  {shown}", f"backward step {view.step} of {view.n_steps}: {plain(view.note)}"]


def explorer_config(root, inputs, heading, what, description):
    """What the explorer computes from, JSON-ready: root's graph (each node's name, title, operation
    and, for a leaf, its value; the edges in the order of each node's operands), the layout
    (graph_layout), each backward step's known and new nodes, active edges and note
    (backward_schedule, graph_view), and the colours. inputs: {name: (lo, hi)} of the leaves the
    reader sets; heading: the nodes whose values the title shows. The numbers it shows it
    computes in the page, as nnlib.autodiff.Value does."""
    view = graph_view(root)
    missing = [n for n in [*inputs, *heading] if n not in view.names]
    if missing:
        raise ValueError(f"no node named {missing} in the graph; its nodes are {list(view.names)}")
    nodes, _ = root.graph()
    for name, (lo, hi) in inputs.items():
        node = nodes[view.node(name)]
        if node.op or not lo <= node.data <= hi:
            raise ValueError(f"input {name} must be a leaf whose value {node.data:g} lies in its range [{lo:g}, {hi:g}]")
    steps = [graph_view(root, s) for s in range(view.n_steps + 1)]
    return {
        "what": what, "description": description,
        "nodes": [{"name": view.names[i], "label": plain(_html(view.names[i])), "title": plain(view.titles[i]),
                   "op": n.op, "value": n.data}
                  for i, n in enumerate(nodes)],
        "edges": [[e.parent, e.child] for e in view.edges],
        "inputs": [{"node": view.node(name), "name": name, "label": name, "min": lo, "max": hi}
                   for name, (lo, hi) in inputs.items()],
        "heading": [view.node(name) for name in heading],
        "steps": [{"known": [i for i, k in enumerate(v.known) if k], "new": [i for i, k in enumerate(v.new) if k],
                   "active": list(v.active), "note": plain(v.note)} for v in steps],
        "start": {"step": view.n_steps},  # the backward pass done, as the kernel's app starts
        "layout": {"x": list(view.x), "y": list(view.y)},
        "colours": {"new": NEW, "known": KNOWN, "unknown": UNKNOWN, "active": VERMILION, "edge": GREY,
                    "edge_text": BLUE, "grey": GREY},
    }


class GraphExplorer:
    """The explorer as a notebook output: HTML with the module inlined (js_modules.explorer_html),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-graph-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("graph_explorer.js", "mountGraphExplorer", self.config, self.element_id)

    def __repr__(self):
        names = ", ".join(i["name"] for i in self.config["inputs"])
        return (f"Graph explorer of {self.config['what']} (it runs in the browser: set {names} and step "
                f"through the backward pass)")


def sum_times_explorer(a=A_EXAMPLE, b=B2_EXAMPLE, c=C_EXAMPLE):
    """The graph of f = (a + b) * c, live in the page: a, b and c from -5 to 5, the backward step."""
    return GraphExplorer(explorer_config(
        sum_times(a, b, c), {k: ABC_RANGE for k in "abc"}, ("e", "f"), "f = (a + b) times c",
        "The graph of f = (a + b)·c. Set a, b and c (drag an input's box up or down, use the arrow keys on it, "
        "its slider or its field): every value, every arrow's local derivative and every gradient "
        "grad = ∂f/∂(box) is recomputed. Step through the backward pass to see the gradients arrive from the output back."))


def neuron_graph_explorer(w=W_EXAMPLE, b=B_EXAMPLE, x=X_EXAMPLE, y=Y_EXAMPLE):
    """The graph of C0 = (sigma(w x + b) - y)^2, live in the page: w and b from -4 to 4, the backward step."""
    return GraphExplorer(explorer_config(
        one_neuron_loss(w, b, x, y), {"w": WB_RANGE, "b": WB_RANGE}, ("z", "a", "C0"),
        "the one-neuron loss C0 = (sigma(w x + b) - y) squared",
        f"The graph of one neuron's loss C₀ = (σ(w·x + b) − y)² with x = {fmt(x)} and y = {fmt(y)}. Set w and b "
        "(drag an input's box up or down, use the arrow keys on it, its slider or its field): every value, local "
        "derivative and gradient grad = ∂C₀/∂(box) is recomputed. Step through the backward pass from the loss back."))


# --------------------------------------------------------------------------------------
# Kernel faces
# --------------------------------------------------------------------------------------
class GraphApp(LiveApp):
    """A LiveApp whose control "step" (the backward step) is a whole-number slider with a play
    button; every move restyles one figure with the same state function as the static face."""

    def __init__(self, controls, figure_for, state_for):
        super().__init__(controls, figure_for, state_for)
        steps = list(controls["step"][0])
        old = self.sliders["step"]
        step = widgets.IntSlider(value=int(old.value), min=steps[0], max=steps[-1], description="backward step",
                                 style={"description_width": "initial"}, layout={"width": "420px"})
        # the Play widget starts where the slider starts: jslink copies play's value to the slider
        play = widgets.Play(value=int(old.value), min=steps[0], max=steps[-1], interval=1200,
                            description="play the backward pass")
        widgets.jslink((play, "value"), (step, "value"))
        step.observe(lambda _: self.show(**self.values()), names="value")
        self.sliders["step"] = step
        self.children = tuple(widgets.HBox([play, step]) if c is old else c for c in self.children)


def sum_times_controls(a=A_EXAMPLE, b=B2_EXAMPLE, c=C_EXAMPLE):
    """The live app's controls: a, b, c from -5 to 5 in steps of 0.25, and the backward step."""
    values = np.round(np.arange(-5.0, 5.01, 0.25), 2)
    controls = {k: (values, _nearest(values, v), k) for k, v in (("a", a), ("b", b), ("c", c))}
    n_steps = sum_times_view(a, b, c).n_steps
    controls["step"] = (list(range(n_steps + 1)), n_steps, "backward step")
    return controls


def sum_times_app(a=A_EXAMPLE, b=B2_EXAMPLE, c=C_EXAMPLE):
    """Kernel face of the (a + b) * c graph."""
    return GraphApp(sum_times_controls(a, b, c), sum_times_figure, sum_times_state)


def neuron_graph_controls(w=W_EXAMPLE, b=B_EXAMPLE, x=X_EXAMPLE, y=Y_EXAMPLE):
    """The live app's controls: w, b, the input x, the target y, and the backward step."""
    def grid(lo, hi, d, start):
        # steps of d from lo to hi through the starting value, so the app starts exactly there
        below, above = np.floor((start - lo) / d + 1e-9), np.floor((hi - start) / d + 1e-9)
        return start + d * np.arange(-below, above + 1)

    ws, bs = grid(-4, 4, 0.02, w), grid(-4, 4, 0.02, b)
    xs, ys = grid(-2, 2, 0.02, x), grid(0, 1, 0.05, y)
    n_steps = neuron_graph_view(w, b, None, x, y).n_steps
    return {
        "w": (ws, _nearest(ws, w), "weight w"),
        "b": (bs, _nearest(bs, b), "bias b"),
        "x": (xs, _nearest(xs, x), "input x = a^(L-1)"),
        "y": (ys, _nearest(ys, y), "target y"),
        "step": (list(range(n_steps + 1)), n_steps, "backward step"),
    }


def neuron_graph_app(w=W_EXAMPLE, b=B_EXAMPLE, x=X_EXAMPLE, y=Y_EXAMPLE):
    """Kernel face of the one-neuron graph: w, b, the input x, the target y and the backward step."""
    return GraphApp(neuron_graph_controls(w, b, x, y), neuron_graph_figure, neuron_graph_state)


# --------------------------------------------------------------------------------------
# The block picture of a network (S2): forward blocks cache, backward blocks return gradients
# --------------------------------------------------------------------------------------
def blocks_figure(sizes=(4, 4, 4, 4, 1)):
    """Forward blocks (top, left to right) and backward blocks (bottom, right to left) of a
    network with layer sizes n_0..n_L; the cache goes down from each forward block to its
    backward block, and each backward block gives dW and db."""
    sizes = [int(n) for n in sizes]
    L = len(sizes) - 1
    if L < 1:
        raise ValueError(f"a network needs at least two layer sizes; got {sizes}")
    sup = lambda s, l: f"{s}<sup>[{l}]</sup>"  # noqa: E731
    shapes, notes = [], []

    def box(x, y, text, colour):
        shapes.append({"type": "rect", "x0": x - 0.36, "x1": x + 0.36, "y0": y - 0.32, "y1": y + 0.32,
                       "fillcolor": colour, "opacity": 0.9, "line": {"color": GREY, "width": 1.5}, "layer": "below"})
        notes.append({"x": x, "y": y, "text": text, "showarrow": False, "font": {"size": 13}})

    def arrow(x0, y0, x1, y1, text="", colour=GREY, dash=False, dy=0.1):
        notes.append({"x": x1, "y": y1, "ax": x0, "ay": y0, "xref": "x", "yref": "y", "axref": "x", "ayref": "y",
                      "text": "", "showarrow": True, "arrowhead": 2, "arrowwidth": 1.8, "arrowcolor": colour})
        if text:
            notes.append({"x": (x0 + x1) / 2, "y": (y0 + y1) / 2 + dy, "text": text, "showarrow": False,
                          "font": {"size": 12, "color": colour}, "yanchor": "bottom"})

    for l in range(1, L + 1):
        box(l, 1.0, f"layer {l}<br>forward<br>{sup('W', l)}: {sizes[l]}×{sizes[l - 1]}", SKY)
        box(l, -0.6, f"layer {l}<br>backward", ORANGE)
        arrow(l - 0.64 if l > 1 else 0.2, 1.0, l - 0.36, 1.0,
              f"{sup('A', l - 1)}<br>({sizes[l - 1]}, m)" if l > 1 else "", BLUE)
        if l < L:
            arrow(l + 0.64, -0.6, l + 0.36, -0.6, "", VERMILION)
        arrow(l, 0.68, l, -0.28, "", GREY)
        notes.append({"x": l + 0.04, "y": 0.2, "text": f"cache<br>{sup('Z', l)}, {sup('A', l - 1)}", "showarrow": False,
                      "xanchor": "left", "font": {"size": 12, "color": GREY}})
        arrow(l, -0.92, l, -1.35, "", VERMILION)
        notes.append({"x": l, "y": -1.38, "text": f"d{sup('W', l)}, d{sup('b', l)}", "showarrow": False,
                      "yanchor": "top", "font": {"size": 12, "color": VERMILION}})
        if l > 1:
            notes.append({"x": l - 0.5, "y": -0.5, "text": f"d{sup('A', l - 1)}", "showarrow": False,
                          "yanchor": "bottom", "font": {"size": 12, "color": VERMILION}})
    # the input, the output and the cost
    notes.append({"x": 0.15, "y": 1.0, "text": f"X = {sup('A', 0)}<br>({sizes[0]}, m)", "showarrow": False,
                  "xanchor": "right", "font": {"size": 12, "color": BLUE}})
    arrow(L + 0.36, 1.0, L + 0.74, 1.0, f"{sup('A', L)}<br>({sizes[-1]}, m)", BLUE)
    box(L + 1.1, 1.0, "cost C", "white")
    arrow(L + 1.1, 0.68, L + 0.36, -0.6, "", VERMILION)
    notes.append({"x": L + 0.8, "y": 0.0, "text": f"d{sup('A', L)} =<br>∂C/∂{sup('A', L)}", "showarrow": False,
                  "xanchor": "left", "font": {"size": 12, "color": VERMILION}})
    arrow(0.64, -0.6, 0.2, -0.6, "", GREY)
    notes.append({"x": 0.15, "y": -0.6, "text": f"d{sup('A', 0)}<br>not needed", "showarrow": False,
                  "xanchor": "right", "font": {"size": 12, "color": GREY}})
    fig = go.Figure()
    fig.update_layout(
        shapes=shapes, annotations=notes, template="plotly_white", height=430, dragmode=False,
        margin={"t": 40, "l": 10, "r": 10, "b": 10},
        title={"text": f"Blocks of a network with layer sizes {sizes}: forward (blue) and backward (orange)",
               "font": {"size": 14}, "x": 0.02, "xanchor": "left"},
        xaxis={"visible": False, "range": [-0.55, L + 1.6], "fixedrange": True},
        yaxis={"visible": False, "range": [-1.75, 1.5], "fixedrange": True},
    )
    return with_alt(fig, (
        f"Block diagram of a network with layer sizes {sizes}. Top row: the forward blocks of layers 1 "
        f"to {L}, left to right; block l takes A[l-1] and gives A[l], and keeps a cache with Z[l] and "
        f"A[l-1]. The last activation goes into the cost C. Bottom row: the backward blocks from layer {L} "
        f"back to layer 1; block l takes dA[l] and its cache and gives dA[l-1] to the block on its left, "
        f"and the gradients dW[l] and db[l] below it."))
