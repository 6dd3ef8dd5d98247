package dev.iotjobs.embedded;

import static dev.iotjobs.api.runtime.Executables.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kubectl against the sandbox: discovery, apply, get by category and short name, describe, patch, delete. */
class KubectlIT {
  private static EmbeddedKubernetes api;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(onPath("kubectl"), "kubectl is not installed");
    api = new EmbeddedKubernetes();
    kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(kubeconfig, api.kubeconfig());
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }


  record Result(int exit, String output) {}

  private static Result kubectl(String... args) throws IOException, InterruptedException {
    Process process = start(args);
    String output = new String(process.getInputStream().readAllBytes());
    return new Result(process.waitFor(), output);
  }

  private static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static Path yaml(String... lines) throws IOException {
    Path file = Files.createTempFile("resource", ".yaml");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private static final ResourceDefinitionContext IOTJOBS = new ResourceDefinitionContext.Builder()
      .withGroup("iotjobs.dev").withVersion("v1alpha1").withPlural("iotjobs").withKind("IoTJob").withNamespaced(true)
      .build();

  private static GenericKubernetesResource job(String name) {
    return api.client().genericKubernetesResources(IOTJOBS).inNamespace("default").withName(name).get();
  }

  private static Path jobFile(String name, String... extraSpec) throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "apiVersion: iotjobs.dev/v1alpha1",
        "kind: IoTJob",
        "metadata: {name: " + name + "}",
        "spec:",
        "  description: first",
        "  document: {operation: reboot}",
        "  targets: {things: [t1, t2]}"));
    for (String line : extraSpec) {
      lines.add("  " + line);
    }
    return yaml(lines.toArray(String[]::new));
  }

  @Test
  void describeAndEventsShowAnObjectsEvents() throws Exception {
    assertThat(kubectl("apply", "-f", jobFile("evented").toString()).exit()).isZero();
    GenericKubernetesResource job = job("evented");
    api.client().v1().events().inNamespace("default").resource(new EventBuilder()
        .withNewMetadata().withName("evented.1").withNamespace("default").endMetadata()
        .withNewInvolvedObject().withApiVersion("iotjobs.dev/v1alpha1").withKind("IoTJob").withName("evented")
        .withNamespace("default").withUid(job.getMetadata().getUid()).endInvolvedObject()
        .withType("Normal").withReason("Started").withMessage("Rolling out to 2 things.")
        .withFirstTimestamp(java.time.Instant.now().toString()).withLastTimestamp(java.time.Instant.now().toString())
        .withCount(1).build()).create();

    Result describe = kubectl("describe", "ij", "evented");
    assertThat(describe.exit()).as(describe.output()).isZero();
    assertThat(describe.output()).contains("Events:").contains("Started").contains("Rolling out to 2 things.")
        .doesNotContain("Events:  <none>");
    Result events = kubectl("events", "--for", "iotjob/evented");
    assertThat(events.exit()).as(events.output()).isZero();
    assertThat(events.output()).contains("Started", "IoTJob/evented", "Rolling out to 2 things.");
    Result table = kubectl("get", "events");
    assertThat(table.output().lines().findFirst().orElseThrow().split("\\s{2,}"))
        .containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    Result v1 = kubectl("get", "events.v1.events.k8s.io", "--field-selector", "regarding.name=evented",
        "-o", "jsonpath={.items[*].note}");
    assertThat(v1.output()).as(v1.output()).isEqualTo("Rolling out to 2 things.");
    Result v1Table = kubectl("get", "events.v1.events.k8s.io");
    assertThat(v1Table.output().lines().findFirst().orElseThrow().split("\\s{2,}"))
        .containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    assertThat(v1Table.output()).contains("iotjob/evented", "Rolling out to 2 things.");
    Result none = kubectl("get", "events", "--field-selector", "involvedObject.name=another", "-o", "name");
    assertThat(none.output()).isBlank();
  }

  @Test
  void executionsAreSelectableByJobThingAndStatusOnly() throws Exception {
    for (String thing : List.of("t1", "t2", "t3")) {
      Path execution = yaml("apiVersion: iotjobs.dev/v1alpha1", "kind: JobExecution",
          "metadata: {name: selected." + thing + "}", "spec: {jobId: selected, thingName: " + thing + "}");
      assertThat(kubectl("apply", "-f", execution.toString()).exit()).isZero();
    }
    var executions = api.client().genericKubernetesResources("iotjobs.dev/v1alpha1", "JobExecution").inNamespace("default");
    GenericKubernetesResource failed = executions.withName("selected.t2").get();
    failed.setAdditionalProperty("status", java.util.Map.of("status", "FAILED", "executionNumber", 1, "versionNumber", 3,
        "retryAttempt", 0));
    executions.resource(failed).updateStatus();

    Result byStatus = kubectl("get", "je", "--field-selector", "status.status=FAILED,spec.jobId=selected", "-o", "name");
    assertThat(byStatus.output().lines()).as(byStatus.output()).containsExactly("jobexecution.iotjobs.dev/selected.t2");
    Result byThing = kubectl("get", "je", "--field-selector", "spec.thingName!=t1,spec.jobId=selected", "-o", "name");
    assertThat(byThing.output().lines()).containsExactly("jobexecution.iotjobs.dev/selected.t2",
        "jobexecution.iotjobs.dev/selected.t3");
    Result unsupported = kubectl("get", "je", "--field-selector", "status.versionNumber=3");
    assertThat(unsupported.exit()).isNotZero();
    assertThat(unsupported.output()).contains("field label not supported: status.versionNumber");
  }

  @Test
  void wideColumnsAnswerAtAGlance() throws Exception {
    assertThat(kubectl("apply", "-f", jobFile("glance").toString()).exit()).isZero();
    GenericKubernetesResource job = job("glance");
    job.setAdditionalProperty("status", java.util.Map.of("status", "SCHEDULED", "targetCount", 4, "progress", "3/4",
        "jobProcessDetails", java.util.Map.of("numberOfSucceededThings", 3, "numberOfQueuedThings", 1),
        "rollout", java.util.Map.of("currentRatePerMinute", 120), "currentWave", "canary",
        "scheduledJobRollouts", List.of(java.util.Map.of("startTime", "2026-12-02T02:00:00Z")),
        "conditions", List.of(java.util.Map.of("type", "Progressing", "status", "True", "reason", "WaitingForWindow",
            "message", "m", "lastTransitionTime", "2026-12-01T10:00:00Z"))));
    api.client().genericKubernetesResources(IOTJOBS).inNamespace("default").resource(job).updateStatus();

    List<String> wide = kubectl("get", "ij", "glance", "-o", "wide").output().lines().toList();
    assertThat(wide.get(0).split("\\s+")).containsExactly("NAME", "STATUS", "TARGETS", "SUCCEEDED", "FAILED",
        "IN-PROGRESS", "AGE", "PROGRESS", "QUEUED", "REASON", "RATE/MIN", "NEXT-WINDOW", "WAVE");
    assertThat(wide.get(1).split("\\s+")).startsWith("glance", "SCHEDULED", "4", "3").contains("3/4", "1",
        "WaitingForWindow", "120", "2026-12-02T02:00:00Z", "canary");
    assertThat(kubectl("apply", "-f", yaml("apiVersion: iotjobs.dev/v1alpha1", "kind: ThingGroup",
        "metadata: {name: glance-group}", "spec: {things: [t1]}").toString()).exit()).isZero();
    assertThat(kubectl("apply", "-f", yaml("apiVersion: iotjobs.dev/v1alpha1", "kind: Thing",
        "metadata: {name: glance-thing}").toString()).exit()).isZero();
    assertThat(kubectl("get", "tg", "-o", "wide").output().lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "MEMBERS", "PARENT", "AGE", "READY", "REASON");
    assertThat(kubectl("get", "things", "-o", "wide").output().lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "LAST-SEEN", "AGE", "CONNECTED");
  }

  @Test
  void explainDescribesTheCrdsFields() throws Exception {
    Result explain = kubectl("explain", "iotjob.spec.targets");
    assertThat(explain.exit()).as(explain.output()).isZero();
    assertThat(explain.output()).contains("KIND:", "IoTJob", "thingGroups", "things");
    Result group = kubectl("explain", "tg.spec");
    assertThat(group.output()).as(group.output()).contains("parentGroup", "selector");
  }

  @Test
  void waitReturnsWhenTheConditionIsSetWhileItWatches() throws Exception {
    assertThat(kubectl("apply", "-f", jobFile("awaited").toString()).exit()).isZero();
    int before = api.streamingWatches();
    Process wait = start("wait", "--for=condition=Complete", "ij/awaited", "--timeout=60s");
    await().atMost(Duration.ofSeconds(30)).until(() -> api.streamingWatches() > before);
    GenericKubernetesResource job = job("awaited");
    job.setAdditionalProperty("status", java.util.Map.of("conditions", List.of(java.util.Map.of("type", "Complete",
        "status", "True", "reason", "AllExecutionsTerminal", "message", "done",
        "lastTransitionTime", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()))));
    api.client().genericKubernetesResources(IOTJOBS).inNamespace("default").resource(job).updateStatus();
    assertThat(wait.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(new String(wait.getInputStream().readAllBytes())).contains("condition met");
    assertThat(wait.exitValue()).isZero();
  }

  @Test
  void deleteWaitsUntilTheFinalizerIsGone() throws Exception {
    Path thing = yaml("apiVersion: iotjobs.dev/v1alpha1", "kind: Thing",
        "metadata: {name: finalized, finalizers: [iotjobs.dev/test]}");
    assertThat(kubectl("apply", "-f", thing.toString()).exit()).isZero();
    Process delete = start("delete", "thing", "finalized", "--timeout=60s");
    var things = api.client().genericKubernetesResources("iotjobs.dev/v1alpha1", "Thing").inNamespace("default");
    await().atMost(Duration.ofSeconds(30)).until(() -> things.withName("finalized").get().getMetadata().getDeletionTimestamp() != null);
    assertThat(delete.isAlive()).as("kubectl delete waits for the finalizer").isTrue();
    things.withName("finalized").edit(t -> {
      t.getMetadata().setFinalizers(List.of());
      return t;
    });
    assertThat(delete.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(new String(delete.getInputStream().readAllBytes())).contains("deleted");
    assertThat(delete.exitValue()).isZero();
    assertThat(things.withName("finalized").get()).isNull();
  }

  @Test
  void serverSideApplyOwnsFieldsAndReportsConflicts() throws Exception {
    Result created = kubectl("apply", "--server-side", "-f", jobFile("applied", "suspend: false").toString());
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(created.output()).contains("iotjob.iotjobs.dev/applied serverside-applied");
    assertThat(job("applied").getMetadata().getManagedFields()).anySatisfy(entry -> {
      assertThat(entry.getManager()).isEqualTo("kubectl");
      assertThat(entry.getOperation()).isEqualTo("Apply");
    });

    assertThat(kubectl("patch", "ij", "applied", "--type", "merge", "-p", "{\"spec\":{\"suspend\":true}}").exit()).isZero();
    Result conflict = kubectl("apply", "--server-side", "-f", jobFile("applied", "suspend: false").toString());
    assertThat(conflict.exit()).isNotZero();
    assertThat(conflict.output()).contains("conflict").contains("kubectl-patch").contains(".spec.suspend");
    assertThat(kubectl("get", "ij", "applied", "-o", "jsonpath={.spec.suspend}").output()).isEqualTo("true");

    Result forced = kubectl("apply", "--server-side", "--force-conflicts", "-f", jobFile("applied", "suspend: false").toString());
    assertThat(forced.exit()).as(forced.output()).isZero();
    assertThat(kubectl("get", "ij", "applied", "-o", "jsonpath={.spec.suspend}").output()).isEqualTo("false");

    // a field the manager stops applying is removed; its targets stay immutable however they are written
    Path withoutDescription = yaml("apiVersion: iotjobs.dev/v1alpha1", "kind: IoTJob", "metadata: {name: applied}",
        "spec:", "  document: {operation: reboot}", "  targets: {things: [t1, t2]}", "  suspend: false");
    assertThat(kubectl("apply", "--server-side", "-f", withoutDescription.toString()).exit()).isZero();
    assertThat(kubectl("get", "ij", "applied", "-o", "jsonpath={.spec.description}").output()).isEmpty();
    Path otherTargets = yaml("apiVersion: iotjobs.dev/v1alpha1", "kind: IoTJob", "metadata: {name: applied}",
        "spec:", "  document: {operation: reboot}", "  targets: {things: [t9]}");
    Result immutable = kubectl("apply", "--server-side", "-f", otherTargets.toString());
    assertThat(immutable.exit()).isNotZero();
    assertThat(immutable.output()).contains("immutable");
  }

  @Test
  void everyWritePathValidatesAndMergePatchReplacesLists() throws Exception {
    assertThat(kubectl("apply", "-f", jobFile("guarded").toString()).exit()).isZero();
    Result merge = kubectl("patch", "ij", "guarded", "--type", "merge", "-p", "{\"spec\":{\"targets\":{\"things\":[\"t3\"]}}}");
    assertThat(merge.exit()).isNotZero();
    assertThat(merge.output()).contains("immutable");
    Result json = kubectl("patch", "ij", "guarded", "--type", "json", "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/targets/things\",\"value\":[\"t3\"]}]");
    assertThat(json.exit()).isNotZero();
    assertThat(json.output()).contains("immutable");
    Result status = kubectl("patch", "ij", "guarded", "--subresource", "status", "--type", "merge", "-p",
        "{\"status\":{\"targetCount\":-1}}");
    assertThat(status.exit()).isNotZero();
    assertThat(status.output()).contains("targetCount");
    assertThat(kubectl("get", "ij", "guarded", "-o", "jsonpath={.spec.targets.things}").output()).isEqualTo("[\"t1\",\"t2\"]");

    Path group = yaml("apiVersion: iotjobs.dev/v1alpha1", "kind: ThingGroup", "metadata: {name: listed}",
        "spec: {things: [x4, x3]}");
    assertThat(kubectl("apply", "-f", group.toString()).exit()).isZero();
    Result replaced = kubectl("patch", "tg", "listed", "--type", "merge", "-p", "{\"spec\":{\"things\":[\"x4\"]}}");
    assertThat(replaced.exit()).as(replaced.output()).isZero();
    assertThat(kubectl("get", "tg", "listed", "-o", "jsonpath={.spec.things}").output()).isEqualTo("[\"x4\"]");

    Path badName = yaml("apiVersion: iotjobs.dev/v1alpha1", "kind: Thing", "metadata: {name: a_b}");
    Result refused = kubectl("apply", "-f", badName.toString());
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.output()).contains("a_b").contains("RFC 1123");
  }

  @Test
  void applyGetDescribePatchDelete() throws Exception {
    Result apply = kubectl("apply", "-f", "../examples/quick-start/fleet.yaml");
    assertThat(apply.exit()).as(apply.output()).isZero();
    assertThat(apply.output()).contains("thing.iotjobs.dev/sensor-0001 created");
    Result job = kubectl("apply", "-f", "../examples/quick-start/job.yaml");
    assertThat(job.exit()).as(job.output()).isZero();

    Result all = kubectl("get", "iot");
    assertThat(all.exit()).as(all.output()).isZero();
    assertThat(all.output()).contains("sensor-0005", "paris-t1000", "firmware-2-1-0");
    Result jobs = kubectl("get", "ij");
    assertThat(jobs.output().lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "STATUS", "TARGETS", "SUCCEEDED", "FAILED", "IN-PROGRESS", "AGE");
    assertThat(kubectl("get", "tg").output().lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "MEMBERS", "PARENT", "AGE");
    assertThat(kubectl("get", "things").output().lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "LAST-SEEN", "AGE");
    assertThat(kubectl("get", "tg", "berlin", "-o", "jsonpath={.spec.parentGroup}").output()).isEqualTo("europe");

    Result describe = kubectl("describe", "iotjob", "firmware-2-1-0");
    assertThat(describe.exit()).as(describe.output()).isZero();
    assertThat(describe.output()).contains("Upgrade to firmware 2.1.0");

    Result patch = kubectl("patch", "ij", "firmware-2-1-0", "--type", "merge", "-p",
        "{\"spec\":{\"suspend\":true}}");
    assertThat(patch.exit()).as(patch.output()).isZero();
    assertThat(kubectl("get", "ij", "firmware-2-1-0", "-o", "jsonpath={.spec.suspend}").output()).isEqualTo("true");

    Result delete = kubectl("delete", "thing", "sensor-0005");
    assertThat(delete.exit()).as(delete.output()).isZero();
    assertThat(kubectl("get", "things").output()).doesNotContain("sensor-0005");
  }

  @Test
  void aResourceThatFailsTheSchemaIsRefusedWithItsMessage() throws Exception {
    Path bad = Files.createTempFile("bad", ".yaml");
    Files.writeString(bad, String.join("\n",
        "apiVersion: iotjobs.dev/v1alpha1",
        "kind: IoTJob",
        "metadata: {name: bad-rate}",
        "spec:",
        "  document: {a: b}",
        "  targets: {things: [x]}",
        "  jobExecutionsRolloutConfig: {maximumPerMinute: 0}",
        ""));
    Result result = kubectl("apply", "-f", bad.toString());
    assertThat(result.exit()).isNotZero();
    assertThat(result.output()).contains("is invalid").contains("maximumPerMinute");
  }
}
