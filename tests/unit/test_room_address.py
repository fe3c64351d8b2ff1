"""The room's address: this machine's real network address even where its host name resolves to
127.0.1.1 (Debian, Ubuntu); never a loopback address. The lookups are faked: no test sends traffic."""

from __future__ import annotations

import errno
import fcntl
import ipaddress
import socket
from typing import ClassVar

import pytest

from bwise_foresight.share import lan_addresses, room_url


class FakeSocket:
    """A UDP socket that records where it is connected and fails if anything is sent."""

    connected: ClassVar[list[tuple[str, int]]] = []
    local: ClassVar[str | None] = "192.168.1.23"

    def __init__(self, family=socket.AF_INET, kind=socket.SOCK_DGRAM, *args):
        assert (family, kind) == (socket.AF_INET, socket.SOCK_DGRAM)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def connect(self, address):
        FakeSocket.connected.append(address)
        if self.local is None:
            raise OSError(errno.ENETUNREACH, "Network is unreachable")

    def getsockname(self):
        return (self.local, 40000)

    def fileno(self):
        return -1

    def send(self, *args):
        raise AssertionError("a test sent a packet")

    sendto = sendall = send


@pytest.fixture
def laptop(monkeypatch):
    """A Debian laptop on Wi-Fi with Docker installed: its name resolves to 127.0.1.1 only."""
    interfaces = {"lo": "127.0.0.1", "wlp2s0": "192.168.1.23", "docker0": "172.17.0.1", "eth0": None}

    def ioctl(fd, request, argument):
        name = argument[:16].rstrip(b"\0").decode()
        if interfaces[name] is None:
            raise OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address")
        return argument[:20] + socket.inet_aton(interfaces[name]) + argument[24:]

    FakeSocket.connected = []
    FakeSocket.local = "192.168.1.23"
    monkeypatch.setattr(socket, "socket", FakeSocket)
    monkeypatch.setattr(socket, "if_nameindex", lambda: list(enumerate(interfaces, start=1)))
    monkeypatch.setattr(fcntl, "ioctl", ioctl)
    monkeypatch.setattr(socket, "gethostname", lambda: "laptop")
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.1.1", 0))]
    )
    return interfaces


def test_a_host_name_that_resolves_to_loopback_still_gives_the_network_address(laptop):
    assert lan_addresses() == ["192.168.1.23"]
    url, why = room_url("http://localhost:8501/?present=true")
    assert url == "http://192.168.1.23:8501/?present=true" and "192.168.1.23" in why


def test_the_route_is_asked_of_a_never_routed_address_and_nothing_is_sent(laptop):
    lan_addresses()
    ((host, _port),) = FakeSocket.connected
    assert ipaddress.ip_address(host) in ipaddress.ip_network("192.0.2.0/24")  # TEST-NET-1 (RFC 5737)


def test_without_a_default_route_the_interfaces_are_read(laptop):
    FakeSocket.local = None
    assert lan_addresses() == ["192.168.1.23"]  # not Docker's bridge, not loopback


def test_only_loopback_means_no_address(laptop):
    FakeSocket.local = None
    laptop.update(wlp2s0=None)
    assert lan_addresses() == []
    url, why = room_url("http://127.0.0.1:8501/")
    assert url is None and "BWISE_PUBLIC_URL" in why


def test_a_loopback_route_address_is_never_used(laptop):
    FakeSocket.local = "127.0.0.1"
    assert lan_addresses() == ["192.168.1.23"]


def test_the_public_url_wins_over_the_network_address(laptop):
    url, _ = room_url("http://localhost:8501/compare?x=1", public_base="https://room.example.org")
    assert url == "https://room.example.org/compare?x=1"
