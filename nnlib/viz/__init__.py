"""Figures and interactive apps for the book, built on nnlib.

Importing this package makes plotly figures show both in Jupyter and in the HTML book.
"""
from .neuron import neuron_app, neuron_figure, neuron_fit, neuron_state
from .pipeline import neuron_explorer
from .renderer import use_book_renderer, with_alt
from .static import linked_sliders_figure
from .widgets import live_app

use_book_renderer()

__all__ = [
    "linked_sliders_figure", "live_app", "neuron_app", "neuron_explorer", "neuron_figure", "neuron_fit",
    "neuron_state", "use_book_renderer", "with_alt",
]
