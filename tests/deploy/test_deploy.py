"""deploy/ checked statically (no Docker engine here): files parse, settings and commands are real."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from streams.app import ROLES
from streams.cli import build_parser
from streams.settings import Settings, environment_variables

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SETTINGS = set(environment_variables())
WEB_PORT = Settings.model_fields["web_port"].default  # what a worker listens on unless told otherwise


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


def test_the_image_builds_the_compiled_modules_and_checks_them() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    copies = re.findall(r"^COPY (.+) \S+$", text, flags=re.MULTILINE)
    copied = {name for line in copies for name in line.split()}
    assert "setup.py" in copied  # the extension is declared there
    install = next(step for step in re.split(r"^RUN ", text, flags=re.MULTILINE) if "pip install ." in step)
    assert install.index("gcc") < install.index("pip install .")
    assert "_native_walk is not None" in install
    assert "_utf8 is not None" in install


def test_the_sizing_notes_name_real_settings() -> None:
    named = set(re.findall(r"FAZHI_[A-Z_]+", (DEPLOY / "README.md").read_text(encoding="utf-8")))
    assert named and named <= SETTINGS, named - SETTINGS


def k8s_workloads() -> list[dict]:
    text = (DEPLOY / "k8s" / "fazhi.yaml").read_text(encoding="utf-8")
    return [d for d in yaml.safe_load_all(text) if d and d["kind"] in ("Deployment", "StatefulSet")]


def test_kubernetes_probes_and_scrape_annotations_use_the_health_port() -> None:
    workloads = k8s_workloads()
    assert workloads
    for workload in workloads:
        template = workload["spec"]["template"]
        annotations = template["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true"
        assert annotations["prometheus.io/port"] == str(WEB_PORT)
        assert annotations["prometheus.io/path"] == "/metrics"
        for container in template["spec"]["containers"]:
            ports = {port["name"]: port["containerPort"] for port in container["ports"]}
            assert ports["http"] == WEB_PORT, workload["metadata"]["name"]
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                get = container[probe]["httpGet"]
                assert get["port"] in ("http", WEB_PORT), (workload["metadata"]["name"], probe)
                assert get["path"].split("?")[0] == "/healthz", (workload["metadata"]["name"], probe)
            # Readiness: the plain /healthz (503 until ok); liveness: only a crash fails it.
            assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz?probe=live"


def test_compose_workers_have_a_healthcheck_on_the_health_port() -> None:
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))["services"]
    for role in ROLES:
        test = " ".join(services[role]["healthcheck"]["test"])
        assert f"http://127.0.0.1:{WEB_PORT}/healthz" in test, role
        assert "FAZHI_WEB_PORT" not in services[role]["environment"]  # the check assumes the default
    assert f"EXPOSE {WEB_PORT}" in (DEPLOY / "Dockerfile").read_text(encoding="utf-8")


def systemd_unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    unit.read_string((DEPLOY / "systemd" / "fazhi-worker.service").read_text(encoding="utf-8"))
    return unit


def test_systemd_unit_restarts_on_failure_with_the_env_file() -> None:
    unit = systemd_unit()
    service = unit["Service"]
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == "/etc/fazhi/fazhi.env"
    assert service["RestartPreventExitStatus"] == "2"  # a bad FAZHI_* variable exits 2
    command = shlex.split(service["ExecStart"])
    assert Path(command[0]).name == "fazhi"
    fazhi_command(command[1:])
    # The example env file: only real settings, and where the unit reads it from.
    env = (DEPLOY / "systemd" / "fazhi.env").read_text(encoding="utf-8")
    assigned = re.findall(r"^#?(FAZHI_[A-Z_]+)=", env, flags=re.MULTILINE)
    assert assigned and set(assigned) <= SETTINGS, set(assigned) - SETTINGS
    port = re.search(r"^FAZHI_WEB_PORT=(\d+)$", env, flags=re.MULTILINE)
    assert port is None or int(port.group(1)) == WEB_PORT


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    # With ExecStart pointing at this environment's fazhi (the unit's /opt path exists only once installed).
    fazhi = Path(sys.executable).parent / "fazhi"
    if not fazhi.exists():
        pytest.skip(f"no fazhi script beside {sys.executable}")
    text = (DEPLOY / "systemd" / "fazhi-worker.service").read_text(encoding="utf-8")
    copy = tmp_path / "fazhi-worker.service"
    copy.write_text(text.replace("/opt/fazhi-watch/bin/fazhi", str(fazhi)), encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", str(copy)], capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
