package dev.iotjobs.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.WaveStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class JobMetricsTest {

  private static JobExecution execution(ExecutionStatus status, long executionNumber, String lastUpdatedAt) {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("fw.t1").withNamespace("n").withUid("uid-1")
        .withCreationTimestamp("2026-12-01T10:00:00Z").build());
    JobExecutionStatus s = new JobExecutionStatus();
    s.setStatus(status);
    s.setExecutionNumber(executionNumber);
    s.setQueuedAt("2026-12-01T10:00:00.000Z");
    s.setLastUpdatedAt(lastUpdatedAt);
    execution.setStatus(s);
    return execution;
  }

  @Test
  void anAttemptsTerminalTransitionIsRecordedOnceWhoeverReportsIt() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JobMetrics metrics = new JobMetrics(registry);
    JobExecution queued = execution(ExecutionStatus.QUEUED, 1, "2026-12-01T10:00:00.000Z");
    JobExecution canceled = execution(ExecutionStatus.CANCELED, 1, "2026-12-01T10:00:02.000Z");
    metrics.executionChanged(queued, canceled);   // the operator's own write
    metrics.executionChanged(queued, canceled);   // the informer's event of the same write
    metrics.executionChanged(canceled, canceled); // a resync
    assertThat(registry.find("iotjobs_execution_duration").tag("status", "CANCELED").timer().count()).isEqualTo(1);

    // a retry is another attempt: measured again
    metrics.executionChanged(execution(ExecutionStatus.QUEUED, 2, "2026-12-01T10:00:03.000Z"),
        execution(ExecutionStatus.FAILED, 2, "2026-12-01T10:00:05.000Z"));
    assertThat(registry.find("iotjobs_execution_duration").tag("status", "FAILED").timer().count()).isEqualTo(1);
  }

  @Test
  void wavesShowTheCurrentWaveAndEachGatesPhase() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JobMetrics metrics = new JobMetrics(registry);
    dev.iotjobs.api.model.IoTJob job = new dev.iotjobs.api.model.IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName("fw").withNamespace("n").build());
    metrics.recordWaves(job, java.util.List.of(wave("canary", WaveStatus.GatePhase.Passed),
        wave("rest", WaveStatus.GatePhase.WaitingForPromotion)), "rest");
    assertThat(registry.find("iotjobs_job_current_wave").gauge().value()).isEqualTo(2);
    assertThat(registry.find("iotjobs_wave_gate").tags("wave", "rest", "phase", "WaitingForPromotion").gauge().value())
        .isEqualTo(1);
    assertThat(registry.find("iotjobs_wave_gate").tags("wave", "rest", "phase", "Running").gauge().value()).isZero();
    assertThat(registry.find("iotjobs_wave_gate").tags("wave", "canary", "phase", "Passed").gauge().value()).isEqualTo(1);
  }

  private static WaveStatus wave(String name, WaveStatus.GatePhase phase) {
    WaveStatus wave = new WaveStatus();
    wave.setName(name);
    wave.setGate(new WaveStatus.GateStatus());
    wave.getGate().setPhase(phase);
    return wave;
  }
}
