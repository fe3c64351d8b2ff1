"""The house look: colours (one colour-blind-safe palette), fonts, the Plotly template, the toolbar."""

from __future__ import annotations

import plotly.graph_objects as go

from ..baseline import CLUSTERS, GROUPS
from ..i18n import EN, Translator

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
REFERENCE_COLOR = "#767676"  # grey with 4.5:1 contrast on white
GRID_COLOR = "#E5E5E5"
GROUP_COLORS = dict(zip(GROUPS, ["#0072B2", "#E69F00", "#009E73"], strict=True))
CLUSTER_COLORS = dict(zip(CLUSTERS, ["#0072B2", "#CC79A7", "#E69F00", "#009E73", "#D55E00", "#56B4E9"], strict=True))
# The modebar's camera button exports at print scale (3 × screen pixels, about 300 dpi on A4).
PRINT_SCALE = 3

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 14, "color": "#262730"},
        title={"font": {"size": 18}, "x": 0, "xanchor": "left", "pad": {"l": 8}, "y": 0.97, "yanchor": "top"},
        colorway=PALETTE,
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={"showgrid": False, "linecolor": "#888", "ticks": "outside", "automargin": True},
        yaxis={"gridcolor": GRID_COLOR, "zeroline": False, "linecolor": "#888", "automargin": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": {"text": ""}},
        hoverlabel={"font": {"size": 14}},
        margin={"l": 10, "r": 20, "t": 100, "b": 90},
    )
)


# plotly.js's own English texts (its toolbar tooltips) -> our catalogue keys under plotly.*
PLOTLY_TEXTS = {
    "Download plot as a PNG": "download_png",
    "Download plot": "download",
    "Zoom": "zoom",
    "Pan": "pan",
    "Zoom in": "zoom_in",
    "Zoom out": "zoom_out",
    "Autoscale": "autoscale",
    "Reset axes": "reset_axes",
    "Double-click to zoom back out": "double_click",
    "Show closest data on hover": "hover_closest",
    "Compare data on hover": "hover_compare",
}


def chart_config(filename: str, *, image_format: str = "png", t: Translator = EN) -> dict:
    """Plotly config for st.plotly_chart: print-scale image export, no Plotly logo, and the toolbar's
    tooltips in ``t``'s language (plotly.js takes a locale dictionary in its config)."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": image_format, "filename": filename, "scale": PRINT_SCALE},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
    if t.lang != EN.lang:
        dictionary = {english: t(f"plotly.{key}") for english, key in PLOTLY_TEXTS.items()}
        config |= {"locale": t.lang, "locales": {t.lang: {"dictionary": dictionary}}}
    return config


def _shades(color: str, n: int) -> list[str]:
    """n shades of one hue for the profiles of one target group, from darker to lighter than the hue,
    interleaved so that neighbouring bands of a stack are far apart in lightness: dark, light, dark…"""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    ramp = []
    for k in range(n):
        mix = -0.45 + 1.15 * k / max(n - 1, 1) if n > 1 else 0.0  # < 0 towards black, > 0 towards white
        target, amount = (0, -mix) if mix < 0 else (255, mix)
        ramp.append(tuple(round(c + (target - c) * amount) for c in (r, g, b)))
    half = (n + 1) // 2
    order = [k // 2 if k % 2 == 0 else half + k // 2 for k in range(n)]
    return [f"rgb({ramp[k][0]},{ramp[k][1]},{ramp[k][2]})" for k in order]
