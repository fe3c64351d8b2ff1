"""Sharing a view with a room: an address phones can reach, and its QR code (pure, no Streamlit)."""

from __future__ import annotations

import io
import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

from .i18n import EN, Translator

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


# Connecting a UDP socket sends nothing: the kernel only picks the route and the local address it
# would use. 192.0.2.1 (TEST-NET-1, RFC 5737) is never routed on the internet, so even a packet sent
# by mistake would go nowhere; it takes the default route like any outside address.
ROUTE_PROBE = ("192.0.2.1", 9)
# Interfaces no phone in the room reaches: containers' and virtual machines' bridges, VPN tunnels.
VIRTUAL_PREFIXES = ("docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "tun", "tap", "wg", "tailscale", "zt")
SIOCGIFADDR = 0x8915  # Linux ioctl: an interface's IPv4 address


def _reachable(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def _route_address() -> list[str]:
    """The address this machine would use towards the outside: what Streamlit prints as its Network URL."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(ROUTE_PROBE)
            return [probe.getsockname()[0]]
    except OSError:  # no default route: an offline laptop, or a network with no gateway
        return []


def _interface_addresses() -> list[str]:
    """The IPv4 address of each network interface (Linux; empty elsewhere)."""
    try:
        import fcntl
        import struct

        names = [name for _, name in socket.if_nameindex()]
    except (ImportError, OSError):
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for name in names:
            if name.startswith(VIRTUAL_PREFIXES):
                continue
            try:
                reply = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, struct.pack("256s", name.encode()[:15]))
            except OSError:  # an interface without an IPv4 address
                continue
            found.append(socket.inet_ntoa(reply[20:24]))
    return found


def _hostname_addresses() -> list[str]:
    """What the resolver says about this machine's name (on Debian and Ubuntu often only 127.0.1.1)."""
    try:
        return [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, family=socket.AF_INET)]
    except OSError:
        return []


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that phones on its network could reach, best first.

    First the address of the default route (found without sending anything), then the other
    interfaces' addresses, then what the host name resolves to; never a loopback or link-local
    address. Empty when the machine is on no network.
    """
    found: list[str] = []
    for address in (*_route_address(), *_interface_addresses(), *_hostname_addresses()):
        if _reachable(address) and address not in found:
            found.append(address)
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
