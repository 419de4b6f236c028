"""The live apps' figure view (nnlib/viz/figure_view.py): what it sends to the page."""
import json

import numpy as np
import plotly.graph_objects as go
import plotly.offline

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
