"""B-WISE Foresight: the Streamlit entry point. Routes pages; the sidebar is shared by all."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from bwise_foresight.i18n import Translator
from bwise_foresight.ui import data
from bwise_foresight.ui.controls import PRESENT_CSS, language, presentation_bar, sidebar

# A local icon: a Material icon as favicon would be fetched from Google's font servers.
ICON = Path(__file__).resolve().parent / "bwise_foresight" / "ui" / "icon.png"
st.set_page_config(page_title="B-WISE Foresight", page_icon=str(ICON), layout="wide")

# Once per process, not per session: the baseline, the shipped scenarios and their projections
# (a room of participants opening the same link shares them), then a garbage-collector freeze.
data.shared_work()
t = Translator(language())
PAGES = {  # url path -> icon; titles are the catalogue texts page.<path>
    "explore": ":material/tune:",
    "compare": ":material/compare_arrows:",
    "profile": ":material/badge:",
    "competence": ":material/psychology:",
    "sensitivity": ":material/tornado:",
    "plan": ":material/school:",
    "story": ":material/co_present:",
    "data": ":material/dataset:",
}
pages = [
    st.Page(
        f"app_pages/{'data_method' if path == 'data' else path}.py",
        title=t(f"page.{path}"),
        icon=icon,
        url_path=path,
        default=path == "explore",
    )
    for path, icon in PAGES.items()
]
pages += [  # the live room: the facilitator's view, and the participants' phone page (not in the menu)
    st.Page("app_pages/room_live.py", title=t("room.live.title"), icon=":material/groups:", url_path="room_live"),
    st.Page("app_pages/room.py", title=t("room.join.title"), url_path="room", visibility="hidden"),
]
page = st.navigation(pages, position="top")
if page.url_path == "room":  # a participant's phone: no sidebar, no scenario work
    page.run()
    st.stop()
# Less empty space above the content (the charts should fit a 1366 × 768 screen), and captions dark
# enough for WCAG AA contrast (Streamlit's default grey is 3.9:1).
st.html(
    "<style>.stMainBlockContainer {padding-top: 4.5rem;}"
    " [data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] *"
    " {color: #595959 !important; opacity: 1 !important;}</style>"
)
current = sidebar(levers=page.url_path != "")  # Explore draws the sliders beside the figures they change
if current.present:
    st.html(PRESENT_CSS)
    # Explore shows its share button beside the chart; the live room shows its participants' QR code itself
    presentation_bar(t, qr=page.url_path not in ("", "room_live"))
page.run()
