"""Settings: defaults in one place, every field from its FAZHI_ variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from streams.broker import normalize_broker_url
from streams.settings import ConfigError, Settings, environment_variables, get_settings, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in environment_variables():
        monkeypatch.delenv(variable, raising=False)
    get_settings.cache_clear()


def test_defaults_suit_the_embedded_broker() -> None:
    settings = Settings()
    assert settings.broker_url is None
    assert settings.data_dir == Path("fazhi-data")
    assert settings.database_url == "sqlite+aiosqlite:///fazhi-data/fazhi.db"
    assert settings.subscriptions_file == Path("fazhi-data/subscriptions.yaml")
    assert settings.store == "memory://"
    assert settings.partitions == 4
    assert settings.max_page_bytes == 10 * 1024 * 1024
    assert settings.compression_type == "zstd"
    assert 0 < settings.broker_rebalance_timeout <= 10


def test_every_field_documents_its_environment_variable() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description and f"FAZHI_{name.upper()}" in field.description, name


def test_environment_overrides_and_derived_paths_follow_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_DATA_DIR", "/srv/fazhi")
    monkeypatch.setenv("FAZHI_PARTITIONS", "12")
    monkeypatch.setenv("FAZHI_PRODUCER_COMPRESSION", "lz4")
    monkeypatch.setenv("FAZHI_BROKER_URL", "kafka://kafka-1:9092")
    settings = get_settings()
    assert settings.partitions == 12
    assert settings.compression_type == "lz4"
    assert settings.broker_url == "kafka://kafka-1:9092"
    assert settings.database_url == "sqlite+aiosqlite:////srv/fazhi/fazhi.db"
    assert settings.broker_json_path == Path("/srv/fazhi/broker.json")
    assert get_settings() is settings  # read once


def test_explicit_database_url_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_DATABASE_URL", "postgresql+asyncpg://fazhi@db/fazhi")
    assert Settings().database_url == "postgresql+asyncpg://fazhi@db/fazhi"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FAZHI_PRODUCER_COMPRESSION", "brotli"),
        ("FAZHI_PARTITIONS", "0"),
        ("FAZHI_STORE", "redis://x"),
        ("FAZHI_BROKER_HEARTBEAT_INTERVAL", "10"),
    ],
)
def test_bad_values_are_rejected(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError):
        Settings()


def test_messages_fit_a_max_size_page_as_base64() -> None:
    settings = Settings(max_page_bytes=3 * 1024 * 1024)
    assert settings.max_message_bytes > 4 * 1024 * 1024
    faust = settings.faust_config()
    assert faust["producer_max_request_size"] == settings.max_message_bytes
    assert faust["topic_partitions"] == settings.partitions
    assert faust["producer_compression_type"] == "zstd"
    assert Settings(producer_compression="none").compression_type is None


def test_kafka_brokers_is_an_alias_of_the_broker_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_KAFKA_BROKERS", "kafka-1:9092,kafka-2:9092")
    settings = Settings()
    assert normalize_broker_url(settings.broker_url or "") == "kafka://kafka-1:9092;kafka-2:9092"
    monkeypatch.setenv("FAZHI_BROKER_URL", "kafka://other:9092")
    assert Settings().broker_url == "kafka://other:9092"  # the canonical name wins
    assert Settings(broker_url="x:1").broker_url == "x:1"  # still settable by field name
    assert environment_variables()["FAZHI_KAFKA_BROKERS"] == "broker_url"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("FAZHI_PARTITIONS", "abc", "valid integer"),
        ("FAZHI_CRAWL_STATIC_HOSTS", "not json", "not valid JSON; expected JSON object"),
        ("FAZHI_CRAWL_STATIC_HOSTS", '{"www.example.gov.cn": "nowhere"}', "is not an IP address"),
        ("FAZHI_LOG_FORMAT", "xml", "'text' or 'json'"),
        ("FAZHI_KAFKA_BROKERS", "", None),  # empty: the embedded broker, not an error
    ],
)
def test_a_bad_variable_gives_one_message_naming_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str | None
) -> None:
    monkeypatch.setenv(variable, value)
    if expected is None:
        load_settings()
        return
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"{variable}=") and expected in message and "\n" not in message, message


def test_a_misspelt_variable_is_named_with_the_one_it_resembles() -> None:
    from streams.settings import misspelt_variables

    environ = {"FAZHI_KAFKA_BROKER": "kafka-1:9092", "FAZHI_PARTITIONS": "3",
               "FAZHI_NOW": "2026-04-02T09:00:00+08:00", "FAZHI_TEST_PG_DSN": "postgresql://postgres@127.0.0.1/test",
               "HOME": "/root"}
    assert misspelt_variables(environ) == [
        "FAZHI_KAFKA_BROKER is not a setting (did you mean FAZHI_KAFKA_BROKERS?); ignored"
    ]
