"""The app of a worker: its consumer group follows its role set."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.app import ROLES, UnknownRole, app_id_for, create_app
from streams.settings import Settings


def test_each_role_set_has_its_own_group_and_all_roles_keep_the_plain_id() -> None:
    assert app_id_for("fazhi", ["all"]) == "fazhi"
    assert app_id_for("fazhi", [",".join(ROLES)]) == "fazhi"
    assert app_id_for("fazhi", ["process"]) == "fazhi-process"
    # Order and spelling of the roles do not matter: the same set is the same group.
    assert app_id_for("fazhi", ["store", "alert"]) == "fazhi-alert-store"
    assert app_id_for("fazhi", ["alert,store"]) == app_id_for("fazhi", ["store", "alert", "store"])
    assert len({app_id_for("x", [r]) for r in ROLES} | {app_id_for("x", ["all"])}) == len(ROLES) + 1
    with pytest.raises(UnknownRole):
        app_id_for("fazhi", ["procss"])


def test_the_app_and_its_table_changelogs_are_named_after_the_role_set(tmp_path: Path) -> None:
    settings = Settings(broker_url="kafka://127.0.0.1:9", data_dir=tmp_path, app_id="staging")
    app, _topics = create_app(settings, ["process"], broker_url=settings.broker_url)
    assert app.conf.id == "staging-process"
    assert {table.changelog_topic.get_topic_name() for table in app.tables.values()} == {
        "staging-process-report_state-changelog"
    }
