package dev.iotjobs.operator.waves;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.WaveStatus;
import dev.iotjobs.api.waves.WaveProgression;
import dev.iotjobs.operator.jobs.JobConditions;
import dev.iotjobs.operator.k8s.EventRecorder;
import java.util.List;

/** The events of a staged rollout: one per wave whose gate changes phase in a round. */
public final class WaveEvents {
  private WaveEvents() {}

  /** An event for every wave that starts soaking, waits for promotion, passes or fails its gate in this round. */
  public static void record(EventRecorder events, IoTJob job, IoTJobStatus previous, WaveProgression.Round round) {
    List<WaveStatus> before = previous == null ? null : previous.getWaves();
    for (int i = 0; i < round.waves().size(); i++) {
      WaveStatus wave = round.waves().get(i);
      WaveStatus.GatePhase was = before == null || i >= before.size() || before.get(i).getGate() == null ? null
          : before.get(i).getGate().getPhase();
      WaveStatus.GatePhase is = wave.getGate().getPhase();
      if (is == was) {
        continue;
      }
      String name = "Wave " + wave.getName() + " (" + (i + 1) + " of " + round.waves().size() + ")";
      switch (is) {
        case Soaking -> events.normal(job, "WaveSoaking", name + ": " + wave.getGate().getMessage());
        case WaitingForPromotion -> events.normal(job, JobConditions.REASON_WAITING_FOR_PROMOTION, name + ": "
            + wave.getGate().getMessage());
        case Passed -> events.normal(job, "WavePromoted", name + " passed its gate"
            + (i + 1 < round.waves().size() ? "; wave " + round.waves().get(i + 1).getName() + " starts." : "."));
        case Failed -> events.warning(job, JobConditions.REASON_WAVE_GATE_FAILED, name + " failed its gate: "
            + wave.getGate().getMessage().replaceAll("\\.?$", ".") + " The rollout stops" + (job.getSpec().getRollback() != null
            ? " and a rollback job runs on the things that executed it." : "."));
        default -> { }
      }
    }
  }
}
