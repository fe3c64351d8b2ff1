"""Sharing a view with a room: an address phones can reach, and its QR code (pure, no Streamlit)."""

from __future__ import annotations

import io
import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

from .i18n import EN, Translator

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback and link-local, as the resolver reports
    them (no network traffic)."""
    found: list[str] = []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, family=socket.AF_INET)
    except OSError:
        return found
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not (address.is_loopback or address.is_link_local or address.is_unspecified) and str(address) not in found:
            found.append(str(address))
    return found


def room_url(
    current: str, *, public_base: str | None = None, lan: list[str] | None = None, t: Translator = EN
) -> tuple[str | None, str]:
    """The address participants' phones should open for ``current`` (the URL in the facilitator's
    browser), and a sentence saying where it comes from.

    A configured public URL wins; else a LAN address of this machine replaces a local host name;
    never ``localhost``. Returns ``(None, why)`` when no reachable address is known.
    """
    parts = urlsplit(current)
    host = parts.hostname or ""
    if public_base:
        base = urlsplit(public_base.rstrip("/"))
        path = base.path + parts.path
        return urlunsplit((base.scheme, base.netloc, path, parts.query, "")), t("share.why_public")
    if host not in LOCAL_HOSTS and not host.startswith("127."):
        return current, t("share.why_browser")
    addresses = lan if lan is not None else lan_addresses()
    if not addresses:
        return None, t("share.why_none")
    netloc = addresses[0] + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme or "http", netloc, parts.path, parts.query, "")), t(
        "share.why_lan", address=addresses[0]
    )


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A QR code of ``url`` as PNG bytes (segno; error correction M, quiet zone 4)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
