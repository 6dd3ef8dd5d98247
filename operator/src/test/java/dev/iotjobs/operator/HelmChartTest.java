package dev.iotjobs.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart rendered by a real helm (HELM names the binary; .ci/run provides it): it lints, renders the
 * expected kinds, grants each component the calls its code makes and nothing like cluster-admin, and every
 * Deployment has an image, probes and a locked-down security context.
 */
class HelmChartTest {
  private static final Path CHART = Path.of("..", "helm", "iot-jobs-operator");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** group/resource -> verbs the operator's code uses (reconcilers, writers, events, documentSource, rollback jobs, templates). */
  private static final Map<String, List<String>> OPERATOR_CALLS = Map.ofEntries(
      Map.entry("iotjobs.dev/iotjobs", List.of("get", "list", "watch", "create", "update", "patch")),
      Map.entry("iotjobs.dev/iotjobs/status", List.of("get", "update")),
      Map.entry("iotjobs.dev/thinggroups", List.of("get", "list", "watch", "patch")),
      Map.entry("iotjobs.dev/jobtemplates", List.of("get")),
      Map.entry("iotjobs.dev/thinggroups/status", List.of("update")),
      Map.entry("iotjobs.dev/things", List.of("get", "list", "watch")),
      Map.entry("iotjobs.dev/things/status", List.of("update")),
      Map.entry("iotjobs.dev/jobexecutions", List.of("get", "list", "watch", "create", "delete")),
      Map.entry("iotjobs.dev/jobexecutions/status", List.of("get", "update")),
      Map.entry("/configmaps", List.of("get", "create", "update", "delete")),
      Map.entry("/events", List.of("create")));
  /** The bridge: informers on executions, jobs and things; status writes (lastSeenAt by patch); the presign Secret. */
  private static final Map<String, List<String>> BRIDGE_CALLS = Map.of(
      "iotjobs.dev/jobexecutions", List.of("get", "list", "watch"),
      "iotjobs.dev/jobexecutions/status", List.of("update"),
      "iotjobs.dev/things/status", List.of("patch"),
      "iotjobs.dev/iotjobs", List.of("get", "list", "watch"),
      "iotjobs.dev/things", List.of("get", "list", "watch"));

  private static String helm() {
    String helm = System.getenv("HELM");
    assumeTrue(helm != null && Files.isExecutable(Path.of(helm)), "HELM does not name a helm binary");
    return helm;
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

  private static List<JsonNode> render(String... sets) throws Exception {
    List<String> command = new ArrayList<>(List.of(helm(), "template", "it", CHART.toString(), "--namespace", "iot"));
    for (String set : sets) {
      command.add("--set");
      command.add(set);
    }
    List<JsonNode> docs = new ArrayList<>();
    for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(run(command.toArray(new String[0]))).readAll()) {
      if (doc != null && doc.has("kind")) {
        docs.add(doc);
      }
    }
    return docs;
  }

  @Test
  void lintsStrictly() throws Exception {
    run(helm(), "lint", "--strict", CHART.toString(), "--set", "mqtt.url=tcp://broker:1883");
  }

  @Test
  void allNamespacesUseClusterRolesThatCoverTheCodesCalls() throws Exception {
    List<JsonNode> docs = render("mosquitto.enabled=true");
    Set<String> kinds = new HashSet<>();
    docs.forEach(d -> kinds.add(d.get("kind").asText()));
    assertThat(kinds).contains("Deployment", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
        "RoleBinding", "Service", "ConfigMap");
    assertGrants(role(docs, "ClusterRole", "it-operator"), OPERATOR_CALLS);
    assertGrants(role(docs, "ClusterRole", "it-bridge"), BRIDGE_CALLS);
    assertThat(role(docs, "Role", "it-leader-election").toString()).contains("leases");
    for (JsonNode doc : docs) {
      if (doc.get("kind").asText().endsWith("Role")) {
        assertThat(doc.toString()).as("no wildcards").doesNotContain("\"*\"");
      }
    }
  }

