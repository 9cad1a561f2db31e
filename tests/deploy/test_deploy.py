"""deploy/ checked statically (no Docker engine here): files parse, settings and commands are real."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from streams.app import ROLES
from streams.cli import build_parser
from streams.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SETTINGS = {f"FAZHI_{name.upper()}" for name in Settings.model_fields}


def fazhi_command(args: list[str]) -> None:
    """`args` must parse as a fazhi command, and a `run` must name known roles."""
    parsed = build_parser().parse_args(args)
    if parsed.command == "run":
        for value in parsed.role or ["all"]:
            assert {r.strip() for r in value.split(",")} <= {*ROLES, "all"}, value


def test_compose_stack_is_kafka_kraft_postgres_and_every_role() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"kafka", "postgres", *ROLES} <= set(services)
    kafka = services["kafka"]["environment"]
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert "controller" in kafka["KAFKA_PROCESS_ROLES"]  # KRaft: no ZooKeeper
    for role in ROLES:
        service = services[role]
        fazhi_command(service["command"])
        assert service["command"][service["command"].index("--role") + 1] == role
        assert set(service["environment"]) <= SETTINGS, set(service["environment"]) - SETTINGS
        assert service["environment"]["FAZHI_BROKER_URL"] == "kafka://kafka:9092"
        for volume in service["volumes"]:
            source = volume.split(":")[0]
            if source.startswith(".."):
                assert (DEPLOY / source).exists(), source


def test_kubernetes_manifests_run_every_role_with_real_settings() -> None:
    text = (DEPLOY / "k8s" / "fazhi.yaml").read_text(encoding="utf-8")
    documents = [d for d in yaml.safe_load_all(text) if d]
    kinds = {(d["kind"], d["metadata"]["name"]) for d in documents}
    assert ("ConfigMap", "fazhi-config") in kinds and ("Secret", "fazhi-database") in kinds
    roles = set()
    for document in documents:
        if document["kind"] in ("ConfigMap", "Secret"):
            values = document.get("data") or document.get("stringData")
            assert set(values) <= SETTINGS, set(values) - SETTINGS
            continue
        assert document["kind"] in ("Deployment", "StatefulSet")
        template = document["spec"]["template"]
        assert template["metadata"]["labels"] == document["spec"]["selector"]["matchLabels"]
        for container in template["spec"]["containers"]:
            fazhi_command(container["args"])
            roles.add(container["args"][container["args"].index("--role") + 1])
    assert roles == set(ROLES)


def test_dockerfile_installs_the_package_and_runs_fazhi() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    for source in re.findall(r"^COPY (\S+)", text, flags=re.MULTILINE):
        assert (DEPLOY.parent / source).exists(), source
    assert set(re.findall(r"\b(FAZHI_[A-Z_]+)=", text)) <= SETTINGS
    entrypoint = re.search(r'^ENTRYPOINT \["fazhi"\]', text, flags=re.MULTILINE)
    command = re.search(r"^CMD (\[.*\])", text, flags=re.MULTILINE)
    assert entrypoint and command
    fazhi_command(yaml.safe_load(command.group(1)))


def test_the_sizing_notes_name_real_settings() -> None:
    named = set(re.findall(r"FAZHI_[A-Z_]+", (DEPLOY / "README.md").read_text(encoding="utf-8")))
    assert named and named <= SETTINGS, named - SETTINGS
