"""The README's Python example runs and prints what the README says it prints."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.helpers import REPO


def test_the_readme_python_example_prints_its_documented_output(tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use myorec from Python", 1)[1].split("\n## ", 1)[0]
    code, output = re.findall(r"```(?:python|text)\n(.*?)```", section, re.S)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == output
    assert not (tmp_path / "myorec.db").exists()  # reading a log that is not there creates nothing


def test_the_public_api_names_what_it_exports():
    import myorec

    for name in myorec.__all__:
        assert getattr(myorec, name) is not None, name
