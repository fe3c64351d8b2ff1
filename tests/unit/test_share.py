"""Sharing with the room: never a localhost address; the QR code decodes to the address."""

from __future__ import annotations

import io

import pytest

from bwise_foresight.share import qr_png, room_url


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"])
def test_a_local_address_is_replaced_by_the_lan_address(host):
    url, why = room_url(f"http://{host}:8501/compare?scenario=Austerity&ceil=40", lan=["192.168.10.7"])
    assert url == "http://192.168.10.7:8501/compare?scenario=Austerity&ceil=40"
    assert "local network" in why


def test_without_any_reachable_address_there_is_no_url_and_a_reason():
    url, why = room_url("http://localhost:8501/?present=true", lan=[])
    assert url is None
    assert "BWISE_PUBLIC_URL" in why and "0.0.0.0" in why


def test_a_public_url_wins_and_keeps_page_and_state():
    url, _ = room_url(
        "http://localhost:8501/profile?profile=Job+coach", public_base="https://wise.example.org/fs/", lan=["10.0.0.2"]
    )
    assert url == "https://wise.example.org/fs/profile?profile=Job+coach"


def test_an_address_that_is_already_reachable_is_kept():
    url, _ = room_url("http://workshop-laptop.local:8501/?chart=Job+openings", lan=[])
    assert url == "http://workshop-laptop.local:8501/?chart=Job+openings"


def test_the_qr_code_decodes_to_the_url():
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    url = "http://192.168.10.7:8501/?scenario=Fast+automation&ceil=70&chart=Job+openings"
    (result,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(url))))
    assert result.text == url
