""".github/workflows/release.yml passes two linters that run offline (GitHub's workflow schema through
check-jsonschema, and zizmor's security audits), has the shape a release needs (three OS jobs that each run
the product's --self-test, a release job after all three that writes SHA256SUMS, actions pinned by commit),
and the Linux job is scripts/release-linux.sh, whose checksum step is checked here on a small fake dist
(the full script runs in tests/test_packaging.py, which builds the bundle once)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from ksefdesk import __version__

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
SCRIPT = ROOT / "scripts" / "release-linux.sh"
BIN = Path(sys.executable).parent
OS_JOBS = {"linux": "ubuntu-", "windows": "windows-", "macos": "macos-"}
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(?:\.\d+)*\s*$")

# what the linters must refuse: an action on a moving tag and a tag name pasted into a shell
BAD_WORKFLOW = """\
name: bad
on: {push: {tags: ["v*"]}}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.head_commit.message }}"
"""


def _workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def _runs(job: dict[str, Any]) -> list[str]:
    return [str(step["run"]) for step in job["steps"] if "run" in step]


def _schema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _zizmor(path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GH_TOKEN", None)
    env.pop("GITHUB_TOKEN", None)
    return subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--no-config", "--no-progress", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


# --- the linters ---------------------------------------------------------------------------------------
def test_the_workflow_matches_githubs_schema() -> None:
    done = _schema(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_passes_zizmor_offline() -> None:
    done = _zizmor(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_linters_do_refuse_a_bad_workflow(tmp_path: Path) -> None:
    """The two checks above mean something: a broken and an unsafe workflow fail them."""
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  a:\n    steps: []\n", encoding="utf-8")  # no runs-on
    assert _schema(broken).returncode != 0
    unsafe = tmp_path / "unsafe.yml"
    unsafe.write_text(BAD_WORKFLOW, encoding="utf-8")
    found = _zizmor(unsafe)
    assert found.returncode != 0 and "template-injection" in found.stdout + found.stderr


def test_the_linters_are_in_the_test_extra() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    test_extra = pyproject.split("test = [", 1)[1].split("]", 1)[0]
    assert '"check-jsonschema' in test_extra and '"zizmor' in test_extra


# --- the workflow's shape ----------------------------------------------------------------------------------
def test_one_tag_builds_all_three_and_each_runs_its_self_test() -> None:
    workflow = _workflow()
    assert workflow["on"]["push"]["tags"] == ["v*"] and "workflow_dispatch" in workflow["on"]
    jobs = workflow["jobs"]
    for name, runner in OS_JOBS.items():
        assert str(jobs[name]["runs-on"]).startswith(runner), name
        runs = _runs(jobs[name])
        if name == "linux":  # the job is the script (below): its self-test is the bundle's launcher
            runs = [SCRIPT.read_text(encoding="utf-8")]
            assert '"$out/ksefdesk/ksefdesk" --self-test' in runs[0]
        assert any("--self-test" in run for run in runs), f"{name} has no --self-test step"
        uploads = [s for s in jobs[name]["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
        assert uploads and uploads[0]["with"]["if-no-files-found"] == "error", name


def test_the_release_waits_for_all_three_and_publishes_checksums() -> None:
    jobs = _workflow()["jobs"]
    release = jobs["release"]
    assert set(release["needs"]) == set(OS_JOBS)
    script = "\n".join(_runs(release))
    assert "sha256sum" in script and "> SHA256SUMS" in script and "sha256sum --check" in script
    publish = [s for s in release["steps"] if "gh release create" in str(s.get("run", ""))]
    assert publish and publish[0]["if"] == "github.ref_type == 'tag'"  # a manual run publishes nothing
    assert "release/*" in publish[0]["run"]


def test_permissions_are_minimal_and_actions_pinned_by_commit() -> None:
    workflow = _workflow()
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        wanted = {"contents": "write"} if name == "release" else {"contents": "read"}
        assert job["permissions"] == wanted, name
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert lines
    for line in lines:
        assert PINNED.match(line), f"not pinned to a commit with its version: {line.strip()}"


def test_the_linux_job_is_only_the_script() -> None:
    linux = _workflow()["jobs"]["linux"]
    assert _runs(linux) == ["bash scripts/release-linux.sh"]
    assert {str(s["uses"]).split("@")[0] for s in linux["steps"] if "uses" in s} == {
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
    }
    paths = linux["steps"][-1]["with"]["path"]
    assert "dist/*.tar.gz" in paths and "dist/*.deb" in paths and "dist/SHA256SUMS" in paths


def test_the_windows_job_follows_the_inno_setup_script() -> None:
    windows = _workflow()["jobs"]["windows"]
    script = "\n".join(_runs(windows))
    assert "packaging\\build.py --no-deb --no-tar" in script and "translations.py compile" in script
    assert "dist\\ksefdesk\\ksefdesk-cli.exe --self-test" in script
    iscc = next(s for s in windows["steps"] if "& $iscc" in str(s.get("run", "")))
    assert iscc["env"]["KSEFDESK_VERSION"] == "${{ steps.version.outputs.version }}"
    iss = iscc["run"].split("& $iscc /Qp ", 1)[1].split()[0]
    setup = (ROOT / iss.replace("\\", "/")).read_text(encoding="utf-8")
    assert 'GetEnv("KSEFDESK_VERSION")' in setup and "OutputBaseFilename=KSeF-Desk-{#AppVersion}-setup" in setup
    assert "ksefdesk-cli" in (ROOT / "packaging" / "ksefdesk.spec").read_text(encoding="utf-8")
    assert windows["steps"][-1]["with"]["path"] == "dist/KSeF-Desk-*-setup.exe"


def test_the_macos_job_self_tests_the_app_the_spec_makes() -> None:
    spec = (ROOT / "packaging" / "ksefdesk.spec").read_text(encoding="utf-8")
    compile(spec, "ksefdesk.spec", "exec")  # the spec stays valid Python on every platform
    darwin = spec.split('if sys.platform == "darwin":', 1)[1]
    assert "BUNDLE(" in darwin and 'name="KSeF Desk.app"' in darwin
    script = "\n".join(_runs(_workflow()["jobs"]["macos"]))
    assert '"dist/KSeF Desk.app/Contents/MacOS/ksefdesk" --self-test' in script
    assert "hdiutil create" in script and "build.py --no-deb --no-tar" in script


# --- scripts/release-linux.sh -------------------------------------------------------------------------------
def _script(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})}
    )


def test_the_checksum_step_covers_this_versions_tar_and_deb(tmp_path: Path) -> None:
    products = {
        f"ksefdesk-{__version__}-linux-x86_64.tar.gz": b"tar \x00 bytes",
        f"ksefdesk_{__version__}_amd64.deb": b"deb bytes",
    }
    for name, data in products.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "ksefdesk_0.0.1_amd64.deb").write_bytes(b"an older build left in dist/")
    (tmp_path / "ksefdesk").mkdir()  # the bundle folder is not a product
    done = _script("checksums", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = (tmp_path / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert lines == [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in products.items()]
    check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=tmp_path, capture_output=True)
    assert check.returncode == 0
    assert not list(tmp_path.glob("*.part"))


def test_the_checksum_step_refuses_a_missing_product(tmp_path: Path) -> None:
    (tmp_path / f"ksefdesk-{__version__}-linux-x86_64.tar.gz").write_bytes(b"tar")
    done = _script("checksums", str(tmp_path))
    assert done.returncode != 0 and f"ksefdesk_{__version__}_amd64.deb is missing" in done.stderr
    assert not (tmp_path / "SHA256SUMS").exists()


def test_a_tag_that_is_not_the_version_stops_before_building(tmp_path: Path) -> None:
    done = _script("--no-setup", "--out", str(tmp_path), env={"RELEASE_TAG": "v999.0.0"})
    assert done.returncode == 1 and f"does not match ksefdesk.__version__ {__version__}" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [["--bogus"], ["--out"]])
def test_the_script_refuses_unknown_arguments(args: list[str]) -> None:
    assert _script(*args).returncode != 0
