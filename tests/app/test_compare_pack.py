"""The export pack on Compare: the same button as on Explore, with the page's comparison charts."""

from __future__ import annotations

from paths import ROOT
from streamlit.testing.v1 import AppTest


def test_compare_offers_the_export_pack():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception, at.exception
    (button,) = [b for b in at.get("download_button") if b.proto.id and "dl_pack" in b.proto.id]
    assert button.proto.label == "Export pack (ZIP)"
    assert "comparison charts" in button.proto.help or "Chromium" in button.proto.help
