import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_auth_benchmarks_print_bench_lines() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "auth"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    lines = result.stdout.strip().splitlines()
    names = [line.split()[1] for line in lines]
    assert names == ["precheck_ms", "sign_ms"]
    assert all(line.startswith("BENCH ") and float(line.split()[2]) > 0 and line.endswith(" ms") for line in lines)


def test_unknown_group_is_a_usage_error() -> None:
    result = subprocess.run([sys.executable, "benchmarks/run.py", "nope"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "known: auth" in result.stderr
