"""Start a Streamlit app and Debian's Chromium for browser tests and benchmarks.

Never downloads a browser: it uses ``$BROWSER_PATH`` or the ``chromium`` on PATH
(``apt-get install -y chromium``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
CHART = '[data-testid="stPlotlyChart"]'


def find_chromium() -> str | None:
    """Path of a Chromium to drive, or None when there is none on this machine."""
    for candidate in (os.environ.get("BROWSER_PATH"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    script: Path, *, cwd: Path = ROOT, timeout: float = 60.0, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run ``streamlit run script`` on a free local port (extra ``env`` variables); yield its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
    log = open(os.devnull, "w")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(
        command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {' '.join(command)}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def launch(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def wait_until_idle(page, *, timeout: float = 30_000) -> None:
    """Wait until the app has finished running: no spinner, no stale elements."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
               && !document.querySelector('[data-stale="true"]')
               && document.querySelector('[data-testid="stMain"]')""",
        timeout=timeout,
    )


# JavaScript: a signature of every Plotly chart's data (the sum of all its numbers), to tell
# when all of them have redrawn.
CHART_SIGNATURES = f"""() => Array.from(document.querySelectorAll('{CHART} .js-plotly-plot')).map(el => {{
    let sum = 0;
    const add = v => {{
        if (v === null || v === undefined) return;
        if (typeof v === 'number') {{ if (isFinite(v)) sum += v; return; }}
        if (typeof v === 'object' && v.length !== undefined && typeof v !== 'string') {{ for (const x of v) add(x); }}
    }};
    for (const t of (el._fullData || [])) {{ add(t.x); add(t.y); add(t.z); }}
    return sum;
}})"""
