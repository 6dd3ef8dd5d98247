package dev.iotjobs.bridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeviceApiTest {
  private static final String ROOT = "$aws/things/";
  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
  private final InMemoryRepository repo = new InMemoryRepository().thing("t1").thing("t2");
  private final Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
  private final DeviceApi api = new DeviceApi(repo, DocumentRenderer.asStored(), new RequestThrottle(1000, 1000, clock), clock);

  private JsonNode send(String topic, String payload, String expectedSuffix) {
    DeviceApi.Response response = api.handle(Topic.parse(ROOT, ROOT + topic), payload.getBytes(StandardCharsets.UTF_8));
    assertThat(response.topic()).isEqualTo(ROOT + topic + expectedSuffix);
    return response.payload();
  }

  private JsonNode accepted(String topic, String payload) {
    return send(topic, payload, "/accepted");
  }

  private JsonNode rejected(String topic, String payload, String code) {
    JsonNode body = send(topic, payload, "/rejected");
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(body.get("timestamp").asLong()).isEqualTo(T0.getEpochSecond() + 60);
    return body;
  }

  @Test
  void getListsInProgressBeforeQueuedInQueueOrderWithTimestampsInSeconds() {
    repo.queue("job1", "t1", T0);
    repo.queue("job2", "t1", T0.plusSeconds(1));
    repo.queue("job3", "t1", T0.plusSeconds(2));
    accepted("t1/jobs/job3/update", "{\"status\":\"IN_PROGRESS\"}");
    JsonNode body = accepted("t1/jobs/get", "{\"clientToken\":\"c-1\"}");
    assertThat(body.get("clientToken").asText()).isEqualTo("c-1");
    assertThat(body.get("inProgressJobs")).hasSize(1);
    assertThat(body.get("inProgressJobs").get(0).get("jobId").asText()).isEqualTo("job3");
    assertThat(body.get("queuedJobs")).extracting(j -> j.get("jobId").asText()).containsExactly("job1", "job2");
    JsonNode summary = body.get("queuedJobs").get(0);
    assertThat(summary.get("queuedAt").asLong()).isEqualTo(T0.getEpochSecond());
    assertThat(summary.get("executionNumber").asLong()).isEqualTo(1);
    assertThat(summary.get("versionNumber").asLong()).isEqualTo(1);
    assertThat(summary.has("status")).isFalse();
  }

  @Test
  void getListsAtMostTen() {
    for (int i = 0; i < 12; i++) {
      repo.queue("job" + i, "t1", T0.plusSeconds(i));
    }
    assertThat(accepted("t1/jobs/get", "{}").get("queuedJobs")).hasSize(10);
  }

  @Test
  void executionsOfScheduledJobsAreHidden() {
    repo.queue("job1", "t1", T0);
    repo.job("later").getStatus().setStatus(JobStatus.SCHEDULED);
    repo.queue("later", "t1", T0.minusSeconds(5));
    assertThat(accepted("t1/jobs/get", "{}").get("queuedJobs")).extracting(j -> j.get("jobId").asText())
        .containsExactly("job1");
  }

  @Test
  void startNextStartsTheHeadAppliesDetailsAndReturnsTheDocument() {
    assertThat(accepted("t1/jobs/start-next", "{}").has("execution")).as("nothing pending").isFalse();
    repo.queue("job1", "t1", T0);
    repo.queue("job2", "t1", T0.plusSeconds(1));
    JsonNode body = accepted("t1/jobs/start-next",
        "{\"statusDetails\":{\"step\":\"1\"},\"stepTimeoutInMinutes\":5,\"clientToken\":\"x\"}");
    JsonNode execution = body.get("execution");
    assertThat(execution.get("jobId").asText()).isEqualTo("job1");
    assertThat(execution.get("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(execution.get("versionNumber").asLong()).isEqualTo(2);
    assertThat(execution.get("statusDetails").get("step").asText()).isEqualTo("1");
    assertThat(execution.get("jobDocument").get("operation").asText()).isEqualTo("job1");
    assertThat(execution.get("approximateSecondsBeforeTimedOut").asLong()).isEqualTo(300);
    assertThat(execution.get("startedAt").asLong()).isEqualTo(T0.getEpochSecond() + 60);

    JsonNode again = accepted("t1/jobs/start-next", "{\"statusDetails\":{\"step\":\"other\"}}").get("execution");
    assertThat(again.get("jobId").asText()).as("IN_PROGRESS comes back first").isEqualTo("job1");
    assertThat(again.get("statusDetails").get("step").asText()).as("details of a started execution are kept").isEqualTo("1");
    assertThat(again.get("versionNumber").asLong()).isEqualTo(2);
  }

  @Test
  void describeNextDoesNotChangeAnything() {
    repo.queue("job1", "t1", T0);
    JsonNode execution = accepted("t1/jobs/$next/get", "{}").get("execution");
    assertThat(execution.get("status").asText()).isEqualTo("QUEUED");
    assertThat(execution.has("jobDocument")).isTrue();
    assertThat(repo.get("job1", "t1").getStatus().getStatus()).isEqualTo(ExecutionStatus.QUEUED);
    assertThat(accepted("t1/jobs/$next/get", "{\"includeJobDocument\":false}").get("execution").has("jobDocument")).isFalse();
    assertThat(accepted("t2/jobs/$next/get", "{}").has("execution")).isFalse();
  }

  @Test
  void describeByJobIdAndByExecutionNumber() {
    repo.queue("job1", "t1", T0);
    assertThat(accepted("t1/jobs/job1/get", "{}").get("execution").get("jobDocument")).isNotNull();
    assertThat(accepted("t1/jobs/job1/get", "{\"executionNumber\":1}").get("execution").get("executionNumber").asLong())
        .isEqualTo(1);
    rejected("t1/jobs/job1/get", "{\"executionNumber\":7}", "ResourceNotFound");
    rejected("t1/jobs/nope/get", "{}", "ResourceNotFound");
  }

  @Test
  void updateFlowWithVersionsStateAndDocument() {
    repo.queue("job1", "t1", T0);
    JsonNode first = accepted("t1/jobs/job1/update",
        "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"1\",\"includeJobExecutionState\":true,\"clientToken\":\"a\"}");
    assertThat(first.get("executionState").get("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(first.get("executionState").get("versionNumber").asLong()).isEqualTo(2);
    assertThat(first.has("jobDocument")).isFalse();
    assertThat(first.get("clientToken").asText()).isEqualTo("a");

    JsonNode mismatch = rejected("t1/jobs/job1/update", "{\"status\":\"SUCCEEDED\",\"expectedVersion\":1}", "VersionMismatch");
    assertThat(mismatch.get("executionState").get("versionNumber").asLong()).isEqualTo(2);

    JsonNode done = accepted("t1/jobs/job1/update",
        "{\"status\":\"SUCCEEDED\",\"expectedVersion\":2,\"executionNumber\":1,\"includeJobDocument\":true,"
            + "\"thingName\":\"t1\",\"statusDetails\":{\"result\":\"ok\"}}");
    assertThat(done.get("jobDocument").get("operation").asText()).isEqualTo("job1");
    assertThat(done.has("executionState")).isFalse();
    assertThat(repo.get("job1", "t1").getStatus().getStatusDetails()).containsEntry("result", "ok");

    JsonNode terminal = rejected("t1/jobs/job1/update", "{\"status\":\"FAILED\"}", "InvalidStateTransition");
    assertThat(terminal.get("executionState").get("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void everyInvalidRequestIsRejectedClearly() {
    repo.queue("job1", "t1", T0);
    rejected("t1/jobs/job1/update", "not json", "InvalidJson");
    rejected("t1/jobs/job1/update", "[1,2]", "InvalidJson");
    rejected("t1/jobs/job1/update", "{}", "InvalidRequest");
    rejected("t1/jobs/job1/update", "{\"status\":\"DONE\"}", "InvalidRequest");
    rejected("t1/jobs/job1/update", "{\"status\":\"CANCELED\"}", "InvalidRequest");
    rejected("t1/jobs/job1/update", "{\"status\":\"QUEUED\"}", "InvalidRequest");
    rejected("t1/jobs/job1/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"a\":{\"b\":1}}}", "InvalidRequest");
    rejected("t1/jobs/job1/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"a\":1}}", "InvalidRequest");
    rejected("t1/jobs/job1/update", "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"two\"}", "InvalidRequest");
    rejected("t1/jobs/job1/update", "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":0}", "InvalidRequest");
    rejected("t1/jobs/start-next", "{\"stepTimeoutInMinutes\":-1}", "InvalidRequest");
    rejected("t1/jobs/job1/update", "{\"status\":\"IN_PROGRESS\",\"clientToken\":\"" + "x".repeat(65) + "\"}",
        "InvalidRequest");
    rejected("t1/jobs/job1/update", "{\"status\":\"IN_PROGRESS\",\"pad\":\"" + "x".repeat(40_000) + "\"}", "InvalidRequest");
    rejected("t1/jobs/job1/delete", "{}", "InvalidTopic");
    rejected("t1/jobs/foo/bar", "{\"clientToken\":\"tok\"}", "InvalidTopic");
    rejected("ghost/jobs/get", "{}", "ResourceNotFound");
    assertThat(repo.get("job1", "t1").getStatus().getVersionNumber()).as("nothing changed").isEqualTo(1);
  }

  @Test
  void clientTokenIsEchoedEvenOnRejections() {
    JsonNode body = rejected("t1/jobs/foo/bar", "{\"clientToken\":\"tok\"}", "InvalidTopic");
    assertThat(body.get("clientToken").asText()).isEqualTo("tok");
    JsonNode noToken = accepted("t1/jobs/get", "{}");
    assertThat(noToken.has("clientToken")).isFalse();
  }

  @Test
  void ownResponsesAreNotAnswered() {
    assertThat(api.handle(Topic.parse(ROOT, ROOT + "t1/jobs/get/accepted"), new byte[0])).isNull();
    assertThat(api.handle(Topic.parse(ROOT, ROOT + "t1/jobs/start-next/rejected"), new byte[0])).isNull();
    assertThat(api.handle(Topic.parse(ROOT, ROOT + "t1/jobs/notify"), new byte[0])).isNull();
  }

  @Test
  void throttledDevicesAreRefusedOthersAreNot() {
    DeviceApi strict = new DeviceApi(repo, DocumentRenderer.asStored(), new RequestThrottle(0.001, 2, clock), clock);
    Topic t1 = Topic.parse(ROOT, ROOT + "t1/jobs/get");
    assertThat(strict.handle(t1, new byte[0]).topic()).endsWith("/accepted");
    assertThat(strict.handle(t1, new byte[0]).topic()).endsWith("/accepted");
    DeviceApi.Response third = strict.handle(t1, new byte[0]);
    assertThat(third.payload().get("code").asText()).isEqualTo("RequestThrottled");
    assertThat(strict.handle(Topic.parse(ROOT, ROOT + "t2/jobs/get"), new byte[0]).topic()).endsWith("/accepted");
  }

  @Test
  void terminalStateReachedWhenTheJobIsOver() {
    repo.queue("job1", "t1", T0);
    accepted("t1/jobs/job1/update", "{\"status\":\"SUCCEEDED\"}");
    accepted("t1/jobs/job1/get", "{}");
    repo.job("job1").getStatus().setStatus(JobStatus.COMPLETED);
    repo.get("job1", "t1");
    rejected("t1/jobs/job1/get", "{}", "TerminalStateReached");
  }

  @Test
  void aDeviceUpdateRacingACancelLosesCleanly() {
    repo.queue("job1", "t1", T0);
    accepted("t1/jobs/job1/update", "{\"status\":\"IN_PROGRESS\"}");
    repo.beforeNextWrite = e -> repo.change("job1", "t1",
        ExecutionStateMachine.cancel(Executions.effectiveStatus(e), true, null, T0).next());
    JsonNode body = rejected("t1/jobs/job1/update", "{\"status\":\"SUCCEEDED\"}", "InvalidStateTransition");
    assertThat(body.get("executionState").get("status").asText()).isEqualTo("CANCELED");
    assertThat(repo.get("job1", "t1").getStatus().getVersionNumber()).isEqualTo(3);
  }

  @Test
  void aDeviceUpdateRacingATimeoutLosesCleanly() {
    repo.queue("job1", "t1", T0);
    accepted("t1/jobs/job1/update", "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":1}");
    repo.beforeNextWrite = e -> repo.change("job1", "t1",
        ExecutionStateMachine.timeOut(Executions.effectiveStatus(e), T0.plusSeconds(600)).next());
    JsonNode body = rejected("t1/jobs/job1/update", "{\"status\":\"SUCCEEDED\"}", "InvalidStateTransition");
    assertThat(body.get("executionState").get("status").asText()).isEqualTo("TIMED_OUT");
  }

  @Test
  void aConflictingProgressUpdateIsDecidedAgainAndStored() {
    repo.queue("job1", "t1", T0);
    accepted("t1/jobs/job1/update", "{\"status\":\"IN_PROGRESS\"}");
    repo.beforeNextWrite = e -> repo.change("job1", "t1", Executions.effectiveStatus(e));
    accepted("t1/jobs/job1/update", "{\"status\":\"SUCCEEDED\"}");
    assertThat(repo.get("job1", "t1").getStatus().getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void updatingAnEarlierAttemptIsAnInvalidTransition() {
    repo.queue("job1", "t1", T0);
    accepted("t1/jobs/job1/update", "{\"status\":\"FAILED\"}");
    repo.change("job1", "t1", ExecutionStateMachine.retry(repo.get("job1", "t1").getStatus(), T0.plusSeconds(5)).next());
    rejected("t1/jobs/job1/update", "{\"status\":\"SUCCEEDED\",\"executionNumber\":1}", "InvalidStateTransition");
    rejected("t1/jobs/job1/update", "{\"status\":\"SUCCEEDED\",\"executionNumber\":3}", "ResourceNotFound");
    accepted("t1/jobs/job1/update", "{\"status\":\"SUCCEEDED\",\"executionNumber\":2}");
    JsonNode earlier = accepted("t1/jobs/job1/get", "{\"executionNumber\":1}").get("execution");
    assertThat(earlier.get("status").asText()).isEqualTo("FAILED");
    assertThat(earlier.get("versionNumber").asLong()).as("the attempt's own last version").isEqualTo(2);
  }

  @Test
  void aRequestThatIsWrongWhateverTheThingHasIsInvalidBeforeAnyLookup() {
    for (String status : new String[] {"QUEUED", "CANCELED", "TIMED_OUT", "REMOVED"}) {
      rejected("t1/jobs/no-such-job/update", "{\"status\":\"" + status + "\"}", "InvalidRequest");
    }
    rejected("t1/jobs/no-such-job/update", "{}", "InvalidRequest");
    rejected("t1/jobs/no-such-job/update", "{\"status\":\"IN_PROGRESS\"}", "ResourceNotFound");
  }

  /** A document that cannot be rendered refuses the request, and nothing is written. */
  @Test
  void aDocumentThatCannotBeRenderedRefusesTheRequestWithoutWriting() {
    DeviceApi failing = new DeviceApi(repo, job -> {
      throw new RequestException(dev.iotjobs.api.execution.RejectionCode.InternalError, "the Secret s3-creds is missing");
    }, new RequestThrottle(1000, 1000, clock), clock);
    repo.queue("job1", "t1", T0);
    DeviceApi.Response startNext = failing.handle(Topic.parse(ROOT, ROOT + "t1/jobs/start-next"),
        "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(startNext.topic()).endsWith("/start-next/rejected");
    assertThat(startNext.payload().get("code").asText()).isEqualTo("InternalError");
    assertThat(startNext.payload().get("message").asText()).contains("s3-creds");
    assertThat(repo.get("job1", "t1").getStatus().getStatus()).isEqualTo(ExecutionStatus.QUEUED);
    assertThat(repo.get("job1", "t1").getStatus().getVersionNumber()).isEqualTo(1);

    DeviceApi.Response update = failing.handle(Topic.parse(ROOT, ROOT + "t1/jobs/job1/update"),
        "{\"status\":\"IN_PROGRESS\",\"includeJobDocument\":true}".getBytes(StandardCharsets.UTF_8));
    assertThat(update.topic()).endsWith("/update/rejected");
    assertThat(repo.get("job1", "t1").getStatus().getVersionNumber()).isEqualTo(1);
    // without the document the update needs nothing rendered, and is applied
    DeviceApi.Response plain = failing.handle(Topic.parse(ROOT, ROOT + "t1/jobs/job1/update"),
        "{\"status\":\"IN_PROGRESS\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(plain.topic()).endsWith("/update/accepted");
  }

  /** A request the broker delivers again (its acknowledgement lost in a crash) is answered as before, once applied. */
  @Test
  void aRequestDeliveredAgainIsAnsweredAsBeforeAndAppliedOnce() {
    repo.queue("job1", "t1", T0);
    repo.queue("job2", "t1", T0.plusSeconds(1));
    JsonNode started = accepted("t1/jobs/start-next", "{\"clientToken\":\"s-1\"}").get("execution");
    assertThat(accepted("t1/jobs/start-next", "{\"clientToken\":\"s-1\"}").get("execution").get("jobId").asText())
        .isEqualTo(started.get("jobId").asText());
    assertThat(repo.get("job1", "t1").getStatus().getVersionNumber()).isEqualTo(2);

    String progress = "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"step\":\"download\"},\"clientToken\":\"u-1\","
        + "\"includeJobExecutionState\":true}";
    JsonNode first = accepted("t1/jobs/job1/update", progress);
    JsonNode again = accepted("t1/jobs/job1/update", progress);
    assertThat(again.get("executionState")).isEqualTo(first.get("executionState"));
    assertThat(repo.get("job1", "t1").getStatus().getVersionNumber()).isEqualTo(3);

    String done = "{\"status\":\"SUCCEEDED\",\"expectedVersion\":3,\"clientToken\":\"u-2\"}";
    accepted("t1/jobs/job1/update", done);
    accepted("t1/jobs/job1/update", done);
    assertThat(repo.get("job1", "t1").getStatus().getVersionNumber()).isEqualTo(4);
    // a new request (another token) is decided as usual
    rejected("t1/jobs/job1/update", "{\"status\":\"SUCCEEDED\",\"clientToken\":\"u-3\"}", "InvalidStateTransition");
    assertThat(repo.get("job1", "t1").getStatus().getAnsweredRequests()).extracting(a -> a.getClientToken())
        .as("the newest two").containsExactly("u-1", "u-2");
  }
}
