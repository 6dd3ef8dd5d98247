package dev.iotjobs.kubectl;

import static dev.iotjobs.api.runtime.Executables.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kubectl iotjobs against the embedded API: each command as a user types it, and through the real kubectl. */
class KubectlIotJobsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedKubernetes api;
  private static KubernetesClient client;
  private static Path kubeconfig;

  record Run(int exit, String out, String err) {}

  /** The plugin works through kubectl, so these tests need it (1.32 is on the CI machines). */
  @BeforeAll
  static void start() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed");
    api = new EmbeddedKubernetes();
    client = api.client();
    kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(kubeconfig, api.kubeconfig());
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName("fw").withNamespace("default").build());
    IoTJobSpec spec = new IoTJobSpec();
    spec.setDocumentSource(JSON.convertValue(Map.of("configMapKeyRef", Map.of("name", "doc", "key", "job.json")),
        dev.iotjobs.api.model.DocumentSource.class));
    JobTargets targets = new JobTargets();
    targets.setThingGroups(List.of("europe"));
    spec.setTargets(targets);
    job.setSpec(spec);
    client.resource(job).create();
    IoTJob stored = client.resources(IoTJob.class).inNamespace("default").withName("fw").get();
    IoTJobStatus status = new IoTJobStatus();
    status.setStatus(JobStatus.IN_PROGRESS);
    status.setTargetCount(4);
    status.setStartedAt("2026-12-01T10:00:00.000Z");
    status.setDocument(JSON.valueToTree(Map.of("operation", "install", "version", "2.1.0")));
    JobProcessDetails counters = new JobProcessDetails();
    counters.setNumberOfSucceededThings(1);
    counters.setNumberOfFailedThings(1);
    counters.setNumberOfTimedOutThings(1);
    counters.setNumberOfInProgressThings(1);
    status.setJobProcessDetails(counters);
    status.setConditions(List.of(new ConditionBuilder().withType("Progressing").withStatus("True")
        .withReason("RollingOut").withMessage("Rolling out.").withLastTransitionTime("2026-12-01T10:00:00Z").build()));
    stored.setStatus(status);
    client.resource(stored).updateStatus();
    execution("fw", "t1", ExecutionStatus.SUCCEEDED, "2026-12-01T10:01:00.000Z", Map.of());
    execution("fw", "t2", ExecutionStatus.FAILED, "2026-12-01T10:02:00.000Z", Map.of("reason", "checksum"));
    execution("fw", "t3", ExecutionStatus.TIMED_OUT, "2026-12-01T10:03:00.000Z", Map.of());
    execution("fw", "t4", ExecutionStatus.IN_PROGRESS, "2026-12-01T10:04:00.000Z", Map.of("step", "download"));
    execution("older", "t2", ExecutionStatus.SUCCEEDED, "2026-11-01T10:00:00.000Z", Map.of());
  }

  private static void execution(String job, String thing, ExecutionStatus outcome, String at, Map<String, String> details) {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName(Executions.name(job, thing)).withNamespace("default")
        .withLabels(Executions.labels(job, thing)).build());
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId(job);
    spec.setThingName(thing);
    execution.setSpec(spec);
    client.resource(execution).create();
    JobExecution stored = client.resource(execution).get();
    JobExecutionStatus status = stored.getStatus() == null ? new JobExecutionStatus() : stored.getStatus();
    status.setStatus(outcome);
    status.setQueuedAt(at);
    status.setLastUpdatedAt(at);
    status.setStatusDetails(details);
    stored.setStatus(status);
    client.resource(stored).updateStatus();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  /** A command line, in namespace default (the test client's own default is "test"). */
  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] withNamespace = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("-n",
        "default", "--kubeconfig", kubeconfig.toString())).toArray(String[]::new);
    int exit = new KubectlIotJobs().run(new PrintWriter(out), new PrintWriter(err), withNamespace);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void getShowsProgressCountersConditionsAndTheFailingThings() throws Exception {
    Run get = run("get", "fw");
    assertThat(get.exit()).as(get.err()).isZero();
    assertThat(get.out()).contains("fw  IN_PROGRESS", "] 3/4  75%", "succeeded 1, failed 1, rejected 0, timed out 1",
        "finishing", "done in about", "Progressing      True  RollingOut", "failing things (latest 2 of 2):");
    assertThat(get.out().lines().filter(line -> line.contains("attempt")).toList())
        .as("newest first, with statusDetails").satisfiesExactly(
            line -> assertThat(line).contains("t3", "TIMED_OUT"),
            line -> assertThat(line).contains("t2", "FAILED", "{reason=checksum}"));

    JsonNode json = JSON.readTree(run("get", "fw", "-o", "json").out());
    assertThat(json.path("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(json.path("failingTotal").asInt()).isEqualTo(2);
    assertThat(json.path("counters").path("numberOfTimedOutThings").asInt()).isEqualTo(1);
    assertThat(run("get", "fw", "-o", "yaml").out()).contains("failingTotal: 2");
  }

  @Test
  void promoteLetsTheWaitingWaveGoOnAndGetShowsEveryWave() {
    IoTJob staged = new IoTJob();
    staged.setMetadata(new ObjectMetaBuilder().withName("staged").withNamespace("default").build());
    IoTJobSpec spec = new IoTJobSpec();
    spec.setDocument(JSON.valueToTree(Map.of("operation", "install")));
    JobTargets targets = new JobTargets();
    targets.setThingGroups(List.of("europe"));
    spec.setTargets(targets);
    dev.iotjobs.api.model.Wave canary = new dev.iotjobs.api.model.Wave();
    canary.setName("canary");
    canary.setCount(2L);
    canary.setPromotion(dev.iotjobs.api.model.Wave.Promotion.Manual);
    dev.iotjobs.api.model.Wave rest = new dev.iotjobs.api.model.Wave();
    rest.setName("rest");
    spec.setWaves(List.of(canary, rest));
    staged.setSpec(spec);
    client.resource(staged).create();
    IoTJob stored = client.resources(IoTJob.class).inNamespace("default").withName("staged").get();
    IoTJobStatus status = new IoTJobStatus();
    status.setStatus(JobStatus.IN_PROGRESS);
    status.setTargetCount(10);
    status.setCurrentWave("canary");
    dev.iotjobs.api.model.WaveStatus first = new dev.iotjobs.api.model.WaveStatus();
    first.setName("canary");
    first.setTargetCount(2);
    first.setGate(new dev.iotjobs.api.model.WaveStatus.GateStatus());
    first.getGate().setPhase(dev.iotjobs.api.model.WaveStatus.GatePhase.WaitingForPromotion);
    first.getGate().setMessage("the gate passed; waiting for promotion");
    dev.iotjobs.api.model.WaveStatus second = new dev.iotjobs.api.model.WaveStatus();
    second.setName("rest");
    second.setTargetCount(8);
    status.setWaves(List.of(first, second));
    status.setConditions(List.of(new ConditionBuilder().withType("Progressing").withStatus("True")
        .withReason("WaitingForPromotion").withMessage("m").withLastTransitionTime("2026-12-01T10:00:00Z").build()));
    stored.setStatus(status);
    client.resource(stored).updateStatus();

    Run get = run("get", "staged");
    assertThat(get.out()).contains("staged  IN_PROGRESS (WaitingForPromotion)", "waves (current canary, 1 of 2):")
        .containsPattern("> canary +WaitingForPromotion +0/2 +succeeded 0, failed 0  the gate passed")
        .containsPattern("  rest +0/8");

    Run promote = run("promote", "staged");
    assertThat(promote.exit()).as(promote.err()).isZero();
    assertThat(promote.out()).isEqualTo("iotjob.iotjobs.dev/staged wave canary promoted: the next wave starts now\n");
    assertThat(client.resources(IoTJob.class).inNamespace("default").withName("staged").get().getMetadata()
        .getAnnotations()).containsEntry("iotjobs.dev/promote", "canary");

    Run noWaves = run("promote", "fw");
    assertThat(noWaves.exit()).isEqualTo(1);
    assertThat(noWaves.err()).contains("iotjob fw has no waves");
    Run noSuchWave = run("promote", "staged", "--wave", "lab");
    assertThat(noSuchWave.exit()).isEqualTo(1);
    assertThat(noSuchWave.err()).contains("iotjob staged has no wave lab; its waves are [canary, rest]");
  }

  @Test
  void aMissingJobOrABadOptionIsOneLineAndAnExitStatus() {
    Run missing = run("get", "nope");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err().strip()).isEqualTo("error: iotjob nope not found in namespace default (kubectl get"
        + " iotjobs -n default lists them; -n names another namespace)");
    Run suspendMissing = run("suspend", "nope");
    assertThat(suspendMissing.exit()).isEqualTo(1);
    assertThat(suspendMissing.err()).contains("iotjob nope not found in namespace default");
    assertThat(run("get", "fw", "--frobnicate").exit()).isEqualTo(2);
    assertThat(run("get", "fw", "-o", "xml").err()).contains("--output must be json or yaml");
    assertThat(run("rerun", "fw", "--status", "BROKEN").err()).contains("--status BROKEN is not an execution status");
  }

  @Test
  void suspendResumeAndCancelPatchTheSpec() {
    assertThat(run("suspend", "fw").out()).contains("iotjob.iotjobs.dev/fw suspended");
    assertThat(client.resources(IoTJob.class).inNamespace("default").withName("fw").get().getSpec().getSuspend()).isTrue();
    assertThat(run("resume", "fw").out()).contains("resumed");
    assertThat(client.resources(IoTJob.class).inNamespace("default").withName("fw").get().getSpec().getSuspend()).isFalse();

    IoTJob other = client.resources(IoTJob.class).inNamespace("default").withName("fw").get();
    other.getMetadata().setName("to-cancel");
    other.getMetadata().setResourceVersion(null);
    other.getMetadata().setUid(null);
    other.setStatus(null);
    client.resource(other).create();
    Run cancel = run("cancel", "to-cancel", "--force", "--reason-code", "BAD_BUILD", "--comment", "crashes on boot");
    assertThat(cancel.out()).contains("iotjob.iotjobs.dev/to-cancel force-canceled");
    var canceled = client.resources(IoTJob.class).inNamespace("default").withName("to-cancel").get().getSpec().getCancel();
    assertThat(canceled.getForce()).isTrue();
    assertThat(canceled.getReasonCode()).isEqualTo("BAD_BUILD");
    assertThat(canceled.getComment()).isEqualTo("crashes on boot");
  }

  @Test
  void rerunCreatesAJobForExactlyTheThingsWhoseOutcomeMatches() {
    Run rerun = run("rerun", "fw", "--status", "FAILED,TIMED_OUT");
    assertThat(rerun.exit()).as(rerun.err()).isZero();
    assertThat(rerun.out()).contains("iotjob.iotjobs.dev/fw-rerun created for 2 things of fw [FAILED, TIMED_OUT]");
    IoTJob created = client.resources(IoTJob.class).inNamespace("default").withName("fw-rerun").get();
    assertThat(created.getSpec().getTargets().getThings()).containsExactly("t2", "t3");
    assertThat(created.getSpec().getTargets().getThingGroups()).isNull();
    assertThat(created.getSpec().getDocument().path("version").asText()).as("the pinned document").isEqualTo("2.1.0");
    assertThat(created.getSpec().getDocumentSource()).isNull();
    assertThat(created.getMetadata().getAnnotations()).containsEntry("iotjobs.dev/rerun-of", "fw");

    assertThat(run("rerun", "fw", "--status", "FAILED").out()).contains("iotjob.iotjobs.dev/fw-rerun-2 created for 1 things");
    assertThat(run("rerun", "fw", "--status", "REJECTED").out()).contains("nothing to rerun");
    assertThat(run("rerun", "fw", "--dry-run").out()).contains("name: fw-rerun-3", "- t2", "- t3");
  }

  @Test
  void historyListsAThingsExecutionsAcrossJobsNewestFirst() throws Exception {
    Run history = run("history", "t2");
    assertThat(history.exit()).as(history.err()).isZero();
    List<String> lines = history.out().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsExactly("JOB", "STATUS", "ATTEMPT", "QUEUED", "LAST-UPDATE", "DETAILS");
    assertThat(lines.get(1)).startsWith("fw ").contains("FAILED", "{reason=checksum}");
    assertThat(lines.get(2)).startsWith("older ").contains("SUCCEEDED");
    assertThat(JSON.readTree(run("history", "t2", "-o", "json").out()).path("executions")).hasSize(2);
    assertThat(run("history", "nobody").out()).contains("no execution of thing nobody");
  }

  /** A lab of 25 labelled things in a child group, two more named by a parent group, and a job file for them. */
  private static Path previewFleetAndJob(String groups) throws Exception {
    for (int i = 1; i <= 27; i++) {
      dev.iotjobs.api.model.Thing thing = new dev.iotjobs.api.model.Thing();
      thing.setMetadata(new ObjectMetaBuilder().withName(String.format("p-%03d", i)).withNamespace("default")
          .withLabels(i <= 25 ? Map.of("site", "lab") : Map.of()).build());
      client.resource(thing).createOr(existing -> existing.update());
    }
    client.load(new java.io.ByteArrayInputStream(String.join("\n",
        "apiVersion: iotjobs.dev/v1alpha1", "kind: ThingGroup", "metadata: {name: preview-all, namespace: default}",
        "spec: {things: [p-026, p-027]}",
        "---",
        "apiVersion: iotjobs.dev/v1alpha1", "kind: ThingGroup", "metadata: {name: preview-lab, namespace: default}",
        "spec: {parentGroup: preview-all, selector: {matchLabels: {site: lab}}}", "").getBytes()))
        .items().forEach(item -> client.resource(item).createOr(existing -> existing.update()));
    Path file = Files.createTempFile("job", ".yaml");
    Files.writeString(file, String.join("\n",
        "apiVersion: v1", "kind: ConfigMap", "metadata: {name: unrelated}", "data: {a: b}",
        "---",
        "apiVersion: iotjobs.dev/v1alpha1", "kind: IoTJob", "metadata: {name: fw-preview}",
        "spec:",
        "  document: {operation: install}",
        "  targets: {thingGroups: [" + groups + "]}",
        "  jobExecutionsRolloutConfig: {maximumPerMinute: 10}",
        "  schedulingConfig: {startTime: '2030-01-01T00:00:00Z'}", ""));
    return file;
  }

  @Test
  void previewShowsTargetsAndTimelineWithoutCreatingTheJob() throws Exception {
    Path file = previewFleetAndJob("preview-all");
    Run preview = run("preview", "-f", file.toString(), "--show", "3");
    assertThat(preview.exit()).as(preview.err()).isZero();
    assertThat(preview.out()).contains("IoTJob fw-preview in namespace default: a preview, nothing was created",
        "targets   27 things now (SNAPSHOT: fixed when the job starts)",
        "groups walked: preview-all, preview-lab",
        "first: p-001, p-002, p-003, ... (3 of 27)",
        "rollout   10/min",
        "schedule  starts 2030-01-01T00:00:00Z",
        "all queued by 2030-01-01T00:02:36Z");
    // 27 things 6 s apart from the start time
    assertThat(preview.out().lines().filter(line -> line.startsWith("  2030-")).toList()).singleElement()
        .satisfies(line -> assertThat(line.split("\\s+")).containsExactly("", "2030-01-01T00:00:00Z",
            "2030-01-01T00:02:36Z", "10/min", "27", "27"));
    assertThat(client.resources(IoTJob.class).inNamespace("default").withName("fw-preview").get()).isNull();

    JsonNode json = JSON.readTree(run("preview", "-f", file.toString(), "-o", "json").out());
    assertThat(json.path("targets").path("count").asInt()).isEqualTo(27);
    assertThat(json.path("timeline").get(0).path("total").asInt()).isEqualTo(27);
    assertThat(json.path("allQueuedAt").asText()).isEqualTo("2030-01-01T00:02:36Z");
  }

  @Test
  void previewAppliesTheJobsTemplateAndShowsItsWaves() throws Exception {
    previewFleetAndJob("preview-all");
    Path fromTemplate = Files.createTempFile("job", ".yaml");
    Files.writeString(fromTemplate, String.join("\n",
        "apiVersion: iotjobs.dev/v1alpha1", "kind: IoTJob", "metadata: {name: fw-templated}",
        "spec:",
        "  jobTemplateRef: {name: staged-firmware}",
        "  targets: {thingGroups: [preview-all]}", ""));
    Run missing = run("preview", "-f", fromTemplate.toString());
    assertThat(missing.out()).contains("waits     JobTemplate staged-firmware does not exist in namespace default; the"
        + " job would wait for it (TemplateNotFound)");

    client.load(new java.io.ByteArrayInputStream(String.join("\n",
        "apiVersion: iotjobs.dev/v1alpha1", "kind: JobTemplate", "metadata: {name: staged-firmware, namespace: default}",
        "spec:",
        "  document: {operation: install}",
        "  jobExecutionsRolloutConfig: {maximumPerMinute: 60}",
        "  waves:",
        "  - {name: lab, thingGroups: [preview-lab], promotion: Manual}",
        "  - {name: canary, count: 1}",
        "  - {name: rest}", "").getBytes())).items().forEach(item -> client.resource(item).create());
    Run preview = run("preview", "-f", fromTemplate.toString());
    assertThat(preview.exit()).as(preview.err()).isZero();
    assertThat(preview.out()).contains("rollout   60/min",
        "waves     lab 25 (manual promotion), canary 1, rest 1;");
  }

  @Test
  void previewSaysWhatIsMissingAndRefusesWhatKubectlWould() throws Exception {
    Path file = previewFleetAndJob("preview-lab, ghost-group");
    Run waiting = run("preview", "-f", file.toString());
    assertThat(waiting.exit()).as(waiting.err()).isZero();
    assertThat(waiting.out()).contains("targets   25 things now",
        "waits     ThingGroup ghost-group does not exist. The job starts once they exist.");

    Run noFile = run("preview", "-f", "/nowhere/job.yaml");
    assertThat(noFile.exit()).isEqualTo(1);
    assertThat(noFile.err()).contains("the path \"/nowhere/job.yaml\" does not exist");
    Path other = Files.createTempFile("job", ".yaml");
    Files.writeString(other, Files.readString(file).replace("name: fw-preview}", "name: fw-preview, namespace: fleet}"));
    assertThat(run("preview", "-f", other.toString()).err()).contains("the namespace from the provided object \"fleet\""
        + " does not match the namespace \"default\"");
    Files.writeString(other, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    assertThat(run("preview", "-f", other.toString()).err()).contains("no IoTJob in " + other);
  }

  @Test
  void kubectlFindsThePluginOnThePath() throws Exception {
    Path bin = pluginOnAPath();
    assertThat(kubectlPlugin(bin, kubeconfig, "get", "fw")).contains("fw  IN_PROGRESS", "failing things");
    // the last thing a command prints survives the process's exit
    assertThat(kubectlPlugin(bin, kubeconfig, "rerun", "fw", "--dry-run")).contains("iotjobs.dev/rerun-of: fw");
  }

  @Test
  void getReadsOnlyTheFailingExecutionsAndStillWorksOnAServerWithoutSelectableFields() throws Exception {
    Path bin = pluginOnAPath();
    Path calls = bin.resolve("calls");
    // kubectl against a server before Kubernetes 1.31: field selectors on a custom resource's fields are refused
    Path olderServer = bin.resolve("kubectl-of-an-older-server");
    Files.writeString(olderServer, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\ncase \"$*\" in *--field-selector*)"
        + " echo 'Error from server (BadRequest): Unable to find \"iotjobs.dev/v1alpha1, Resource=jobexecutions\" that"
        + " match label selector \"\", field selector \"status.status!=QUEUED\": field label not supported:"
        + " status.status' >&2; exit 1;; esac\nexec kubectl \"$@\"\n");
    olderServer.toFile().setExecutable(true);

    String recent = kubectlPlugin(bin, kubeconfig, Map.of(), "get", "fw");
    String older = kubectlPlugin(bin, kubeconfig, Map.of("KUBECTL", olderServer.toString()), "get", "fw");

    assertThat(failingThings(older)).as("the same failing things either way").isEqualTo(failingThings(recent))
        .contains("failing things (latest 2 of 2):", "t3", "t2");
    assertThat(Files.readAllLines(calls)).as("asked with the selector, then without").satisfiesExactly(
        job -> assertThat(job).startsWith("get iotjobs.iotjobs.dev fw"),
        selected -> assertThat(selected).contains("--field-selector status.status!=QUEUED,status.status!=IN_PROGRESS"),
        all -> assertThat(all).contains("-l iotjobs.dev/job=fw").doesNotContain("--field-selector"));
  }

  @Test
  void aJobWhoseStatusNamesItsRecentFailuresIsReportedFromOneRead() throws Exception {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName("recent").withNamespace("default").build());
    IoTJobSpec spec = new IoTJobSpec();
    spec.setDocument(JSON.valueToTree(Map.of("operation", "install")));
    JobTargets targets = new JobTargets();
    targets.setThings(List.of("a"));
    spec.setTargets(targets);
    job.setSpec(spec);
    client.resource(job).create();
    IoTJob stored = client.resources(IoTJob.class).inNamespace("default").withName("recent").get();
    IoTJobStatus status = new IoTJobStatus();
    status.setStatus(JobStatus.IN_PROGRESS);
    status.setTargetCount(100);
    JobProcessDetails counters = new JobProcessDetails();
    counters.setNumberOfFailedThings(6);
    counters.setNumberOfRejectedThings(1);
    status.setJobProcessDetails(counters);
    IoTJobStatus.RecentFailure newest = new IoTJobStatus.RecentFailure();
    newest.setThingName("pump-9");
    newest.setStatus(ExecutionStatus.FAILED);
    newest.setLastUpdatedAt("2026-12-01T10:09:00Z");
    newest.setExecutionNumber(2L);
    newest.setStatusDetails(Map.of("reason", "flash"));
    IoTJobStatus.RecentFailure older = new IoTJobStatus.RecentFailure();
    older.setThingName("pump-3");
    older.setStatus(ExecutionStatus.REJECTED);
    older.setLastUpdatedAt("2026-12-01T10:03:00Z");
    older.setExecutionNumber(1L);
    status.setRecentFailures(List.of(newest, older));
    stored.setStatus(status);
    client.resource(stored).updateStatus();
    Path bin = pluginOnAPath();
    Path calls = bin.resolve("calls");
    Path logging = bin.resolve("logging-kubectl");
    Files.writeString(logging, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\nexec kubectl \"$@\"\n");
    logging.toFile().setExecutable(true);

    String report = kubectlPlugin(bin, kubeconfig, Map.of("KUBECTL", logging.toString()), "get", "recent");

    assertThat(report).contains("failing things (latest 2 of 7):");
    assertThat(report.lines().filter(line -> line.contains("attempt")).toList()).satisfiesExactly(
        line -> assertThat(line).contains("pump-9", "FAILED", "attempt 2", "{reason=flash}"),
        line -> assertThat(line).contains("pump-3", "REJECTED", "attempt 1"));
    assertThat(Files.readAllLines(calls)).as("the job alone").singleElement().asString()
        .startsWith("get iotjobs.iotjobs.dev recent");
  }

  private static String failingThings(String report) {
    return report.substring(report.indexOf("  failing things"));
  }

  private static Path pluginOnAPath() throws Exception {
    Path bin = Files.createTempDirectory("plugin");
    Path plugin = bin.resolve("kubectl-iotjobs");
    Files.writeString(plugin, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
        + System.getProperty("java.class.path") + "' " + KubectlIotJobs.class.getName() + " \"$@\"\n");
    plugin.toFile().setExecutable(true);
    return bin;
  }

  private static String kubectlPlugin(Path bin, Path kubeconfig, String... args) throws Exception {
    return kubectlPlugin(bin, kubeconfig, Map.of(), args);
  }

  private static String kubectlPlugin(Path bin, Path kubeconfig, Map<String, String> env, String... args)
      throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("kubectl", "iotjobs"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

}
