"""What a newcomer runs: the README's two commands, CI running exactly the test one, and the
requirement files agreeing with pyproject (the app installs without the test tools)."""

from __future__ import annotations

import re
import shlex
import tomllib

from paths import ROOT

TEST_TOOLS = {"pytest", "hypothesis", "ruff", "playwright", "zxing-cpp", "axe-playwright-python"}


def _readme_commands() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    assert block, "the README starts with a bash block"
    return [line.split("#")[0].strip() for line in block[1].splitlines() if line.strip()]


def _requirements(name: str) -> list[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()


def test_the_readme_starts_with_two_commands_install_and_start_then_install_and_test():
    start, test = _readme_commands()
    assert start == "python -m pip install -r requirements.txt && streamlit run app.py"
    assert test == "python -m pip install -r requirements-test.txt && python -m pytest"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    top = readme[readme.index("```", readme.index("```bash") + 3) :][:1500]
    for said in ("apt-get install -y chromium", "python -m venv .venv && . .venv/bin/activate", "several minutes"):
        assert said in top, said


def test_ci_runs_exactly_the_readmes_test_command():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    assert commands[-1] == _readme_commands()[1]
    assert not any("playwright install" in line for line in commands)  # Debian's Chromium, never a download


def test_the_app_installs_without_the_test_tools():
    runtime = _requirements("requirements.txt")
    assert not {_name(r) for r in runtime} & TEST_TOOLS
    first, *tools = _requirements("requirements-test.txt")
    assert shlex.split(first) == ["-r", "requirements.txt"]
    assert {_name(r) for r in tools} == TEST_TOOLS


def test_pyproject_declares_the_same_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert sorted(project["dependencies"]) == sorted(_requirements("requirements.txt"))
    assert sorted(project["optional-dependencies"]["test"]) == sorted(_requirements("requirements-test.txt")[1:])


def test_the_readme_says_what_a_link_with_a_value_the_app_cannot_use_does():
    """Where the README tells users about shared links, it says that a bad value gets a notice."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sharing = readme[readme.index("*Share this view* gives the link") :][:1200]
    for said in ("never fails to open", "one\nshort notice", "what was ignored and what is shown instead"):
        assert said in sharing, said
