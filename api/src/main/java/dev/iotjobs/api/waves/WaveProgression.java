package dev.iotjobs.api.waves;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.api.model.WaveGate.PrometheusCheck;
import dev.iotjobs.api.model.WaveStatus;
import dev.iotjobs.api.model.WaveStatus.GatePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Moves a staged rollout along its waves: judges the current wave's gate ({@link WaveGates}), promotes to the next
 * wave when it passes, and stops at the first failure. Waves that passed are not judged again; later waves wait.
 * Everything it needs to go on after a restart is in the wave statuses it returns. Pure but for the measurer.
 */
public final class WaveProgression {
  private WaveProgression() {}

  /** Takes a Prometheus measurement: the first sample's value, or why there is none. */
  public interface Measurer {
    Measurement measure(PrometheusCheck check);
  }

  public record Measurement(Double value, String problem) {}

  /** What the rollout shows of one wave: its counters, whether all its things are queued, its last outcome's time. */
  public record WaveInput(JobProcessDetails counts, boolean filled, Instant lastFinishedAt) {}

  /**
   * The waves after this round.
   *
   * @param waves every wave's status, in spec order
   * @param current the index of the wave being rolled out (the last wave once all passed)
   * @param failure why the current wave's gate failed, or null
   * @param nextCheck when a gate needs looking at again, or null
   */
  public record Round(List<WaveStatus> waves, int current, String failure, Instant nextCheck) {
    public WaveStatus currentWave() {
      return waves.get(current);
    }

    public boolean failed() {
      return failure != null;
    }
  }

  /**
   * @param specs the job's waves
   * @param previous the wave statuses last recorded, or null before the first round
   * @param planned each wave's planned size (used when there is no previous status)
   * @param inputs each wave's input, by index
   * @param promoted the wave name a user promoted (annotation iotjobs.dev/promote), or null
   */
  public static Round advance(List<Wave> specs, List<WaveStatus> previous, List<Integer> planned,
      IntFunction<WaveInput> inputs, String promoted, Measurer measurer, Instant now) {
    List<WaveStatus> waves = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      WaveStatus before = previous != null && i < previous.size() ? previous.get(i) : null;
      waves.add(copy(before, specs.get(i).getName(), planned.get(i)));
    }
    int current = 0;
    while (current < specs.size() - 1 && phase(waves.get(current)) == GatePhase.Passed) {
      current++;
    }
    String failure = null;
    Instant nextCheck = null;
    for (int i = 0; i < specs.size(); i++) {
      WaveInput input = inputs.apply(i);
      WaveStatus wave = waves.get(i);
      wave.setJobProcessDetails(input.counts());
      if (i > current || phase(wave) == GatePhase.Passed || phase(wave) == GatePhase.Failed) {
        if (wave.getGate() == null) {
          wave.setGate(gate(GatePhase.Waiting, "waiting for the waves before it."));
        }
        continue;
      }
      if (wave.getStartedAt() == null) {
        wave.setStartedAt(Times.format(now));
      }
      Wave spec = specs.get(i);
      boolean promotedByUser = spec.getName().equals(promoted);
      WaveGates.Decision decision = WaveGates.judge(new WaveGates.Input(spec, input.counts(), input.filled(),
          input.lastFinishedAt(), wave.getGate(), promotedByUser, now));
      if (decision.measure()) {
        PrometheusCheck check = spec.getGate().getPrometheus();
        Measurement measurement = measurer.measure(check);
        wave.setGate(WaveGates.record(decision.gate(), check, measurement.value(), measurement.problem(), now));
        decision = WaveGates.judge(new WaveGates.Input(spec, input.counts(), input.filled(), input.lastFinishedAt(),
            wave.getGate(), promotedByUser, now));
      }
      wave.setGate(decision.gate());
      nextCheck = Times.earliest(nextCheck, decision.nextCheck());
      if (decision.phase() == GatePhase.Failed) {
        failure = "wave " + spec.getName() + ": " + decision.gate().getMessage();
      } else if (decision.phase() == GatePhase.Passed) {
        wave.setPromotedAt(Times.format(now));
        if (current < specs.size() - 1) {
          current++;
          // the next wave starts in the next round, once its things are queued
          nextCheck = now;
        }
      }
    }
    return new Round(waves, current, failure, nextCheck);
  }

  private static GatePhase phase(WaveStatus wave) {
    return wave.getGate() == null ? null : wave.getGate().getPhase();
  }

  private static WaveStatus.GateStatus gate(GatePhase phase, String message) {
    WaveStatus.GateStatus gate = new WaveStatus.GateStatus();
    gate.setPhase(phase);
    gate.setMessage(message);
    return gate;
  }

  private static WaveStatus copy(WaveStatus source, String name, int planned) {
    WaveStatus copy = new WaveStatus();
    copy.setName(name);
    copy.setTargetCount(source == null || source.getTargetCount() == null ? planned : source.getTargetCount());
    if (source != null) {
      copy.setGate(source.getGate());
      copy.setStartedAt(source.getStartedAt());
      copy.setPromotedAt(source.getPromotedAt());
    }
    return copy;
  }
}
