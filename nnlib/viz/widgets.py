"""The kernel face of an interactive: ipywidgets controls that redraw a figure.

The app is a thin shell: all numbers come from a pure update function in nnlib,
which tests call directly; the app only wires sliders to it.
"""
import ipywidgets as widgets
from IPython.display import display

LIVE_NOTE = (
    "<i>Live app: the controls recompute everything with nnlib in the running kernel. "
    "On the static web page use the figure below it instead.</i>"
)


def slider_for(values, initial_index, label):
    """A keyboard-operable slider over the given grid of values."""
    values = list(values)
    step = (values[-1] - values[0]) / (len(values) - 1) if len(values) > 1 else 1.0
    return widgets.FloatSlider(
        value=values[initial_index], min=values[0], max=values[-1], step=step,
        description=label, continuous_update=True, readout_format=".2f",
        style={"description_width": "initial"}, layout={"width": "420px"},
    )


def live_app(controls, figure_for):
    """Sliders for controls {name: (values, initial_index, label)}; figure_for(**values) draws.

    Returns the VBox (display it, or let the notebook show it as a cell's last value).
    """
    sliders = {name: slider_for(*spec) for name, spec in controls.items()}
    out = widgets.Output()

    def redraw(_=None):
        with out:
            out.clear_output(wait=True)
            display(figure_for(**{name: s.value for name, s in sliders.items()}))

    for s in sliders.values():
        s.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HTML(LIVE_NOTE), *sliders.values(), out])
