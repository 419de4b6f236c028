"""Colour-blind-safe colours (Okabe & Ito) used by every figure of the book, and line styles so
that colour is never the only thing telling two curves apart (WCAG 2.1, 1.4.1)."""
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
GREY = "#555555"

DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "8px,3px,2px,3px,2px,3px")
SYMBOLS = ("circle", "diamond", "square", "triangle-up", "x", "star", "cross")


def series_style(k):
    """The dash and marker symbol of the k-th curve of a series (k = 0, 1, ...): each curve of a
    figure differs from the others in its dash and marker, not only in its colour."""
    return {"dash": DASHES[k % len(DASHES)], "symbol": SYMBOLS[k % len(SYMBOLS)]}
