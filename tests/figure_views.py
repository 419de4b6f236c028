"""What the live apps' figure views send to the page (nnlib/viz/figure_view.py), for tests."""
from nnlib.viz.figure_view import FigureView


def record_shown(monkeypatch):
    """A list that gets, at every FigureView.show, the figure the view then holds for the page."""
    shown = []
    real = FigureView.show

    def show(self, fig):
        real(self, fig)
        shown.append(self.figure_dict())

    monkeypatch.setattr(FigureView, "show", show)
    return shown