  /** Every option, one at a time and together: lint --strict and template pass, and each renders what it says. */
  @Test
  void everyProductionOptionLintsAndRenders() throws Exception {
    List<String[]> options = List.of(
        new String[] {"operator.nodeSelector.zone=a", "bridge.nodeSelector.zone=a"},
        new String[] {"operator.tolerations[0].key=dedicated", "operator.tolerations[0].operator=Exists"},
        new String[] {"bridge.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey=zone"},
        new String[] {"operator.topologySpreadConstraints[0].maxSkew=1",
            "operator.topologySpreadConstraints[0].topologyKey=zone",
            "operator.topologySpreadConstraints[0].whenUnsatisfiable=DoNotSchedule"},
        new String[] {"operator.priorityClassName=fleet-critical", "bridge.priorityClassName=fleet-critical"},
        new String[] {"imagePullSecrets[0].name=registry"},
        new String[] {"operator.podAnnotations.team=iot", "bridge.podLabels.tier=edge"},
        new String[] {"operator.extraEnv[0].name=SNAPSHOT_SETTLE_MILLIS", "operator.extraEnv[0].value=5000"},
        new String[] {"metrics.serviceMonitor.enabled=true", "metrics.serviceMonitor.labels.release=kps"},
        new String[] {"prometheusRule.enabled=true"},
        new String[] {"podDisruptionBudget.enabled=false"},
        new String[] {"rbac.aggregateToDefaultRoles=false"},
        new String[] {"logFormat=json"},
        new String[] {"managedJobTemplates.enabled=true", "managedJobTemplates.namespaces[0]=fleet"},
        new String[] {"bridge.presenceEvents[0]=mosquitto", "bridge.presenceEvents[1]=aws"},
        new String[] {"bridge.mqttProtocol=5"});
    List<String> all = new ArrayList<>();
    for (String[] option : options) {
      List<String> sets = new ArrayList<>(List.of("mqtt.url=tcp://broker:1883"));
      sets.addAll(List.of(option));
      all.addAll(List.of(option));
      lint(sets);
      assertThat(render(sets.toArray(new String[0]))).isNotEmpty();
    }
    all.removeIf(o -> o.startsWith("podDisruptionBudget") || o.startsWith("rbac"));
    all.add("mqtt.url=tcp://broker:1883");
    List<JsonNode> docs = render(all.toArray(new String[0]));
    JsonNode operatorPod = deployment(docs, "it-operator").at("/spec/template/spec");
    assertThat(operatorPod.at("/nodeSelector/zone").asText()).isEqualTo("a");
    assertThat(operatorPod.at("/tolerations/0/key").asText()).isEqualTo("dedicated");
    assertThat(operatorPod.at("/topologySpreadConstraints/0/topologyKey").asText()).isEqualTo("zone");
    assertThat(operatorPod.at("/priorityClassName").asText()).isEqualTo("fleet-critical");
    assertThat(operatorPod.at("/imagePullSecrets/0/name").asText()).isEqualTo("registry");
    assertThat(operatorPod.at("/containers/0/env").toString()).contains("SNAPSHOT_SETTLE_MILLIS");
    assertThat(deployment(docs, "it-operator").at("/spec/template/metadata/annotations/team").asText()).isEqualTo("iot");
    JsonNode bridge = deployment(docs, "it-bridge");
    assertThat(bridge.at("/spec/template/metadata/labels/tier").asText()).isEqualTo("edge");
    assertThat(bridge.at("/spec/template/spec/affinity/podAntiAffinity").isObject()).isTrue();
    assertThat(bridge.at("/spec/template/spec/containers/0/env").toString())
        .contains("{\"name\":\"PRESENCE_EVENTS\",\"value\":\"mosquitto,aws\"}")
        .contains("{\"name\":\"MQTT_PROTOCOL\",\"value\":\"5\"}");
    assertThat(kinds(docs)).contains("ServiceMonitor", "PrometheusRule", "PodDisruptionBudget");
    assertThat(docs).filteredOn(d -> d.get("kind").asText().equals("Service")).extracting(d -> d.at("/metadata/name").asText())
        .contains("it-operator-metrics", "it-bridge-metrics");
    assertThat(docs).filteredOn(d -> d.get("kind").asText().equals("ClusterRole")
        && d.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-view").asText().equals("true")).hasSize(1);
  }

  @Test
  void managedJobTemplatesAreTheExamplesTemplatesInEachNamespaceAsked() throws Exception {
    Path chartFile = CHART.resolve("files/job-templates.yaml");
    Path example = Path.of("..", "examples", "job-templates", "templates.yaml");
    assertThat(java.nio.file.Files.readString(chartFile)).as("one set of templates, in two places")
        .isEqualTo(java.nio.file.Files.readString(example));
    List<JsonNode> expected = YAML.readerFor(JsonNode.class).<JsonNode>readValues(example.toFile()).readAll();
    assertThat(expected).hasSize(8);
    assertThat(kinds(render("mqtt.url=tcp://broker:1883"))).doesNotContain("JobTemplate");
    List<JsonNode> templates = render("mqtt.url=tcp://broker:1883", "managedJobTemplates.enabled=true",
        "managedJobTemplates.namespaces[0]=fleet", "managedJobTemplates.namespaces[1]=lab").stream()
        .filter(d -> d.get("kind").asText().equals("JobTemplate")).toList();
    assertThat(templates).hasSize(16);
    for (JsonNode template : expected) {
      String name = template.at("/metadata/name").asText();
      assertThat(templates).filteredOn(t -> t.at("/metadata/name").asText().equals(name))
          .extracting(t -> t.at("/metadata/namespace").asText()).containsExactlyInAnyOrder("fleet", "lab");
      assertThat(templates).filteredOn(t -> t.at("/metadata/name").asText().equals(name))
          .allSatisfy(t -> assertThat(t.get("spec")).isEqualTo(template.get("spec")));
    }
    assertThat(render("mqtt.url=tcp://broker:1883", "managedJobTemplates.enabled=true")).filteredOn(
        d -> d.get("kind").asText().equals("JobTemplate")).allSatisfy(t ->
            assertThat(t.at("/metadata/namespace").asText()).as("the release's namespace").isEqualTo("iot"));
  }

  @Test
  void unknownValuesAreRefusedAndConfigChangesRollThePods() throws Exception {
    Process typo = new ProcessBuilder(helm(), "lint", "--strict", CHART.toString(), "--set", "mqtt.url=tcp://b:1883",
        "--set", "bridge.nodeSelectr.zone=a").redirectErrorStream(true).start();
    String output = new String(typo.getInputStream().readAllBytes());
    assertThat(typo.waitFor()).isNotZero();
    assertThat(output).contains("nodeSelectr");
    Process unknownSource = new ProcessBuilder(helm(), "lint", "--strict", CHART.toString(), "--set",
        "mqtt.url=tcp://b:1883", "--set", "bridge.presenceEvents[0]=emqx").redirectErrorStream(true).start();
    String refused = new String(unknownSource.getInputStream().readAllBytes());
    assertThat(unknownSource.waitFor()).isNotZero();
    assertThat(refused).contains("presenceEvents");
    Process unknownProtocol = new ProcessBuilder(helm(), "lint", "--strict", CHART.toString(), "--set",
        "mqtt.url=tcp://b:1883", "--set", "bridge.mqttProtocol=4").redirectErrorStream(true).start();
    String unknown = new String(unknownProtocol.getInputStream().readAllBytes());
    assertThat(unknownProtocol.waitFor()).isNotZero();
    assertThat(unknown).contains("mqttProtocol");
    assertThat(deployment(render("mqtt.url=tcp://broker:1883", "bridge.mqttProtocol=3.1.1"), "it-bridge")
        .at("/spec/template/spec/containers/0/env").toString())
        .contains("{\"name\":\"MQTT_PROTOCOL\",\"value\":\"3.1.1\"}");
    String before = deployment(render("mqtt.url=tcp://broker:1883"), "it-bridge")
        .at("/spec/template/metadata/annotations/checksum~1config").asText();
    String after = deployment(render("mqtt.url=tcp://other:1883"), "it-bridge")
        .at("/spec/template/metadata/annotations/checksum~1config").asText();
    assertThat(before).isNotBlank().isNotEqualTo(after);
    assertThat(kinds(render("mqtt.url=tcp://broker:1883", "operator.replicas=1"))).doesNotContain("PodDisruptionBudget");
  }

  private static void lint(List<String> sets) throws Exception {
    List<String> command = new ArrayList<>(List.of(helm(), "lint", "--strict", CHART.toString()));
    sets.forEach(set -> command.addAll(List.of("--set", set)));
    run(command.toArray(new String[0]));
  }

  private static JsonNode deployment(List<JsonNode> docs, String name) {
    return role(docs, "Deployment", name);
  }

  private static Set<String> kinds(List<JsonNode> docs) {
    Set<String> kinds = new HashSet<>();
    docs.forEach(d -> kinds.add(d.get("kind").asText()));
    return kinds;
  }

  /** Several bridges: a StatefulSet (stable names keep MQTT sessions and ring places), ring settings, Lease rights. */
  @Test
  void bridgeReplicasRunAsAStatefulSetInARingOfLeases() throws Exception {
    List<String> sets = List.of("mqtt.url=tcp://broker:1883", "bridge.replicas=3", "bridge.shards=64");
    lint(sets);
    List<JsonNode> docs = render(sets.toArray(new String[0]));
    JsonNode bridge = role(docs, "StatefulSet", "it-bridge");
    assertThat(bridge.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(bridge.at("/spec/podManagementPolicy").asText()).isEqualTo("Parallel");
    JsonNode env = bridge.at("/spec/template/spec/containers/0/env");
    Map<String, JsonNode> byName = new java.util.HashMap<>();
    env.forEach(e -> byName.put(e.get("name").asText(), e));
    assertThat(byName.get("REPLICA_IDENTITY").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
    assertThat(byName.get("LEASE_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.namespace");
    assertThat(byName.get("SHARDS").get("value").asText()).isEqualTo("64");
    assertThat(byName.get("RING_NAME").get("value").asText()).isEqualTo("it-bridge");
    // ReplicaRing: lists the ring, creates and renews its own and the shard leases, deletes its own on leaving
    assertGrants(role(docs, "Role", "it-bridge-ring"), Map.of("coordination.k8s.io/leases",
        List.of("get", "list", "create", "update", "delete")));
    assertThat(role(docs, "RoleBinding", "it-bridge-ring").at("/subjects/0/name").asText()).isEqualTo("it-bridge");
    assertThat(role(docs, "PodDisruptionBudget", "it-bridge").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    // one bridge stays a Deployment, replaced (not rolled) so two never share its client id
    List<JsonNode> single = render("mqtt.url=tcp://broker:1883");
    assertThat(deployment(single, "it-bridge").at("/spec/strategy/type").asText()).isEqualTo("Recreate");
    assertThat(kinds(single)).doesNotContain("StatefulSet");
    assertThat(bridgeContainer(single).get("env").toString()).doesNotContain("REPLICA_IDENTITY");
  }

  @Test
  void serverOnlyTlsMountsTheCaAndNoClientCertificate() throws Exception {
    JsonNode mutual = bridgeContainer(render("mqtt.url=ssl://broker:8883", "mqtt.tls.secretName=mqtt-tls"));
    assertThat(mutual.get("env").toString()).contains("MQTT_CA_FILE").contains("MQTT_CERT_FILE").contains("MQTT_KEY_FILE");
    JsonNode serverOnly = bridgeContainer(render("mqtt.url=ssl://broker:8883", "mqtt.tls.secretName=mqtt-ca",
        "mqtt.tls.clientCertificate=false"));
    assertThat(serverOnly.get("env").toString()).contains("MQTT_CA_FILE").doesNotContain("MQTT_CERT_FILE")
        .doesNotContain("MQTT_KEY_FILE");
  }

  private static JsonNode bridgeContainer(List<JsonNode> docs) {
    return docs.stream().filter(d -> d.get("kind").asText().equals("Deployment")
        && d.get("metadata").get("name").asText().endsWith("-bridge")).findFirst().orElseThrow()
        .at("/spec/template/spec/containers/0");
  }

  @Test
  void theBridgeReadsOnlyTheSecretsListedByName() throws Exception {
    JsonNode none = role(render("mqtt.url=tcp://broker:1883"), "ClusterRole", "it-bridge");
    assertThat(none.toString()).doesNotContain("secrets");
    JsonNode listed = role(render("mqtt.url=tcp://broker:1883", "bridge.presignSecrets={s3-creds}"), "ClusterRole",
        "it-bridge");
    JsonNode secrets = null;
    for (JsonNode rule : listed.get("rules")) {
      if (rule.get("resources").toString().contains("secrets")) {
        secrets = rule;
      }
    }
    assertThat(secrets).isNotNull();
    assertThat(secrets.get("resourceNames").toString()).isEqualTo("[\"s3-creds\"]");
    assertThat(secrets.get("verbs").toString()).isEqualTo("[\"get\"]");
  }

  @Test
  void theOperatorIsGrantedNoVerbItsCodeDoesNotUse() throws Exception {
    JsonNode operator = role(render("mqtt.url=tcp://broker:1883"), "ClusterRole", "it-operator");
    for (JsonNode rule : operator.get("rules")) {
      for (JsonNode resource : rule.get("resources")) {
        String key = (rule.get("apiGroups").get(0).asText().isEmpty() ? "" : rule.get("apiGroups").get(0).asText())
            + "/" + resource.asText();
        List<String> used = new ArrayList<>(OPERATOR_CALLS.getOrDefault(key, List.of()));
        if (key.endsWith("/finalizers") || key.equals("/events")) {
          continue; // the operator SDK's finalizer update; events are created and patched by the recorder
        }
        List<String> granted = new ArrayList<>();
        rule.get("verbs").forEach(v -> granted.add(v.asText()));
        assertThat(used).as(key).containsAll(granted);
      }
    }
  }

  @Test
  void listedNamespacesGetARolePerNamespace() throws Exception {
    List<JsonNode> docs = render("mqtt.url=tcp://broker:1883", "watchNamespaces={plant-a,plant-b}");
    assertThat(docs).noneMatch(d -> d.get("kind").asText().startsWith("Cluster"));
    long roles = docs.stream().filter(d -> d.get("kind").asText().equals("Role")
        && d.get("metadata").get("name").asText().equals("it-operator")).count();
    assertThat(roles).isEqualTo(2);
    for (JsonNode doc : docs) {
      if (doc.get("kind").asText().equals("Role") && doc.get("metadata").get("name").asText().equals("it-operator")) {
        assertGrants(doc, OPERATOR_CALLS);
      }
    }
  }

  @Test
  void deploymentsHaveImagesProbesAndLockedDownContainers() throws Exception {
    for (JsonNode doc : render("mqtt.url=tcp://broker:1883")) {
      if (!doc.get("kind").asText().equals("Deployment")) {
        continue;
      }
      JsonNode pod = doc.at("/spec/template/spec");
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
      for (JsonNode container : pod.get("containers")) {
        assertThat(container.get("image").asText()).matches("[a-z0-9./-]+/[a-z-]+:0\\.1\\.0");
        assertThat(container.has("livenessProbe")).isTrue();
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.has("resources")).isTrue();
      }
    }
  }

  @Test
  void withoutABrokerTheChartSaysWhatToSet() throws Exception {
    Process process = new ProcessBuilder(helm(), "template", "it", CHART.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).isNotZero();
    assertThat(output).contains("set mqtt.url");
  }

  private static JsonNode role(List<JsonNode> docs, String kind, String name) {
    return docs.stream().filter(d -> d.get("kind").asText().equals(kind)
        && d.get("metadata").get("name").asText().equals(name)).findFirst().orElseThrow();
  }

  private static void assertGrants(JsonNode role, Map<String, List<String>> calls) {
    calls.forEach((groupResource, verbs) -> {
      String group = groupResource.substring(0, groupResource.indexOf('/'));
      String resource = groupResource.substring(groupResource.indexOf('/') + 1);
      Set<String> granted = new HashSet<>();
      for (JsonNode rule : role.get("rules")) {
        boolean groupMatches = false;
        for (JsonNode g : rule.get("apiGroups")) {
          groupMatches |= g.asText().equals(group);
        }
        boolean resourceMatches = false;
        for (JsonNode r : rule.get("resources")) {
          resourceMatches |= r.asText().equals(resource);
        }
        if (groupMatches && resourceMatches) {
          rule.get("verbs").forEach(v -> granted.add(v.asText()));
        }
      }
      assertThat(granted).as("%s %s", role.at("/metadata/name").asText(), groupResource).containsAll(verbs);
    });
  }
}
