"""`report --html` and `trend --html` through the click layer: where the page goes, what is refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import parse_html5

HOSTILE = "<script>window.pwned = 1</script>"


@pytest.fixture
def logged(run):
    run("log", "add", "aerobic", "40", "--date", "2026-11-16", "--name", "brisk walk")
    run("log", "add", "resistance", "30", "--rpe", "6", "--date", "2026-11-18", "--name", HOSTILE)


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--demo"),
        ("report", "--week", "2026-W47"),
        ("trend", "--weeks", "4", "--until", "2026-W47"),
    ],
)
def test_html_dash_prints_the_page_and_a_file_gets_the_same_bytes(run, logged, tmp_path, args):
    printed = run(*args, "--html", "-")
    assert printed.stdout.startswith("<!DOCTYPE html>\n")
    assert printed.stdout.endswith("</html>\n")
    parse_html5(printed.stdout)
    written = run(*args, "--html", str(tmp_path / "page.html"))
    assert written.stdout == ""
    assert written.stderr == ""
    assert (tmp_path / "page.html").read_text(encoding="utf-8") == printed.stdout


def test_a_session_name_with_a_script_is_shown_as_text(run, logged):
    page = run("report", "--week", "2026-W47", "--html", "-").stdout
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "<script" not in page


def test_a_rule_folder_with_a_script_in_its_texts_renders_it_as_text(run, tmp_path):
    rules = tmp_path / "my-rules"
    run("rules", "init", str(rules))
    benefits = rules / "benefits.toml"
    text = benefits.read_text(encoding="utf-8")
    benefits.write_text(text.replace('name = "Bone health and falls"', f'name = "Bone {HOSTILE}"'), "utf-8")
    bone = rules / "bone.toml"
    text = bone.read_text(encoding="utf-8")
    bone.write_text(text.replace('advice = "', f'advice = "{HOSTILE} ', 1), "utf-8")
    escaped = HOSTILE.replace("<", "&lt;").replace(">", "&gt;")
    report = run("report", "--demo", "--rules", str(rules), "--html", "-").stdout
    trend = run("trend", "--weeks", "2", "--until", "2026-W47", "--rules", str(rules), "--html", "-").stdout
    for page in (report, trend):
        assert "<script" not in page
        assert f"Bone {escaped}" in page
    assert f"{escaped} " in report  # the advice of a bone rule, as the benefit's next step


def test_json_and_html_together_are_a_usage_error(run):
    result = run("report", "--demo", "--json", "--html", "-", code=2)
    assert "--json and --html are mutually exclusive" in result.stderr
    run("trend", "--json", "--html", "x.html", code=2)


def test_an_empty_file_name_is_a_usage_error(run):
    result = run("report", "--demo", "--html", "", code=2)
    assert "'--html': give a file name, or '-' for standard output" in result.stderr


def test_a_page_is_never_written_over_the_log_it_was_made_from(run, logged, tmp_path):
    log = tmp_path / "log.db"
    before = log.read_bytes()
    for args in (("report", "--week", "2026-W47"), ("trend",)):
        result = run(*args, "--html", str(log), code=1)
        assert result.stderr == f"Error: {log}: is the activity log itself; write the page to another file\n"
    assert log.read_bytes() == before


def test_a_read_only_file_is_refused_and_left_alone(tmp_path):
    """As a user (root drops the capability that ignores permissions, as tests/store/test_faults.py does)."""
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] if os.geteuid() == 0 else []
    if prefix and subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        pytest.skip("running as root, and setpriv cannot drop the capabilities that ignore permissions")
    target = tmp_path / "page.html"
    target.write_text("mine", encoding="utf-8")
    target.chmod(0o444)
    command = [*prefix, sys.executable, "-m", "myorec", "report", "--demo", "--html", str(target)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert (result.returncode, result.stderr) == (
        1,
        f"Error: {target}: is read-only; write the page to another file or make it writable\n",
    )
    assert target.read_text(encoding="utf-8") == "mine"


def test_a_quoted_tilde_means_the_home_folder(run, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    run("report", "--demo", "--html", "~/week.html")
    assert (tmp_path / "week.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (tmp_path / "~").exists()


def test_a_page_to_a_closed_standard_output_is_a_one_line_error():
    """A shell's '>&-': Python then has no sys.stdout, and the page would go nowhere, silently."""
    command = [sys.executable, "-m", "myorec", "report", "--demo", "--html", "-"]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False, preexec_fn=lambda: os.close(1)
    )
    assert (result.returncode, result.stderr) == (
        1,
        "Error: standard output is closed; give --html FILE to write the page to a file\n",
    )


def test_a_page_into_a_missing_folder_is_a_one_line_error(run, tmp_path):
    result = run("report", "--demo", "--html", str(tmp_path / "no" / "page.html"), code=1)
    assert result.stderr.startswith(f"Error: {tmp_path / 'no' / 'page.html'}: cannot write: ")
    assert len(result.stderr.splitlines()) == 1
