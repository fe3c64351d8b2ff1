"""Presentation mode's figures (``charts.presentation``): projector-sized type, and the workforce by
profile with its whole legend beside the plot, within the height a 1920 x 1080 screen leaves under
Explore's headline figures. The browser test (tests/e2e/test_presentation_fits.py) checks the drawing."""

from __future__ import annotations

import pytest

from bwise_foresight import charts, project
from bwise_foresight.i18n import Translator, languages


@pytest.fixture(scope="module")
def frame(baseline, base_scenario):
    return project(base_scenario, baseline).to_frame()


@pytest.mark.parametrize("lang", languages())
def test_the_legend_by_profile_fits_beside_the_plot_and_the_chart_under_the_figures(frame, baseline, lang):
    t = Translator(lang)
    fig = charts.workforce_figure(frame, profiles=baseline.localized(t).profiles, by="profile", reference=frame, t=t)
    charts.presentation(fig)
    legend = fig.layout.legend
    entries = [tr for tr in fig.data if tr.showlegend is not False and tr.name]
    assert len(entries) == len(baseline.profiles) + 1  # every profile and the reference's total
    size = legend.font.size
    needed = charts.legend_column_px(len(entries), 3, font=size, title_font=legend.grouptitlefont.size, gap=4)
    plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert needed <= plot, (needed, plot)
    assert fig.layout.height <= charts.PRESENT_MAX_HEIGHT
    assert 14 <= size < 18 and fig.layout.font.size == 20  # smaller than 18 px, still legible


def test_a_legend_above_the_plot_keeps_projector_type(frame, baseline):
    fig = charts.workforce_figure(frame, profiles=baseline.profiles, by="group", reference=frame)
    charts.presentation(fig)
    assert fig.layout.legend.font.size == 18 and fig.layout.title.font.size == 28
    assert fig.layout.height >= 600
