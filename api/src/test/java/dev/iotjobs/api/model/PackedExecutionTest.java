package dev.iotjobs.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.execution.Executions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedExecutionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Executions of every shape the model allows, packed and read back: the same JSON, equal objects. */
  @Test
  void anyExecutionReadsBackExactlyAsItWasPacked() {
    int packed = 0;
    for (int i = 0; i < 2_000; i++) {
      JobExecution execution = randomExecution(new Random(i), i);
      JobExecution unpacked = randomExecution(new Random(i), i); // its twin, never packed
      JsonNode before = json(execution);
      if (execution.pack()) {
        packed++;
      }
      assertThat(json(execution)).as("execution %d", i).isEqualTo(before);
      assertThat(execution).isEqualTo(unpacked).hasSameHashCodeAs(unpacked);
      assertThat(unpacked).isEqualTo(execution);
      assertThat(execution.statusValue()).isEqualTo(unpacked.getStatus() == null ? null : unpacked.getStatus().getStatus());
      assertThat(execution.thingName()).isEqualTo(unpacked.getSpec().getThingName());
      assertThat(execution.namespace()).isEqualTo(unpacked.getMetadata().getNamespace());
      assertThat(execution.timeoutAt()).isEqualTo(unpacked.getStatus() == null ? null : unpacked.getStatus().getTimeoutAt());
      assertThat(execution.name()).isEqualTo(unpacked.getMetadata().getName());
      assertThat(execution.resourceVersion()).isEqualTo(unpacked.getMetadata().getResourceVersion());
      assertThat(execution.jobId()).isEqualTo(unpacked.getSpec().getJobId());
      assertThat(execution.cancel()).isEqualTo(unpacked.getSpec().getCancel());
      assertThat(execution.ownerReferences()).isEqualTo(unpacked.getMetadata().getOwnerReferences());
      assertThat(execution.toString()).as("printed from what it holds")
          .contains("thingName=" + unpacked.getSpec().getThingName(), "uid=" + unpacked.getMetadata().getUid());
    }
    assertThat(packed).as("most random shapes are packable").isGreaterThan(1_000);
  }

  @Test
  void theUsualExecutionIsPackedAndItsRepeatedPartsShared() {
    JobExecution execution = usual("device-1");
    assertThat(execution.pack()).isTrue();
    assertThat(execution.packed()).isTrue();
    assertThat(execution.getMetadata().getName()).isEqualTo("fw.device-1");
    assertThat(execution.getMetadata().getLabels())
        .isEqualTo(Map.of(Executions.JOB_LABEL, "fw", Executions.THING_LABEL, "device-1"));
    assertThat(execution.getStatus().getQueuedAt()).isEqualTo("2026-12-01T10:00:00.001Z");
    assertThat(execution.getStatus().getLastUpdatedAt()).isEqualTo(execution.getStatus().getStartedAt());
    JobExecution other = usual("device-2");
    other.pack();
    assertThat(other.getStatus().getStatusDetails()).isSameAs(execution.getStatus().getStatusDetails());
  }

  @Test
  void aSetterUnpacksAndKeepsEverythingElse() {
    JobExecution execution = usual("device-1");
    execution.pack();
    JobExecutionStatus failed = new JobExecutionStatus();
    failed.setStatus(ExecutionStatus.FAILED);
    execution.setStatus(failed);
    assertThat(execution.packed()).isFalse();
    assertThat(execution.getStatus()).isSameAs(failed);
    assertThat(execution.getMetadata().getUid()).isEqualTo("uid-device-1");
    assertThat(execution.getSpec().getThingName()).isEqualTo("device-1");

    JobExecution renamed = usual("device-2");
    renamed.pack();
    renamed.setMetadata(new ObjectMetaBuilder().withName("x").build());
    assertThat(renamed.getMetadata().getName()).isEqualTo("x");
    assertThat(renamed.getStatus().getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  /** Reads build new objects: a change made to one is not kept (cached objects are read, never changed). */
  @Test
  void aReadIsACopy() {
    JobExecution execution = usual("device-1");
    execution.pack();
    execution.getStatus().setStatus(ExecutionStatus.FAILED);
    execution.getMetadata().setResourceVersion("1");
    assertThat(execution.getStatus().getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(execution.getMetadata().getResourceVersion()).isEqualTo("100");
  }

  @Test
  void unusualExecutionsAreKeptAsTheyAre() {
    JobExecution deleting = usual("a");
    deleting.getMetadata().setDeletionTimestamp("2026-12-01T10:05:00Z");
    JobExecution finalized = usual("b");
    finalized.getMetadata().setFinalizers(List.of("example.com/keep"));
    JobExecution unknownField = usual("c");
    unknownField.getMetadata().setAdditionalProperties(new LinkedHashMap<>(Map.of("future", 1)));
    JobExecution longToken = usual("d");
    longToken.getStatus().getAnsweredRequests().get(0).setClientToken("é".repeat(127));
    for (JobExecution execution : List.of(deleting, finalized, unknownField, longToken)) {
      JsonNode before = json(execution);
      assertThat(execution.pack()).isFalse();
      assertThat(execution.packed()).isFalse();
      assertThat(json(execution)).isEqualTo(before);
    }
  }

  private static JobExecution usual(String thing) {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("fw." + thing).withNamespace("fleet").withUid("uid-" + thing)
        .withResourceVersion("100").withCreationTimestamp("2026-12-01T10:00:00Z").withGeneration(1L)
        .withLabels(Map.of(Executions.JOB_LABEL, "fw", Executions.THING_LABEL, thing))
        .withAnnotations(Map.of(Executions.QUEUED_AT_ANNOTATION, "2026-12-01T10:00:00.001Z"))
        .withOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("iotjobs.dev/v1alpha1").withKind("IoTJob")
            .withName("fw").withUid("job-uid").withController(true).build()))
        .build());
    execution.getMetadata().setManagedFields(null); // as the lean cache has it
    execution.getMetadata().setAdditionalProperties(null);
    execution.getMetadata().setFinalizers(List.of());
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId("fw".intern());
    spec.setThingName(thing.intern());
    execution.setSpec(spec);
    JobExecutionStatus status = new JobExecutionStatus();
    status.setStatus(ExecutionStatus.SUCCEEDED);
    status.setStatusDetails(Map.of("step", "done"));
    status.setExecutionNumber(1L);
    status.setVersionNumber(3L);
    status.setRetryAttempt(0);
    status.setQueuedAt("2026-12-01T10:00:00.001Z");
    status.setStartedAt("2026-12-01T10:01:00Z");
    status.setLastUpdatedAt("2026-12-01T10:01:00Z");
    status.setAnsweredRequests(new ArrayList<>(List.of(answered(thing + "-1", 2L), answered(thing + "-2", 3L))));
    execution.setStatus(status);
    return execution;
  }

  private static JobExecutionStatus.AnsweredRequest answered(String token, Long version) {
    JobExecutionStatus.AnsweredRequest request = new JobExecutionStatus.AnsweredRequest();
    request.setClientToken(token);
    request.setVersionNumber(version);
    return request;
  }

  /** Times as written (ISO_INSTANT: packed in 7 bytes) and in forms ISO_INSTANT would write otherwise (kept as text). */
  private static final String[] TIMES = {null, "2026-12-01T10:00:00Z", "2026-12-01T10:00:00.001Z", "2026-12-01T10:01:00Z",
      "2026-12-01T10:00:00.100Z", "2026-12-01T10:00:00.000Z", "2026-12-01T10:00:00.123456Z", "2026-12-01T10:00:00+01:00",
      "1969-12-31T23:59:59Z", "not a time", ""};

  private static JobExecution randomExecution(Random random, int i) {
    String thing = pick(random, "t" + i, "thing-é-" + i, "x".repeat(random.nextInt(60) + 1) + i);
    String job = pick(random, "fw", "rollback.of-fw", "j" + random.nextInt(3));
    ObjectMetaBuilder metadata = new ObjectMetaBuilder()
        .withName(pick(random, job + "." + thing, "custom-" + i, null))
        .withNamespace(pick(random, "fleet", "other", null))
        .withUid(pick(random, "uid-" + i, null, uuid(random), uuid(random).toUpperCase(), "0" + uuid(random).substring(1)))
        .withResourceVersion(pick(random, String.valueOf(random.nextInt(1_000_000)), null))
        .withCreationTimestamp(TIMES[random.nextInt(TIMES.length)])
        .withGeneration(pick(random, 1L, 2L, null));
    Map<String, String> labels = new LinkedHashMap<>();
    if (random.nextInt(5) > 0) {
      labels.put(Executions.JOB_LABEL, job);
      labels.put(Executions.THING_LABEL, random.nextInt(10) > 0 ? thing : "other");
    }
    if (random.nextInt(4) == 0) {
      labels.put(Executions.WAVE_LABEL, "canary");
    }
    metadata.withLabels(labels.isEmpty() ? pick(random, null, Map.of()) : labels);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (random.nextInt(5) > 0) {
      annotations.put(Executions.QUEUED_AT_ANNOTATION, TIMES[random.nextInt(TIMES.length)]); // null too
    }
    if (random.nextInt(5) == 0) {
      annotations.put("example.com/note", "kept");
    }
    metadata.withAnnotations(annotations.isEmpty() ? pick(random, null, Map.of()) : annotations);
    if (random.nextInt(4) > 0) {
      metadata.withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("iotjobs.dev/v1alpha1").withKind("IoTJob")
          .withName(job).withUid("job-" + job).withController(true).withBlockOwnerDeletion(random.nextBoolean()).build());
    }
    if (random.nextInt(50) == 0) {
      metadata.withFinalizers("example.com/keep");
    }
    if (random.nextInt(50) == 0) {
      metadata.withDeletionTimestamp("2026-12-01T10:05:00Z");
    }
    JobExecution execution = new JobExecution();
    execution.setMetadata(metadata.build());
    execution.getMetadata().setManagedFields(null); // as the lean cache has it before packing
    if (random.nextInt(50) > 0) {
      execution.getMetadata().setAdditionalProperties(null);
    }
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId(job);
    spec.setThingName(thing);
    if (random.nextInt(5) == 0) {
      JobExecutionSpec.ExecutionCancel cancel = new JobExecutionSpec.ExecutionCancel();
      cancel.setForce(pick(random, true, false, null));
      cancel.setExpectedVersion(pick(random, 2L, null));
      spec.setCancel(cancel);
    }
    execution.setSpec(spec);
    if (random.nextInt(8) > 0) {
      execution.setStatus(randomStatus(random, thing));
    } else {
      execution.setStatus(null);
    }
    return execution;
  }

  private static JobExecutionStatus randomStatus(Random random, String thing) {
    JobExecutionStatus status = new JobExecutionStatus();
    ExecutionStatus[] values = ExecutionStatus.values();
    status.setStatus(random.nextInt(10) == 0 ? null : values[random.nextInt(values.length)]);
    if (random.nextBoolean()) {
      Map<String, String> details = new LinkedHashMap<>();
      for (int d = random.nextInt(4); d >= 0; d--) {
        details.put("k" + d, pick(random, "v", "done", "a longer value of some length " + random.nextInt(100), null));
      }
      status.setStatusDetails(details);
    }
    status.setExecutionNumber(pick(random, 1L, 2L, 100_000L, null));
    status.setVersionNumber(pick(random, 1L, 3L, 4_000_000_000L, null));
    status.setRetryAttempt(pick(random, 0, 1, null));
    status.setQueuedAt(TIMES[random.nextInt(TIMES.length)]);
    status.setStartedAt(TIMES[random.nextInt(TIMES.length)]);
    status.setLastUpdatedAt(TIMES[random.nextInt(TIMES.length)]);
    status.setTimeoutAt(TIMES[random.nextInt(TIMES.length)]);
    status.setInProgressDeadline(TIMES[random.nextInt(TIMES.length)]);
    status.setStepDeadline(TIMES[random.nextInt(TIMES.length)]);
    status.setForceCanceled(pick(random, true, false, null));
    int answered = random.nextInt(5) - 1;
    if (answered >= 0) {
      List<JobExecutionStatus.AnsweredRequest> requests = new ArrayList<>();
      for (int a = 0; a < answered; a++) {
        String token = pick(random, thing + "-" + a, "ü".repeat(random.nextInt(140)), "", null);
        requests.add(answered(token, pick(random, (long) a + 2, null)));
      }
      if (random.nextInt(20) == 0) {
        requests.add(null);
      }
      status.setAnsweredRequests(requests);
    }
    if (random.nextInt(6) == 0) {
      JobExecutionStatus.ExecutionAttempt attempt = new JobExecutionStatus.ExecutionAttempt();
      attempt.setExecutionNumber(1L);
      attempt.setStatus(ExecutionStatus.FAILED);
      attempt.setQueuedAt(TIMES[1]);
      status.setAttempts(new ArrayList<>(List.of(attempt)));
    }
    return status;
  }

  /** A uid as an API server makes them (random, lower-case). */
  private static String uuid(Random random) {
    return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static JsonNode json(JobExecution execution) {
    return JSON.valueToTree(execution);
  }
}
