from datetime import UTC, datetime, timedelta

import pytest

from streams import clock


def test_without_fazhi_now_the_clock_is_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAZHI_NOW", raising=False)
    before = datetime.now(UTC)
    assert before <= clock.now() <= datetime.now(UTC)


def test_fazhi_now_sets_the_origin_and_time_runs_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAZHI_NOW", raising=False)
    clock.now()  # read without the variable: an earlier test's origin for the same value is gone
    monkeypatch.setenv("FAZHI_NOW", "2026-04-02T09:00:00+08:00")
    first = clock.now()
    second = clock.now()
    origin = datetime(2026, 4, 2, 1, 0, tzinfo=UTC)
    assert origin <= first <= second < origin + timedelta(minutes=5)
    assert first.utcoffset() == timedelta(hours=8)


def test_a_changed_or_removed_variable_takes_effect_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_NOW", "2026-04-02T09:00:00+08:00")
    assert clock.now().year == 2026 and clock.now().month == 4
    monkeypatch.setenv("FAZHI_NOW", "2030-01-01T00:00:00Z")
    assert clock.now().year == 2030
    monkeypatch.delenv("FAZHI_NOW")
    assert clock.now().year == datetime.now(UTC).year


def test_a_value_set_again_after_a_change_starts_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    readings = iter([1000.0, 1000.0, 1600.0, 1600.0])
    monkeypatch.setattr(clock.time, "monotonic", lambda: next(readings))
    monkeypatch.setenv("FAZHI_NOW", "2026-04-02T09:00:00+08:00")
    origin = datetime(2026, 4, 2, 1, 0, tzinfo=UTC)
    assert clock.now() == origin                  # origin fixed at 1000.0, read at 1000.0
    monkeypatch.setenv("FAZHI_NOW", "2030-01-01T00:00:00Z")
    assert clock.now() == datetime(2030, 1, 1, tzinfo=UTC)   # fixed at 1600.0, read at 1600.0
    monkeypatch.setattr(clock.time, "monotonic", lambda: 1900.0)
    monkeypatch.setenv("FAZHI_NOW", "2026-04-02T09:00:00+08:00")
    assert clock.now() == origin                  # not origin + 900 s: the earlier reading is gone


@pytest.mark.parametrize("value", ["yesterday", "2026-04-02T09:00:00", "2026-04-02"])
def test_bad_values_are_clear_errors_naming_the_variable(value: str) -> None:
    with pytest.raises(clock.ClockError, match="FAZHI_NOW"):
        clock.parse_now(value)
