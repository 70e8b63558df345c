import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_auth_benchmarks_print_bench_lines() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "auth"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300
    )
    lines = result.stdout.strip().splitlines()
    names = [line.split()[1] for line in lines]
    assert names == ["precheck_ms", "sign_ms", "silent_login_s", "office_login_50_clients_s", "office_gui_max_stall_ms"]
    assert all(line.startswith("BENCH ") and float(line.split()[2]) > 0 for line in lines)
    assert [line.split()[3] for line in lines] == ["ms", "ms", "s", "s", "ms"]


def test_unknown_group_is_a_usage_error() -> None:
    result = subprocess.run([sys.executable, "benchmarks/run.py", "nope"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "known: auth" in result.stderr


def test_first_paint_is_measured_for_the_app_and_for_a_bare_qt_window() -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks import bench_gui

    paint = bench_gui.first_paint_s({"app": bench_gui.CHILD, "bare": bench_gui.BARE_QT_CHILD}, runs=1)
    assert 0 < paint["bare"] < 30 and 0 < paint["app"] < 60  # both children painted a window and said so


def test_the_invoice_form_benchmarks_measure_the_real_form() -> None:
    """Both figures come from the real window and service: the form opened and painted, a 50-line invoice
    issued into the outbox (the benchmark asserts the outbox grew)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from benchmarks import bench_invoice as b\nfor n, v, u in b.run(): print('BENCH', n, v, u)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("BENCH ")]
    assert [line.split()[1] for line in lines] == ["invoice_form_open_ms", "invoice_issue_ms"]
    assert all(float(line.split()[2]) > 0 and line.split()[3] == "ms" for line in lines)
