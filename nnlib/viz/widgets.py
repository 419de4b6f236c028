"""The kernel face of an interactive: ipywidgets controls that redraw a figure.

The app is a thin shell: all numbers come from pure functions in nnlib, which tests call
directly; the app only wires sliders to them. With a state function (the same one the static
face precomputes its grid from), the figure is built once and each move only restyles it,
which keeps an update to a few milliseconds.
"""
import ipywidgets as widgets

from .figure_view import FigureView
from .renderer import with_alt

LIVE_NOTE = (
    "<i>Live app: the controls recompute everything with nnlib in the running kernel. "
    "On the static web page use the figure below it instead.</i>"
)


def slider_for(values, initial_index, label):
    """A keyboard-operable slider over the given grid of values (numbers or names)."""
    values = list(values)
    if not all(isinstance(v, (int, float)) or hasattr(v, "dtype") for v in values):
        return widgets.SelectionSlider(
            options=values, value=values[initial_index], description=label,
            style={"description_width": "initial"}, layout={"width": "420px"},
        )
    step = (values[-1] - values[0]) / (len(values) - 1) if len(values) > 1 else 1.0
    return widgets.FloatSlider(
        value=values[initial_index], min=values[0], max=values[-1], step=step,
        description=label, continuous_update=True, readout_format=".2f",
        style={"description_width": "initial"}, layout={"width": "420px"},
    )


class LiveApp(widgets.VBox):
    """Sliders for controls {name: (values, initial_index, label)} above a figure.

    figure_for(**values) draws the whole figure (a go.Figure, or a plain dict, which is faster
    to make). state_for(**values), if given, returns the
    changes for those values ({"data": {trace: {prop: value}}, "layout": {path: value}}, the
    format of linked_sliders_figure) and "alt", the figure's text alternative for those values:
    the app then restyles one figure instead of redrawing.
    """

    def __init__(self, controls, figure_for, state_for=None):
        self.sliders = {name: slider_for(*spec) for name, spec in controls.items()}
        self.figure_for, self.state_for = figure_for, state_for
        self.figure = None
        self.view = FigureView()
        super().__init__([widgets.HTML(LIVE_NOTE), *self.sliders.values(), self.view])
        for s in self.sliders.values():
            s.observe(lambda _: self.show(**self.values()), names="value")
        self.show(**self.values())

    def values(self):
        return {name: s.value for name, s in self.sliders.items()}

    def show(self, **values):
        """Recompute the figure for these control values and display it."""
        if self.state_for is None or self.figure is None:
            self.figure = self.figure_for(**values)
        else:
            state = self.state_for(**values)
            if "alt" not in state:
                raise ValueError(f"state_for gave no 'alt' (the figure's text alternative for {values}), so the "
                                 f"readout under the figure would not follow the controls; it gave {sorted(state)}")
            for trace, props in state.get("data", {}).items():
                self.figure.data[trace].update(props)
            if state.get("layout"):
                self.figure.plotly_relayout(state["layout"])
            with_alt(self.figure, state["alt"])
        self.view.show(self.figure)


def live_app(controls, figure_for, state_for=None):
    """The kernel face: a LiveApp (display it, or let it be a cell's last value)."""
    return LiveApp(controls, figure_for, state_for)
