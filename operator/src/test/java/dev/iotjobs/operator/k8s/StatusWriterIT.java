package dev.iotjobs.operator.k8s;

import static dev.iotjobs.api.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import dev.iotjobs.operator.jobs.JobStatusPlanner;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusWriterIT {
  private final EmbeddedKubernetes api = new EmbeddedKubernetes();
  private final StatusWriter<IoTJobStatus, IoTJob> writer = new StatusWriter<>(api.client(), JobStatusPlanner::copy);

  @AfterEach
  void stop() {
    api.close();
  }

  private static IoTJobStatus status(JobStatus value, int targets) {
    IoTJobStatus status = new IoTJobStatus();
    status.setStatus(value);
    status.setTargetCount(targets);
    return status;
  }

  @Test
  void aWriteBeforeTheCacheHasSeenTheLastOneBuildsOnItWithoutAConflict() {
    IoTJob cached = api.client().resource(job("fw", List.of("t1"), null)).create();
    writer.write(cached, status(JobStatus.IN_PROGRESS, 1));
    api.writes().reset();

    // the informer has not delivered the first write: the next reconcile still sees the created object
    IoTJob stored = writer.write(cached, status(JobStatus.COMPLETED, 1));

    assertThat(stored.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
    assertThat(writer.latest(cached).getStatus()).isEqualTo(JobStatus.COMPLETED);
    assertThat(api.writes().of("iotjobs/status")).isEqualTo(1);
    assertThat(api.writes().readsAndRefusals()).as("no 409 and no re-read").isEmpty();
  }

  @Test
  void someoneElsesWriteInBetweenIsReadAgainAndKept() {
    IoTJob cached = api.client().resource(job("fw", List.of("t1"), null)).create();
    writer.write(cached, status(JobStatus.IN_PROGRESS, 1));
    IoTJob theirs = api.client().resource(cached).get();
    theirs.getMetadata().setLabels(java.util.Map.of("team", "fleet"));
    api.client().resource(theirs).update();

    IoTJob stored = writer.write(cached, status(JobStatus.COMPLETED, 1));

    assertThat(stored.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
    assertThat(stored.getMetadata().getLabels()).containsEntry("team", "fleet");
  }
}
