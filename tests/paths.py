"""Paths the tests share."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = ("explore", "compare", "profile", "competence", "sensitivity", "plan", "story", "data_method")
APP_PAGES = [f"app_pages/{name}.py" for name in PAGES]
