"""Figure factories: tidy tables in, ``plotly.graph_objects.Figure`` out.

No Streamlit here. Each factory takes the long frame of :meth:`Projection.to_frame` (or a small
aggregate of it) and keyword-only options with the same names everywhere: ``title``,
``height``, ``reference`` (the comparison scenario, always drawn grey and dashed or as grey
markers) and ``source``. Colours come from one colour-blind-safe palette (Okabe & Ito).
Figures are built with ``go.Figure(data=[...])`` in one go: several times faster than
``add_trace`` loops or plotly.express, which matters when a slider redraws them.

The modules: ``theme`` (colours, template, toolbar), ``layout`` (what every figure shares),
``projection`` (figures of one projection),
``pathways`` (where workers with support needs go), ``plan`` (a training plan),
``comparison`` (figures across scenarios), ``spread``
(uncertainty and sensitivity), ``table`` (a figure as a table) and ``standard`` (the dashboard's
standard charts). Import from ``bwise_foresight.charts``; the modules are its internals.
"""

from .comparison import countries_figure, difference_figure, scenario_lines_figure
from .layout import (
    PRESENT_MAX_HEIGHT,
    every_label,
    legend_column_px,
    legend_rows,
    presentation,
    source_of,
    with_source,
    wrap_title,
)
from .pathways import pathways_figure, transitions_by_type_figure
from .plan import plan_cost_figure, plan_gap_figure
from .projection import (
    bars_figure,
    gap_by_cluster_figure,
    heatmap_figure,
    heatmap_parts,
    need_matrix,
    openings_figure,
    proficiency_figure,
    training_figure,
    workforce_figure,
)
from .spread import fan_figure, sobol_figure, tornado_figure
from .standard import BY_TYPE_VARIABLES, STANDARD, standard_figure
from .table import data_table
from .theme import (
    CLUSTER_COLORS,
    GRID_COLOR,
    GROUP_COLORS,
    PALETTE,
    PLOTLY_TEXTS,
    PRINT_SCALE,
    REFERENCE_COLOR,
    TEMPLATE,
    chart_config,
)

__all__ = [
    "BY_TYPE_VARIABLES",
    "CLUSTER_COLORS",
    "GRID_COLOR",
    "GROUP_COLORS",
    "PALETTE",
    "PLOTLY_TEXTS",
    "PRESENT_MAX_HEIGHT",
    "PRINT_SCALE",
    "REFERENCE_COLOR",
    "STANDARD",
    "TEMPLATE",
    "bars_figure",
    "chart_config",
    "countries_figure",
    "data_table",
    "difference_figure",
    "every_label",
    "fan_figure",
    "gap_by_cluster_figure",
    "heatmap_figure",
    "heatmap_parts",
    "legend_column_px",
    "legend_rows",
    "need_matrix",
    "openings_figure",
    "pathways_figure",
    "plan_cost_figure",
    "plan_gap_figure",
    "presentation",
    "proficiency_figure",
    "scenario_lines_figure",
    "sobol_figure",
    "source_of",
    "standard_figure",
    "tornado_figure",
    "training_figure",
    "transitions_by_type_figure",
    "with_source",
    "workforce_figure",
    "wrap_title",
]
