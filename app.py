"""B-WISE Foresight: the Streamlit entry point. Routes pages; the sidebar is shared by all."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from bwise_foresight.ui.controls import PRESENT_CSS, exit_presentation, sidebar

# A local icon: a Material icon as favicon would be fetched from Google's font servers.
ICON = Path(__file__).resolve().parent / "bwise_foresight" / "ui" / "icon.png"
st.set_page_config(page_title="B-WISE Foresight", page_icon=str(ICON), layout="wide")

pages = [
    st.Page("app_pages/explore.py", title="Explore", icon=":material/tune:", default=True),
    st.Page("app_pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("app_pages/profile.py", title="Profile", icon=":material/badge:", url_path="profile"),
    st.Page("app_pages/competence.py", title="Competence", icon=":material/psychology:", url_path="competence"),
    st.Page("app_pages/sensitivity.py", title="Sensitivity", icon=":material/tornado:", url_path="sensitivity"),
    st.Page("app_pages/story.py", title="Story", icon=":material/co_present:", url_path="story"),
    st.Page("app_pages/data_method.py", title="Data & method", icon=":material/dataset:", url_path="data"),
]
page = st.navigation(pages, position="top")
# Less empty space above the content (the charts should fit a 1366 × 768 screen), and captions dark
# enough for WCAG AA contrast (Streamlit's default grey is 3.9:1).
st.html(
    "<style>.stMainBlockContainer {padding-top: 4.5rem;}"
    " [data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] *"
    " {color: #595959 !important; opacity: 1 !important;}</style>"
)
current = sidebar(levers=page.title != "Explore")  # Explore draws the sliders beside the figures they change
if current.present:
    st.html(PRESENT_CSS)
    st.button("Exit presentation mode", icon=":material/close_fullscreen:", on_click=exit_presentation, key="exit")
page.run()
