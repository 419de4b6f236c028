"""The pipeline chapter's live explorer of one sigmoid neuron a = sigma(w x + b) on the eight students.

The page's face of nnlib.viz.neuron: the reader sets w and b (drags the point on a small contour map
of the cost over (w, b), moves it with the arrow keys, or uses the sliders and number fields) and
sees, computed in the browser by the JavaScript twin of nnlib (nnlib/viz/js/neuron_explorers.js),
the neuron's curve over the students, its outputs, the cost and its two partial derivatives: the
numbers of neuron_fit. The kernel face stays nnlib.viz.neuron.neuron_app.
"""
import uuid

from .cost_surface import COLORSCALE, CONTOURS, lowest_point
from .js_modules import explorer_html
from .neuron import B_VALUES, HOURS, PASSED, W_VALUES, X_GRID
from .palette import BLUE, GREY, ORANGE, VERMILION

# The window of (w, b) the explorer offers: the kernel app's slider ranges.
W_RANGE = (float(W_VALUES[0]), float(W_VALUES[-1]))
B_RANGE = (float(B_VALUES[0]), float(B_VALUES[-1]))
DESCRIPTION = ("Left: the eight students' hours of study x and results y (dots), the neuron's curve "
               "a = σ(wx + b) and its outputs a on the students (crosses). Right: the cost C over the plane of "
               "w and b as a contour map (darker is lower, the star the lowest point); the dot is the current "
               "(w, b). Drag the dot, move it with the arrow keys, or use the sliders and fields; the line above "
               "the figure gives the cost and its partial derivatives.")


def explorer_config(w=2.0, b=-4.0):
    """What the page computes from, JSON-ready: the data, the curve's inputs, the window, the start,
    the lowest point (nnlib.sgd), the contour levels and the colours. The explorer computes every
    number it shows with the twin of nnlib; the browser tests check them against neuron_fit."""
    if not (W_RANGE[0] <= w <= W_RANGE[1] and B_RANGE[0] <= b <= B_RANGE[1]):
        raise ValueError(f"(w, b) = ({w}, {b}) must lie in the explorer's window w in {list(W_RANGE)}, "
                         f"b in {list(B_RANGE)}")
    lw, lb, lc = lowest_point()
    return {
        "X": HOURS.tolist(), "Y": PASSED.tolist(), "x_grid": X_GRID[0].tolist(),
        "w_range": list(W_RANGE), "b_range": list(B_RANGE), "start": {"w": float(w), "b": float(b)},
        "lowest": {"w": lw, "b": lb, "cost": lc}, "contours": CONTOURS, "description": DESCRIPTION,
        "colours": {"scale": COLORSCALE, "point": VERMILION, "data": ORANGE, "curve": BLUE, "grey": GREY},
    }


class NeuronExplorer:
    """The explorer as a notebook output: HTML with its modules inlined (js_modules.explorer_html),
    so the same output runs in the built book and in JupyterLab, with or without a kernel."""

    def __init__(self, config):
        self.config = config
        self.element_id = f"nnjs-neuron-{uuid.uuid4().hex[:8]}"

    def _repr_html_(self):
        return explorer_html("neuron_explorers.js", "mountNeuronExplorer", self.config, self.element_id)

    def __repr__(self):
        start = self.config["start"]
        return (f"Neuron explorer at w = {start['w']:g}, b = {start['b']:g} (it runs in the browser: drag the "
                f"point or use the sliders)")


def neuron_explorer(w=2.0, b=-4.0):
    """Set w and b (drag, keys, sliders, typed) and see the neuron's curve on the students, the cost
    and its partial derivatives, computed live in the page."""
    return NeuronExplorer(explorer_config(w, b))
