"""The live apps' figure view (nnlib/viz/figure_view.py): what it sends to the page, and the
readout under it."""
import html
import importlib
import json

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import plotly.offline
import pytest

from figure_views import LIVE_APPS
from nnlib.viz.figure_view import FigureView, decoded


def test_decoded_gives_back_the_numbers_of_plotlys_typed_arrays():
    z = np.arange(6.0).reshape(2, 3) / 7
    fig = go.Figure(go.Heatmap(z=z, x=np.array([1, 2, 3], dtype=np.int32)))
    sent = json.loads(fig.to_json())
    assert isinstance(sent["data"][0]["z"], dict)  # plotly.py writes numpy arrays as base64
    back = decoded(sent)
    assert back["data"][0]["z"] == z.tolist() and back["data"][0]["x"] == [1, 2, 3]


def test_show_changes_the_same_plot_and_announces_the_alt_text():
    view = FigureView({"data": [{"type": "scatter", "x": [0, 1], "y": [2, 3]}],
                       "layout": {"title": {"text": "first"}, "meta": {"alt": "a <b> line & more"}}})
    plot = view.plot
    view.show(go.Figure(go.Scatter(x=[0, 1], y=[4, 5]), layout={"title": "second"}))
    assert view.plot is plot and view.children == (plot, view.alt)
    shown = view.figure_dict()
    assert shown["layout"]["title"]["text"] == "second" and shown["data"][0]["y"] == [4, 5]
    assert view.alt.value == ""  # the second figure has no text alternative
    view.show({"data": [], "layout": {"meta": {"alt": "a <b> line & more"}}})
    assert view.alt.value == '<span aria-live="polite">a &lt;b&gt; line &amp; more</span>'


def test_plotly_js_goes_by_message_not_in_the_saved_widget_state(monkeypatch):
    view = FigureView()
    state = view.plot.get_state()
    assert len(json.dumps(state)) < 20_000  # the figure and the view's own code, no plotly.js
    sent = []
    monkeypatch.setattr(view.plot, "send", lambda content, buffers=None: sent.append(content))
    view.plot._answer(view.plot, {"request": "something else"}, [])
    assert sent == []
    view.plot._answer(view.plot, {"request": "plotly.js"}, [])
    assert sent == [{"plotly_js": plotly.offline.get_plotlyjs()}]
    assert "window.Plotly" in sent[0]["plotly_js"]  # what the view's module waits for


# the live apps that are LiveApps (the chain-rule app is a widget of its own)
LIVEAPPS = [(module, name) for module, name in LIVE_APPS if name != "chain_app"]


@pytest.mark.parametrize("module, name", LIVEAPPS, ids=[name for _, name in LIVEAPPS])
def test_a_live_apps_readout_follows_every_slider(module, name):
    """The text under a live app's figure (its aria-live readout) is the text alternative of the
    figure nnlib draws from scratch for the sliders' values, after a move of each slider, also
    for the apps that restyle one figure instead of drawing it anew."""
    app = getattr(importlib.import_module(f"nnlib.viz.{module}"), name)()
    for slider in app.sliders.values():
        if isinstance(slider, widgets.SelectionSlider):
            slider.index = (slider.index + 1) % len(slider.options)
        else:
            slider.value = slider.value + slider.step if slider.value + slider.step <= slider.max else slider.min
        fresh = app.figure_for(**app.values())
        fresh = fresh.to_dict() if hasattr(fresh, "to_dict") else fresh
        want = html.escape(fresh["layout"]["meta"]["alt"], quote=False)
        assert app.view.alt.value == f'<span aria-live="polite">{want}</span>', f"{name}, after moving {slider.description}"


def test_a_state_without_its_text_alternative_is_an_error():
    from nnlib.viz.widgets import LiveApp
    controls = {"w": ([0.0, 1.0], 0, "w")}
    figure = lambda w: {"data": [{"type": "scatter", "y": [w]}], "layout": {"meta": {"alt": f"w = {w}"}}}  # noqa: E731
    app = LiveApp(controls, lambda w: go.Figure(figure(w)), lambda w: {"data": {0: {"y": [w]}}})
    with pytest.raises(ValueError, match="state_for gave no 'alt'"):
        app.sliders["w"].value = 1.0
