"""Browser: in presentation mode on a 1920 x 1080 projector the room's QR code is large, whole on screen
and decodes to the view at the public address."""

from __future__ import annotations

import io

import pytest
from harness import ROOT, streamlit_server


def test_the_room_qr_code_is_large_on_a_projector(browser):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    public = "https://foresight.example.org/workshop"
    with streamlit_server(ROOT / "app.py", env={"BWISE_PUBLIC_URL": public}) as url:
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(f"{url}/compare?present=true&scenario=Austerity")
        page.get_by_role("button", name="QR code for the room").click(timeout=60_000)
        dialog = page.get_by_role("dialog", name="Share with the room")
        image = dialog.locator("img").first
        image.wait_for()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        box = image.bounding_box()
        assert box["width"] >= 300 and box["height"] >= 300, box
        assert box["y"] >= 0 and box["y"] + box["height"] <= 1080, box  # the whole code on screen
        src = image.get_attribute("src")
        png = page.request.get(src if src.startswith("http") else url + src).body()
        natural = Image.open(io.BytesIO(png))
        assert natural.width >= box["width"]  # never enlarged (blurred) by the browser
        (code,) = zxingcpp.read_barcodes(natural)
        assert code.text.startswith(f"{public}/compare?") and "present=true" in code.text
        context.close()
