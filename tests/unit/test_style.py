"""The house style is enforced: ruff lint and format are clean."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from paths import ROOT

pytestmark = pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")


@pytest.mark.parametrize("command", [["ruff", "check", "."], ["ruff", "format", "--check", "."]], ids=" ".join)
def test_ruff_is_clean(command):
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
