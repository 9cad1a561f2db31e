"""`fazhi alerts check` and `fazhi alerts test` through the real CLI parser."""

from __future__ import annotations

from pathlib import Path

from streams.cli import main

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "subscriptions.yaml"


def test_check_lists_subscriptions_with_secrets_hidden(capsys) -> None:
    assert main(["alerts", "check", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "4 subscription(s), valid" in out
    assert "- guangdong-prefectures: new reports where provinces: 广东; levels: prefecture" in out
    assert "app-password" not in out and "mailto://user:****@example.com" in out


def test_check_reports_errors_with_exit_2(tmp_path, capsys) -> None:
    bad = tmp_path / "subs.yaml"
    bad.write_text("subscriptions:\n- name: a\n  channels: ['jsn://x']\n", encoding="utf-8")
    assert main(["alerts", "check", str(bad)]) == 2
    assert "subscription #1 'a': channels[0]: jsn://x...: Unparseable URL" in capsys.readouterr().err


def test_test_sends_to_every_channel_and_fails_on_a_dead_one(tmp_path, webhook, refused_url, capsys,
                                                             monkeypatch) -> None:  # fmt: skip
    monkeypatch.setenv("FAZHI_ALERT_MAX_ATTEMPTS", "2")
    monkeypatch.setenv("FAZHI_ALERT_RETRY_BASE_DELAY", "0")
    from streams.settings import get_settings

    get_settings.cache_clear()
    subs = tmp_path / "subs.yaml"
    subs.write_text(f"subscriptions:\n- name: good\n  channels: ['{webhook.url()}', 'console://']\n"
                    f"- name: dead\n  channels: ['{refused_url}']\n", encoding="utf-8")  # fmt: skip
    try:
        assert main(["alerts", "test", str(subs)]) == 1
        out = capsys.readouterr().out
        assert "good: delivered (2 tries)" in out  # one per channel
        assert "dead: NOT delivered after 2 tries" in out
        [post] = webhook.wait_for(1)
        assert "fazhi-watch test alert" in post["message"]
        assert main(["alerts", "test", str(subs), "--subscription", "good"]) == 0
    finally:
        get_settings.cache_clear()
