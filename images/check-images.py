#!/usr/bin/env python3
"""Checks the image tarballs Jib built: each is tagged as the Helm chart's default values name it, runs its main
class with java as user 10001, exposes its health port, and sits on the JRE base (java on the PATH)."""
import json, sys, tarfile, yaml

chart = yaml.safe_load(open("helm/iot-jobs-operator/Chart.yaml"))
values = yaml.safe_load(open("helm/iot-jobs-operator/values.yaml"))
images = {
    "operator/target/iot-jobs-operator-image.tar": (values["operator"]["image"], "dev.iotjobs.operator.OperatorMain", "8080/tcp"),
    "device-bridge/target/iot-jobs-device-bridge-image.tar": (values["bridge"]["image"], "dev.iotjobs.bridge.BridgeMain", "8081/tcp"),
}
problems = []
for path, (image, main, port) in images.items():
    expected_tag = f'{image["repository"]}:{image["tag"] or chart["appVersion"]}'
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))[0]
        config = json.load(tar.extractfile(manifest["Config"]))
        base = tar.getnames()
    c = config["config"]
    if manifest["RepoTags"] != [expected_tag]:
        problems.append(f"{path}: tagged {manifest['RepoTags']}, the chart pulls {expected_tag}")
    if c.get("Entrypoint", [None])[0] != "java" or main not in c.get("Entrypoint", []):
        problems.append(f"{path}: entrypoint {c.get('Entrypoint')} does not run {main} with java")
    if c.get("User") != "10001:10001":
        problems.append(f"{path}: user {c.get('User')}, not the chart's runAsUser 10001")
    if port not in (c.get("ExposedPorts") or {}):
        problems.append(f"{path}: does not expose {port}")
    if "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64" not in c.get("Env", []):
        problems.append(f"{path}: not on the JRE base image")
    if len(manifest["Layers"]) < 2:
        problems.append(f"{path}: has no application layers")
for p in problems:
    print("image problem:", p)
print(f"images: {len(images) * 6 - len(problems)}/{len(images) * 6} checks hold")
sys.exit(1 if problems else 0)
