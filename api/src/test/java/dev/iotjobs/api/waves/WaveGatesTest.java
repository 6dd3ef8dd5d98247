package dev.iotjobs.api.waves;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.AbortConfig.AbortFailureType;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.api.model.WaveGate;
import dev.iotjobs.api.model.WaveStatus.GatePhase;
import dev.iotjobs.api.model.WaveStatus.GateStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaveGatesTest {
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  static JobProcessDetails counts(int succeeded, int failed, int queued) {
    JobProcessDetails c = new JobProcessDetails();
    for (int i = 0; i < succeeded; i++) {
      c.count(ExecutionStatus.SUCCEEDED);
    }
    for (int i = 0; i < failed; i++) {
      c.count(ExecutionStatus.FAILED);
    }
    for (int i = 0; i < queued; i++) {
      c.count(ExecutionStatus.QUEUED);
    }
    return c;
  }

  static Wave wave(WaveGate gate) {
    Wave wave = new Wave();
    wave.setName("canary");
    wave.setCount(10L);
    wave.setGate(gate);
    return wave;
  }

  static WaveGate.FailureLimit limit(AbortFailureType type, Double percentage, Long count) {
    WaveGate.FailureLimit limit = new WaveGate.FailureLimit();
    limit.setFailureType(type);
    limit.setMaximumPercentage(percentage);
    limit.setMaximumCount(count);
    return limit;
  }

  static WaveGates.Decision judge(Wave wave, JobProcessDetails counts, boolean filled, GateStatus previous,
      boolean promoted, Instant now) {
    return WaveGates.judge(new WaveGates.Input(wave, counts, filled, NOW, previous, promoted, now));
  }

  @Test
  void withoutAGateTheWavePassesOnceEveryExecutionIsTerminal() {
    assertThat(judge(wave(null), counts(5, 0, 5), true, null, false, NOW).phase()).isEqualTo(GatePhase.Running);
    assertThat(judge(wave(null), counts(10, 0, 0), false, null, false, NOW).phase())
        .as("things are still to be queued").isEqualTo(GatePhase.Running);
    assertThat(judge(wave(null), counts(9, 1, 0), true, null, false, NOW).phase()).isEqualTo(GatePhase.Passed);
  }

  @Test
  void aFailureCountFailsTheGateAtOnceEvenWhileTheWaveRuns() {
    WaveGate gate = new WaveGate();
    gate.setMaximumFailures(List.of(limit(AbortFailureType.FAILED, null, 1L)));
    assertThat(judge(wave(gate), counts(1, 1, 8), true, null, false, NOW).phase()).isEqualTo(GatePhase.Running);
    WaveGates.Decision failed = judge(wave(gate), counts(1, 2, 7), true, null, false, NOW);
    assertThat(failed.phase()).isEqualTo(GatePhase.Failed);
    assertThat(failed.gate().getMessage()).isEqualTo("FAILED 2 > 1");
  }

  @Test
  void aFailurePercentageIsJudgedOnceMinimumExecutedHaveAnOutcome() {
    WaveGate gate = new WaveGate();
    gate.setMinimumExecuted(5L);
    gate.setMaximumFailures(List.of(limit(AbortFailureType.ALL, 20.0, null)));
    assertThat(judge(wave(gate), counts(0, 2, 8), true, null, false, NOW).phase())
        .as("2 of 2 failed, but the gate waits for 5 outcomes").isEqualTo(GatePhase.Running);
    assertThat(judge(wave(gate), counts(4, 1, 5), true, null, false, NOW).phase())
        .as("20% is not above 20%").isEqualTo(GatePhase.Running);
    WaveGates.Decision failed = judge(wave(gate), counts(3, 2, 5), true, null, false, NOW);
    assertThat(failed.gate().getMessage()).isEqualTo("ALL 40% > 20% of 5 executed");
  }

  @Test
  void theSuccessPercentageAndMinimumExecutedAreJudgedWhenTheWaveIsDone() {
    WaveGate gate = new WaveGate();
    gate.setMinimumSuccessPercentage(90.0);
    gate.setMinimumExecuted(3L);
    assertThat(judge(wave(gate), counts(8, 2, 0), true, null, false, NOW).gate().getMessage())
        .isEqualTo("SUCCEEDED 80% < 90% of 10 executed");
    assertThat(judge(wave(gate), counts(9, 1, 0), true, null, false, NOW).phase()).isEqualTo(GatePhase.Passed);
    JobProcessDetails mostlyCanceled = counts(2, 0, 0);
    mostlyCanceled.count(ExecutionStatus.CANCELED);
    assertThat(judge(wave(gate), mostlyCanceled, true, null, false, NOW).gate().getMessage())
        .contains("only 2 of the wave's things have an outcome; the gate needs 3");
  }

  @Test
  void theSoakRunsFromTheLastOutcomeAndSurvivesARestartThroughTheRecordedGate() {
    WaveGate gate = new WaveGate();
    gate.setSoakTime("10m");
    Instant lastOutcome = NOW.minusSeconds(60);
    WaveGates.Decision soaking = WaveGates.judge(new WaveGates.Input(wave(gate), counts(10, 0, 0), true, lastOutcome,
        null, false, NOW));
    assertThat(soaking.phase()).isEqualTo(GatePhase.Soaking);
    assertThat(soaking.gate().getOpensAt()).isEqualTo("2026-12-01T10:09:00Z");
    assertThat(soaking.nextCheck()).isEqualTo(Instant.parse("2026-12-01T10:09:00Z"));
    // after a restart the recorded doneAt holds, whatever the executions' times say now
    WaveGates.Decision later = WaveGates.judge(new WaveGates.Input(wave(gate), counts(10, 0, 0), true, null,
        soaking.gate(), false, Instant.parse("2026-12-01T10:09:00Z")));
    assertThat(later.phase()).isEqualTo(GatePhase.Passed);
  }

  @Test
  void aManualWaveWaitsForItsPromotionAfterTheGatePassed() {
    Wave wave = wave(null);
    wave.setPromotion(Wave.Promotion.Manual);
    WaveGates.Decision waiting = judge(wave, counts(10, 0, 0), true, null, false, NOW);
    assertThat(waiting.phase()).isEqualTo(GatePhase.WaitingForPromotion);
    assertThat(waiting.gate().getMessage()).contains("iotjobs.dev/promote=canary");
    assertThat(judge(wave, counts(10, 0, 0), true, waiting.gate(), true, NOW).phase()).isEqualTo(GatePhase.Passed);
    assertThat(judge(wave, counts(9, 1, 0), false, null, true, NOW).phase())
        .as("a promotion does not skip the gate").isEqualTo(GatePhase.Running);
  }

  @Test
  void prometheusIsMeasuredEveryIntervalAndNeedsAPassingMeasurementAfterTheSoak() {
    WaveGate.PrometheusCheck check = new WaveGate.PrometheusCheck();
    check.setAddress("http://prometheus:9090");
    check.setQuery("crashes");
    check.setSuccessCondition("result < 1");
    check.setInterval("1m");
    check.setFailureLimit(1);
    WaveGate gate = new WaveGate();
    gate.setPrometheus(check);
    Wave wave = wave(gate);

    WaveGates.Decision first = judge(wave, counts(5, 0, 5), true, null, false, NOW);
    assertThat(first.measure()).as("measured from the start of the wave").isTrue();
    GateStatus measured = WaveGates.record(first.gate(), check, 0.0, null, NOW);
    WaveGates.Decision running = judge(wave, counts(5, 0, 5), true, measured, false, NOW.plusSeconds(30));
    assertThat(running.measure()).isFalse();
    assertThat(running.nextCheck()).isEqualTo(NOW.plusSeconds(60));

    // done: a measurement taken before the wave was done does not open the gate
    WaveGates.Decision done = WaveGates.judge(new WaveGates.Input(wave, counts(10, 0, 0), true, NOW.plusSeconds(35),
        measured, false, NOW.plusSeconds(40)));
    assertThat(done.phase()).isEqualTo(GatePhase.Soaking);
    assertThat(done.measure()).isTrue();
    GateStatus bad = WaveGates.record(done.gate(), check, 3.0, null, NOW.plusSeconds(40));
    assertThat(bad.getLastMeasurement()).isEqualTo("3");
    assertThat(judge(wave, counts(10, 0, 0), true, bad, false, NOW.plusSeconds(41)).phase())
        .as("one failed measurement is within failureLimit 1").isEqualTo(GatePhase.Soaking);
    GateStatus noData = WaveGates.record(bad, check, null, "no data", NOW.plusSeconds(100));
    WaveGates.Decision failed = judge(wave, counts(10, 0, 0), true, noData, false, NOW.plusSeconds(100));
    assertThat(failed.phase()).isEqualTo(GatePhase.Failed);
    assertThat(failed.gate().getMessage()).contains("2 of 3 measurements failed result < 1").contains("no data");

    GateStatus good = WaveGates.record(done.gate(), check, 0.5, null, NOW.plusSeconds(40));
    assertThat(judge(wave, counts(10, 0, 0), true, good, false, NOW.plusSeconds(41)).phase()).isEqualTo(GatePhase.Passed);
  }

  @Test
  void anEmptyWavePasses() {
    assertThat(judge(wave(new WaveGate()), new JobProcessDetails(), true, null, false, NOW).gate().getMessage())
        .isEqualTo("the wave holds no thing.");
  }
}
