"""Browser: a live room with a facilitator (1920 × 1080, presentation mode) and five phones (390 × 844).

The phones open the address in the facilitator's QR code; their answers reach the live view within
3 s; round 2 shows round 1's distribution; adopting gives a scenario whose mode is the median of what
was entered. Screenshots of both views go to ``screenshots/``.
"""

from __future__ import annotations

import io
import statistics
import time

import pytest
import yaml
from harness import ROOT, streamlit_server, wait_until_idle

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
# the live view's answer count: the value of the metric labelled "Answers"
COUNT = """([text]) => {
    const metric = Array.from(document.querySelectorAll('[data-testid="stMetric"]'))
        .find(m => m.querySelector('[data-testid="stMetricLabel"]')?.innerText.trim() === 'Answers');
    return metric && metric.querySelector('[data-testid="stMetricValue"]').innerText.trim() === text;
}"""


def _answer(phone, value: int, low: int = 2025) -> None:
    """Move the slider to ``value`` with the keyboard (Home, then one step at a time) and press Send."""
    slider = phone.get_by_role("slider")
    slider.focus()
    slider.press("Home")
    for _ in range(value - low):
        slider.press("ArrowRight")
    phone.get_by_role("button", name="Send").first.click()


def _count_reaches(live, text: str, *, timeout: float) -> float:
    """Seconds until the live view's answer count reads ``text`` (fails after ``timeout``)."""
    t0 = time.perf_counter()
    live.wait_for_function(COUNT, arg=[text], timeout=timeout * 1000)
    return time.perf_counter() - t0


def test_a_room_of_phones_feeds_the_facilitators_view_and_the_scenario(browser, tmp_path, screenshots):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    env = {"BWISE_DATABASE_URL": f"sqlite:///{tmp_path / 'rooms.sqlite3'}", "BWISE_PUBLIC_URL": ""}
    with streamlit_server(ROOT / "app.py", env=env) as url:
        facilitator = browser.new_context(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
        live = facilitator.new_page()
        live.goto(f"{url}/room_live")
        live.get_by_role("button", name="Open the room").click(timeout=90_000)
        live.get_by_text("Round 1: open").first.wait_for(timeout=30_000)
        assert "key=" not in live.url
        live.get_by_text("Your facilitator link (keep it private)").click()
        live.locator("[data-testid='stCode'] code", has_text="key=").wait_for(timeout=10_000)
        links = live.eval_on_selector_all("[data-testid='stCode'] code", "els => els.map(e => e.textContent)")
        private = next(link for link in links if "key=" in link)
        participant = next(link for link in links if "/room?room=" in link)
        assert "key=" not in participant
        live.goto(f"{private}&present=true")  # the facilitator's own link, on the projector
        qr = live.locator("[data-testid='stImage'] img").first
        qr.wait_for(timeout=60_000)
        live.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
        (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))  # as the projector shows it
        assert code.text == participant  # the QR code is the participants' link: the room's code, no key
        address = url + code.text[code.text.index("/room?") :]  # this server listens on loopback only

        contexts = [browser.new_context(**PHONE) for _ in range(5)]
        phones = [c.new_page() for c in contexts]
        for phone in phones:
            phone.goto(address)
            phone.get_by_role("slider").wait_for(timeout=30_000)
        first = [2030, 2033, 2037, 2040, 2046]
        delays = []
        for i, (phone, value) in enumerate(zip(phones, first, strict=True)):
            _answer(phone, value)
            delays.append(_count_reaches(live, f"{i + 1} / 5", timeout=3))
        print(f"answers in the live view after {', '.join(f'{d:.2f}' for d in delays)} s")
        phones[2].get_by_text("The room so far").wait_for(timeout=10_000)
        phones[2].screenshot(path=str(screenshots / "room_phone_390x844.png"))
        wait_until_idle(live)
        live.screenshot(path=str(screenshots / "room_live_1920x1080.png"))

        live.get_by_role("button", name="Close round 1").click()
        live.get_by_role("button", name="Open round 2").click(timeout=30_000)
        live.get_by_text("Round 2: open").first.wait_for(timeout=30_000)
        live.get_by_text("Previous round").first.wait_for(timeout=10_000)  # round 1 behind round 2's bars
        second = [2034, 2035, 2037, 2038, 2041]
        for phone in phones:
            phone.get_by_text("Round 2: open").wait_for(timeout=15_000)  # the phone saw the new round
        for i, (phone, value) in enumerate(zip(phones, second, strict=True)):
            _answer(phone, value)
            _count_reaches(live, f"{i + 1} / 5", timeout=3)
        live.get_by_text("in round 1").first.wait_for(timeout=5_000)  # the middle half's width before and now
        wait_until_idle(live)
        live.screenshot(path=str(screenshots / "room_live_round2_1920x1080.png"))

        live.get_by_role("button", name="Adopt as a scenario").click()
        with live.expect_download() as download:
            live.get_by_role("button", name="Download the scenario (YAML)").click(timeout=30_000)
        adopted = yaml.safe_load(download.value.path().read_text(encoding="utf-8"))
        assert adopted["automation"]["midpoint_year"]["mode"] == statistics.median(second)
        assert adopted["automation"]["midpoint_year"]["low"] < statistics.median(second)
        for context in [facilitator, *contexts]:
            context.close()
