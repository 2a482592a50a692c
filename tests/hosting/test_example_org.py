"""An example organisation (tests/hosting/example-org/) customises the guide without touching code: one
file (organisation.yml) for its name, logo, contact details and links, and data files for its own
outcomes and jargon. Built here the way an organisation would, so the customisation keeps working."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hosting_support import REPO, scan

EXAMPLE = REPO / "tests" / "hosting" / "example-org"
ORG_NAME = "Anytown Health and Social Care Partnership"


@pytest.fixture(scope="module")
def org_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built from a copy of the project with the example organisation's files added."""
    project = tmp_path_factory.mktemp("anytown")
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", project / "overrides")
    shutil.copytree(
        REPO / "docs",
        project / "docs",
        ignore=shutil.ignore_patterns("engine", "__pycache__"),
    )
    # The organisation's own files: the one settings file, and its logo.
    shutil.copy2(EXAMPLE / "organisation.yml", project / "organisation.yml")
    shutil.copytree(EXAMPLE / "docs", project / "docs", dirs_exist_ok=True)
    out = project / "built"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "-f",
            "organisation.yml",
            "-d",
            str(out),
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    return out


def test_name_contact_and_links_appear_in_every_page_footer(org_site: Path) -> None:
    for page in ("index.html", "tools/recording-checker/index.html", "host-it-yourself/index.html"):
        html = (org_site / page).read_text(encoding="utf-8")
        assert f"Hosted by {ORG_NAME}" in html, page
        assert "Practice Development Team, Anytown House" in html
        assert 'href="mailto:practice.development@anytown.example"' in html
        assert 'href="tel:01234567890"' in html
        assert 'href="https://intranet.anytown.example/policies"' in html
        assert ">Anytown practice policies</a>" in html
        assert ">Book supervision</a>" in html


def test_logo_is_in_the_header_and_in_the_site(org_site: Path) -> None:
    page = org_site / "tools" / "recording-checker" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert 'src="../../assets/images/anytown-logo.svg"' in html
    assert (page.parent / "../../assets/images/anytown-logo.svg").resolve().is_file()
    assert "<title>Recording checker - Outcomes Guide (Anytown)</title>" in html


def test_customised_site_still_has_no_inline_script(org_site: Path) -> None:
    for page in sorted(org_site.rglob("*.html")):
        result = scan(page)
        assert result.inline_scripts == [], page
        assert result.handlers == [], page
        assert result.style_attributes == [], page


def test_the_plain_guide_names_no_organisation(built_site: Path) -> None:
    """Without an organisation.yml the footer has no organisation block (and with one, it has)."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    if (REPO / "organisation.yml").is_file():
        assert "data-organisation" in html
    else:
        assert "data-organisation" not in html
        assert "Hosted by" not in html


def run_cli(args: list[str], extra_data: Path | None) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "OUTCOMES_TOOLS_DATA"}
    env["PYTHONPATH"] = str(REPO / "src")
    if extra_data is not None:
        env["OUTCOMES_TOOLS_DATA"] = str(extra_data)
    run = subprocess.run(
        [sys.executable, "-m", "outcomes_tools", *args, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout)
    return result


def test_local_jargon_is_flagged_only_with_the_organisation_data() -> None:
    record = "Referred to Connect Up for six weeks so she can find a lunch club near home."
    plain = run_cli(["check", record], None)
    local = run_cli(["check", record], EXAMPLE / "data")
    rules = [f["rule"] for f in local["findings"]]  # type: ignore[attr-defined]
    assert "jargon.anytown-connect-up" in rules
    assert "jargon.anytown-connect-up" not in [f["rule"] for f in plain["findings"]]  # type: ignore[attr-defined]


def test_local_outcomes_are_offered_by_the_mapper() -> None:
    text = "I can't afford to put the heating on and the house is always cold."
    plain = run_cli(["map", text], None)
    local = run_cli(["map", text], EXAMPLE / "data")
    local_ids = [c["id"] for c in local["categories"]]  # type: ignore[attr-defined]
    assert "anytown-keeping-warm" in local_ids[:3]
    assert "anytown-keeping-warm" not in [c["id"] for c in plain["categories"]]  # type: ignore[attr-defined]
