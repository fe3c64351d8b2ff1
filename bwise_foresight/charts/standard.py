"""The dashboard's standard charts of a projection: the set the app, stories and export packs offer."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import EN, Translator
from .pathways import pathways_figure, transitions_by_type_figure
from .projection import (
    gap_by_cluster_figure,
    heatmap_figure,
    need_matrix,
    openings_figure,
    training_figure,
    workforce_figure,
)

# The dashboard's standard charts; their names are the catalogue texts chart.kind.<kind>.
STANDARD = ("workforce", "workforce_profiles", "openings", "pathways", "pathways_types", "gaps", "training", "need")
# The variables the by-type chart reads from ``Projection.to_frame(by_type=True)``.
BY_TYPE_VARIABLES = ["transitions_open_market"]


def standard_figure(
    kind: str,
    frame: pd.DataFrame,
    *,
    profiles: pd.DataFrame,
    competences: pd.DataFrame,
    gaps: pd.DataFrame,
    year: int,
    reference: pd.DataFrame | None = None,
    reference_gaps: pd.DataFrame | None = None,
    reference_name: str = "",
    spread: pd.DataFrame | None = None,
    by_type: pd.DataFrame | None = None,
    reference_by_type: pd.DataFrame | None = None,
    t: Translator = EN,
) -> go.Figure:
    """One of the dashboard's standard charts (``STANDARD``) for a projection, against a reference.

    ``by_type`` (and ``reference_by_type``) are the projections' ``to_frame(BY_TYPE_VARIABLES,
    by_type=True)``, which the chart of moves into open employment by WISE type needs.
    """
    if kind in ("workforce", "workforce_profiles"):
        by = "profile" if kind == "workforce_profiles" else "group"
        return workforce_figure(
            frame, profiles=profiles, by=by, reference=reference, reference_name=reference_name, t=t
        )
    if kind == "openings":
        return openings_figure(frame, profiles=profiles, reference=reference, reference_name=reference_name, t=t)
    if kind == "pathways":
        return pathways_figure(frame, reference=reference, reference_name=reference_name, t=t)
    if kind == "pathways_types":
        if by_type is None:
            raise ValueError(
                "the chart by WISE type needs by_type: Projection.to_frame(BY_TYPE_VARIABLES, by_type=True)"
            )
        return transitions_by_type_figure(by_type, reference=reference_by_type, reference_name=reference_name, t=t)
    if kind == "gaps":
        return gap_by_cluster_figure(gaps, reference=reference_gaps, reference_name=reference_name, spread=spread, t=t)
    if kind == "training":
        return training_figure(
            frame, profiles=profiles, year=year, reference=reference, reference_name=reference_name, t=t
        )
    if kind == "need":
        matrix = need_matrix(frame, year=year, competences=competences, profiles=profiles)
        return heatmap_figure(
            matrix,
            title=t("chart.need", year=year),
            colorbar_title=t("unit.persons"),
            hover_unit=t("unit.persons"),
            x_title=t("axis.profile"),
            y_title=t("axis.competence"),
            t=t,
        )
    raise ValueError(f"unknown chart {kind!r}; known: {', '.join(STANDARD)}")
