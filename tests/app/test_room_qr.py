"""AppTest: the room's QR code in presentation mode, on every page, at the machine's network address."""

from __future__ import annotations

import pytest
from paths import ROOT
from streamlit.testing.v1 import AppTest

from bwise_foresight.ui.controls import QR_PRESENT_PX


@pytest.fixture
def debian_laptop(monkeypatch):
    """A machine whose host name resolves to 127.0.1.1 but whose Wi-Fi has 192.168.1.23 (no lookup is real)."""
    import bwise_foresight.share as share

    monkeypatch.delenv("BWISE_PUBLIC_URL", raising=False)
    monkeypatch.setattr(share, "_route_address", lambda: ["192.168.1.23"])
    monkeypatch.setattr(share, "_interface_addresses", lambda: ["127.0.0.1", "192.168.1.23"])
    monkeypatch.setattr(share, "_hostname_addresses", lambda: ["127.0.1.1"])


def _present(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["present"] = "true"
    at.run()
    at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", ["app_pages/compare.py", "app_pages/story.py"])
def test_presentation_mode_offers_a_large_qr_code_at_the_network_address(debian_laptop, monkeypatch, page):
    import streamlit as st

    widths = []  # AppTest keeps no image width: record what the dialog asks for
    image = st.image

    def recording(*args, **kwargs):
        widths.append(kwargs.get("width"))
        return image(*args, **kwargs)

    monkeypatch.setattr(st, "image", recording)
    at = _present(page)
    assert not at.exception
    at.button(key="qr_present").click().run()
    assert not at.exception and not at.warning
    assert len(at.get("image")) == 1
    assert widths == [QR_PRESENT_PX] and QR_PRESENT_PX >= 300
    assert any(code.value.startswith("http://192.168.1.23") for code in at.code)


def test_explore_keeps_its_own_share_button_in_presentation_mode(debian_laptop):
    at = _present("app_pages/explore.py")
    assert [b.key for b in at.button if b.key in ("qr", "qr_present")] == ["qr"]
