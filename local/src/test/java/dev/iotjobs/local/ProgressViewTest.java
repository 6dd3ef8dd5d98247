package dev.iotjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line and the exit summary, without a terminal. */
class ProgressViewTest {

  private static IoTJob job(String name, JobStatus status, int targets, int succeeded, int failed, int inProgress) {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    IoTJobStatus jobStatus = new IoTJobStatus();
    jobStatus.setStatus(status);
    jobStatus.setTargetCount(targets);
    JobProcessDetails counters = new JobProcessDetails();
    counters.setNumberOfSucceededThings(succeeded);
    counters.setNumberOfFailedThings(failed);
    counters.setNumberOfInProgressThings(inProgress);
    jobStatus.setJobProcessDetails(counters);
    job.setStatus(jobStatus);
    return job;
  }

  @Test
  void aLineFitsTheWidthWithTheMostTellingCountersFirst() {
    ProgressView view = new ProgressView(new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC());
    IoTJob job = job("a-very-long-job-name-that-goes-on-and-on", JobStatus.IN_PROGRESS, 100_000, 52_000, 31, 900);
    String narrow = view.line(job, 79);
    assertThat(narrow.length()).isLessThanOrEqualTo(79);
    assertThat(narrow).startsWith("a-very-long-job-name-~ IN_PROGRESS [#####-----] 52031/100000 ok 52000");
    String wide = view.line(job, 200);
    assertThat(wide).contains("succeeded 52000", "failed 31", "in progress 900", "queued 0", "rejected 0", "timed out 0",
        "canceled 0", "/min");
    assertThat(view.line(job, 40)).hasSizeLessThanOrEqualTo(40);
  }

  @Test
  void withoutATerminalALineIsPrintedWhenItChangesAndADeletedJobIsSaidOnce() {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ProgressView view = new ProgressView(new PrintStream(output, true, StandardCharsets.UTF_8), Clock.systemUTC());
    IoTJob b = job("b", JobStatus.IN_PROGRESS, 2, 1, 0, 1);
    IoTJob a = job("a", JobStatus.COMPLETED, 1, 1, 0, 0);
    view.render(List.of(b, a));
    view.render(List.of(b, a));
    view.render(List.of(b));
    List<String> lines = output.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).as("sorted by name").startsWith("a ");
    assertThat(lines.get(1)).startsWith("b ");
    assertThat(lines.get(2)).isEqualTo("a deleted");
  }

  @Test
  void theExitStatusIsZeroOnlyWhenEveryJobCompletedCleanly() {
    assertThat(RunSummary.of(List.of(job("a", JobStatus.COMPLETED, 3, 3, 0, 0))).exitStatus()).isZero();
    assertThat(RunSummary.of(List.of(job("a", JobStatus.COMPLETED, 3, 2, 1, 0))).exitStatus()).isEqualTo(1);
    assertThat(RunSummary.of(List.of(job("a", JobStatus.COMPLETED, 3, 3, 0, 0), job("b", JobStatus.CANCELED, 3, 0, 0, 0)))
        .exitStatus()).isEqualTo(1);
    assertThat(RunSummary.of(List.of()).exitStatus()).isEqualTo(1);
    RunSummary summary = RunSummary.of(List.of(job("a", JobStatus.IN_PROGRESS, 3, 1, 0, 2)));
    assertThat(summary.text()).contains("a IN_PROGRESS", "still 2 in progress").endsWith("failed/rejected/timed out");
    assertThat(summary.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
  }
}
