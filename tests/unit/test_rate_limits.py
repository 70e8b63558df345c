from ksefdesk.core.rate_limits import GROUPS, SlidingWindows


def test_each_window_is_enforced_and_reports_the_exact_wait() -> None:
    windows = SlidingWindows()
    limits = (8, 16, 20)  # invoiceMetadata
    now = 1000.0
    for _ in range(8):
        assert windows.wait("k", limits, now).seconds == 0
        windows.record("k", now)
    per_second = windows.wait("k", limits, now + 0.25)
    assert per_second.window == "second" and abs(per_second.seconds - 0.75) < 1e-9
    now += 1.0
    for _ in range(8):
        windows.record("k", now)
    per_minute = windows.wait("k", limits, now + 1.0)
    assert per_minute.window == "minute" and abs(per_minute.seconds - 58.0) < 1e-9  # t=1000 leaves at 1060
    now += 61.0
    for _ in range(4):
        windows.record("k", now)
    per_hour = windows.wait("k", limits, now + 1.0)
    assert per_hour.window == "hour" and abs(per_hour.seconds - (1000.0 + 3600 - now - 1.0)) < 1e-9
    assert windows.wait("k", limits, 1000.0 + 3600.5).seconds == 0  # the first ones have left the hour


def test_keys_are_independent_and_unlimited_windows_are_skipped() -> None:
    windows = SlidingWindows()
    for _ in range(60):
        windows.record("a", 5.0)
    assert windows.wait("a", (60, None, None), 5.5).seconds > 0
    assert windows.wait("b", (60, None, None), 5.5).seconds == 0
    assert GROUPS["anonymous"].per_minute is None
