package dev.iotjobs.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RerunPlanTest {

  @Test
  void aRerunsNameIsTheFirstFreeOneAndADnsLabel() {
    assertThat(RerunPlan.name("fw", Set.of()::contains)).isEqualTo("fw-rerun");
    assertThat(RerunPlan.name("fw", Set.of("fw-rerun", "fw-rerun-2")::contains)).isEqualTo("fw-rerun-3");
    String long63 = "a".repeat(60) + "-bc";
    String name = RerunPlan.name(long63, Set.of()::contains);
    assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-rerun").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(RerunPlan.name("x".repeat(56) + "-" + "y".repeat(6), Set.of()::contains))
        .as("no double dash where it was cut").doesNotContain("--");
  }

  @Test
  void timeToDoneFollowsThePaceSoFar() {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName("fw").build());
    IoTJobStatus status = new IoTJobStatus();
    status.setStatus(JobStatus.IN_PROGRESS);
    status.setTargetCount(300);
    status.setStartedAt("2026-12-01T10:00:00.000Z");
    JobProcessDetails counters = new JobProcessDetails();
    counters.setNumberOfSucceededThings(100);
    status.setJobProcessDetails(counters);
    job.setStatus(status);
    JobReport report = JobReport.of(Cluster.mapper().valueToTree(job), List.of(), Instant.parse("2026-12-01T10:10:00Z"));
    assertThat(report.finishRatePerMinute()).isEqualTo(10.0);
    assertThat(report.timeToDone()).isEqualTo(Duration.ofMinutes(20));
    assertThat(report.text()).contains("finishing 10/min; done in about 20m");
  }
}
