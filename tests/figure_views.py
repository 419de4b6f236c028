"""The live apps, and what their figure views send to the page (nnlib/viz/figure_view.py), for
tests and benchmarks."""
from nnlib.viz.figure_view import FigureView

# (module of nnlib.viz, app): every chapter's live app, the kernel face
LIVE_APPS = [
    ("neuron", "neuron_app"), ("cost_surface", "cost_surface_app"), ("gradient_descent", "descent_app"),
    ("chain_rule", "chain_app"), ("graphs", "sum_times_app"), ("graphs", "neuron_graph_app"),
    ("delta_rule", "delta_app"), ("batch", "regularisation_app"), ("activation_cost", "act_cost_app"),
    ("gradient_checking", "check_app"), ("sgd", "sgd_app"), ("digits", "digit_app"),
]


def record_shown(monkeypatch, as_sent=False):
    """A list that gets, at every FigureView.show, the figure the view then holds for the page: a
    figure dict of plain lists, or with as_sent the plotly JSON text the page is sent."""
    shown = []
    real = FigureView.show

    def show(self, fig):
        real(self, fig)
        shown.append(self.plot.figure if as_sent else self.figure_dict())

    monkeypatch.setattr(FigureView, "show", show)
    return shown
