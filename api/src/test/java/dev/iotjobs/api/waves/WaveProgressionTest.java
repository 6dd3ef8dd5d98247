package dev.iotjobs.api.waves;

import static dev.iotjobs.api.waves.WaveGatesTest.counts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.AbortConfig.AbortFailureType;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.api.model.WaveGate;
import dev.iotjobs.api.model.WaveStatus.GatePhase;
import dev.iotjobs.api.waves.WaveProgression.Round;
import dev.iotjobs.api.waves.WaveProgression.WaveInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaveProgressionTest {
  static final Instant NOW = WaveGatesTest.NOW;
  static final WaveProgression.Measurer NO_PROMETHEUS = check -> {
    throw new AssertionError("no wave has a Prometheus check");
  };

  static Wave wave(String name, Long count, WaveGate gate, Wave.Promotion promotion) {
    Wave wave = new Wave();
    wave.setName(name);
    wave.setCount(count);
    wave.setGate(gate);
    wave.setPromotion(promotion);
    return wave;
  }

  static WaveGate atMostFailures(long count) {
    WaveGate gate = new WaveGate();
    gate.setMaximumFailures(List.of(WaveGatesTest.limit(AbortFailureType.FAILED, null, count)));
    return gate;
  }

  final List<Wave> waves = List.of(wave("canary", 2L, atMostFailures(0), null),
      wave("early", 3L, null, Wave.Promotion.Manual), wave("rest", null, atMostFailures(1), null));
  final List<Integer> planned = List.of(2, 3, 5);
  final List<JobProcessDetails> counts = new ArrayList<>(List.of(counts(0, 0, 0), counts(0, 0, 0), counts(0, 0, 0)));

  Round advance(Round previous, String promoted) {
    return WaveProgression.advance(waves, previous == null ? null : previous.waves(), planned,
        i -> new WaveInput(counts.get(i), counts.get(i).total() >= planned.get(i), NOW), promoted, NO_PROMETHEUS, NOW);
  }

  @Test
  void aHealthyRolloutPromotesThroughEveryWaveAndWaitsForTheManualOne() {
    Round round = advance(null, null);
    assertThat(round.current()).isZero();
    assertThat(round.waves()).extracting(w -> w.getGate().getPhase())
        .containsExactly(GatePhase.Running, GatePhase.Waiting, GatePhase.Waiting);

    counts.set(0, counts(2, 0, 0));
    round = advance(round, null);
    assertThat(round.current()).as("canary passed").isEqualTo(1);
    assertThat(round.waves().get(0).getPromotedAt()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(round.nextCheck()).as("queue the next wave at once").isEqualTo(NOW);

    counts.set(1, counts(3, 0, 0));
    round = advance(round, null);
    assertThat(round.current()).isEqualTo(1);
    assertThat(round.currentWave().getGate().getPhase()).isEqualTo(GatePhase.WaitingForPromotion);
    assertThat(advance(round, "canary").current()).as("promoting another wave does nothing").isEqualTo(1);

    round = advance(round, "early");
    assertThat(round.current()).isEqualTo(2);
    counts.set(2, counts(4, 1, 0));
    round = advance(round, null);
    assertThat(round.failed()).isFalse();
    assertThat(round.waves()).extracting(w -> w.getGate().getPhase())
        .containsExactly(GatePhase.Passed, GatePhase.Passed, GatePhase.Passed);
    assertThat(round.waves()).extracting(w -> w.getJobProcessDetails().getNumberOfSucceededThings())
        .containsExactly(2, 3, 4);
  }

  @Test
  void aFailedGateStopsTheRolloutAndLaterWavesNeverStart() {
    Round round = advance(null, null);
    counts.set(0, counts(1, 1, 0));
    round = advance(round, null);
    assertThat(round.failure()).isEqualTo("wave canary: FAILED 1 > 0");
    assertThat(round.current()).isZero();
    assertThat(round.waves().get(1).getGate().getPhase()).isEqualTo(GatePhase.Waiting);
    assertThat(advance(round, null).failure()).as("a failed gate is not judged again").isNull();
    assertThat(advance(round, null).current()).isZero();
  }

  @Test
  void passedWavesAreNotJudgedAgainWhenLateOutcomesArrive() {
    Round round = advance(null, null);
    counts.set(0, counts(2, 0, 0));
    round = advance(round, null);
    counts.set(0, counts(0, 2, 0));
    round = advance(round, null);
    assertThat(round.failed()).isFalse();
    assertThat(round.waves().get(0).getGate().getPhase()).isEqualTo(GatePhase.Passed);
    assertThat(round.waves().get(0).getJobProcessDetails().getNumberOfFailedThings()).isEqualTo(2);
  }

  @Test
  void aPrometheusGateIsMeasuredThroughTheMeasurerAndRecorded() {
    WaveGate.PrometheusCheck check = new WaveGate.PrometheusCheck();
    check.setAddress("http://p:9090");
    check.setQuery("q");
    check.setSuccessCondition("result < 1");
    WaveGate gate = new WaveGate();
    gate.setPrometheus(check);
    AtomicInteger measured = new AtomicInteger();
    Round round = WaveProgression.advance(List.of(wave("only", null, gate, null)), null, List.of(1),
        i -> new WaveInput(counts(1, 0, 0), true, NOW), null, c -> {
          measured.incrementAndGet();
          return new WaveProgression.Measurement(0.2, null);
        }, NOW);
    assertThat(measured).hasValue(1);
    assertThat(round.currentWave().getGate().getPhase()).isEqualTo(GatePhase.Passed);
    assertThat(round.currentWave().getGate().getLastMeasurement()).isEqualTo("0.2");
  }
}
