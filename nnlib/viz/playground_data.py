"""The circles chapter's live playground (nnlib/viz/js/playground.js): what it computes from, and
the output that shows it.

The playground trains in the page with the JavaScript twin of nnlib, but everything random comes
from here, so that a run in the page is the chapter's run (nnlib.sgd) step for step:
- the data: the chapter's training and test sets (circles.circles_data());
- for each seed of the chapter (circles.PLAYGROUND_SEEDS), the standard normal draws of
  np.random.default_rng(seed) that Network(..., seed=seed) scales into its initial weights
  (enough for MAX_LAYERS hidden layers of MAX_UNITS);
- nnlib.sgd's batch orders for the chapter's shuffling seed (circles.SHUFFLE_SEED), for the
  chapter's circles.EPOCHS epochs. After them the page trains on, as long as the reader likes,
  with the orders of shuffle_orders (the same seed): a tiny generator (mulberry32) that
  playground.js implements too, so a run past the chapter's epochs is still one that nnlib
  can repeat (the browser tests check that both give the same orders).

live_playground() is the output a chapter shows: the HTML book draws it with no kernel, and
JupyterLab draws the same output (the modules travel inside it, see js_modules.py).
"""
import json
import uuid

import numpy as np
from IPython.display import HTML

from . import circles as chapter
from .js_modules import module_script, script_safe_json

MAX_LAYERS, MAX_UNITS = 4, 8
START = {"hidden": chapter.MAIN["hidden"], "activation": chapter.MAIN["activation"], "cost": "cross_entropy",
         "lr": chapter.MAIN["lr"], "batch_size": chapter.MAIN["batch_size"], "l2": 0.0,
         "seed": str(chapter.MAIN["seed"])}


def sgd_batch_orders(seed, m, epochs):
    """The order in which nnlib.sgd(..., seed=seed) takes m examples: one permutation per epoch,
    drawn from np.random.default_rng(seed). (The browser tests check it against sgd itself.)"""
    rng = np.random.default_rng(seed)
    return [rng.permutation(m).tolist() for _ in range(epochs)]


MASK32 = 0xFFFFFFFF


def mulberry32(seed):
    """A small pseudo-random generator (Tommy Ettinger's mulberry32, public domain): yields floats in
    [0, 1), each a multiple of 2^-32, from 32-bit integer steps written so that JavaScript's
    (playground.js mulberry32) are bit for bit the same. Not for statistics, but plenty for
    shuffling a few hundred examples."""
    state = seed & MASK32
    while True:
        state = (state + 0x6D2B79F5) & MASK32
        t = ((state ^ (state >> 15)) * (state | 1)) & MASK32
        t = ((t + (((t ^ (t >> 7)) * (t | 61)) & MASK32)) & MASK32) ^ t
        yield ((t ^ (t >> 14)) & MASK32) / 2**32


def shuffle_orders(seed, m, epochs):
    """epochs permutations of range(m), one per epoch, from one mulberry32(seed) stream: each a
    Fisher-Yates shuffle of 0..m-1 (for i = m-1 down to 1, swap i with j = floor(u (i + 1)), u the
    next draw). The page's batch orders after nnlib.sgd's (playground.js shuffleOrder)."""
    draws, orders = mulberry32(seed), []
    for _ in range(epochs):
        order = list(range(m))
        for i in range(m - 1, 0, -1):
            j = int(next(draws) * (i + 1))
            order[i], order[j] = order[j], order[i]
        orders.append(order)
    return orders


def encode_orders(orders, m):
    """Batch orders (lists of indices below m) in the page's compact form: {"width": w, "epochs": one
    string per order, each index in base 36 padded to w digits} (a third of a JSON list's length).
    playground.js decodeOrders reads it back."""
    width = len(np.base_repr(max(m - 1, 0), 36))
    return {"width": width,
            "epochs": ["".join(np.base_repr(i, 36).rjust(width, "0") for i in order) for order in orders]}


def n_initial_draws(max_layers=MAX_LAYERS, max_units=MAX_UNITS):
    """Normal draws the largest playground network [2, max_units x max_layers, 1] needs for its weights."""
    sizes = [2, *[max_units] * max_layers, 1]
    return sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def playground_config(seeds=chapter.PLAYGROUND_SEEDS, order_epochs=chapter.EPOCHS, start=None):
    """The playground's JSON-ready configuration: the chapter's training and test data, each seed's
    draws, sgd's orders for order_epochs epochs and the seed of the shuffle_orders that follow
    them, the start settings."""
    X, Y, X_test, Y_test = chapter.circles_data()
    return {
        "X": X.tolist(), "Y": Y.tolist(), "X_test": X_test.tolist(), "Y_test": Y_test.tolist(),
        "normals": {str(s): np.random.default_rng(s).standard_normal(n_initial_draws()).tolist() for s in seeds},
        "orders": encode_orders(sgd_batch_orders(chapter.SHUFFLE_SEED, X.shape[1], order_epochs), X.shape[1]),
        "shuffle_seed": chapter.SHUFFLE_SEED,
        "max_layers": MAX_LAYERS, "max_units": MAX_UNITS,
        "start": {**START, **(start or {})},
    }


def playground_html(config, element_id="nnjs-playground"):
    """A <div> and the module script (playground.js and its imports inlined) that builds the
    playground into it from config."""
    body = (f"exports.mountPlayground(document.getElementById({json.dumps(element_id)}), "
            f"{script_safe_json(config)});")
    return f'<div id="{element_id}"></div>\n' + module_script("playground.js", body)


def live_playground(**start):
    """The playground as a notebook output (HTML with its modules inside), starting from the
    chapter's main setting changed by start (e.g. lr=1.0, seed="3")."""
    return HTML(playground_html(playground_config(start=start), f"nnjs-playground-{uuid.uuid4().hex[:8]}"))
