package dev.iotjobs.kubectl;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.api.model.WaveStatus;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "promote", description = "Let a staged rollout go on to its next wave: the current wave (or --wave)"
    + " starts the next once its gate passed, with promotion Manual.")
class PromoteCommand extends JobCommand {
  @Option(names = "--wave", paramLabel = "NAME", description = "the wave to promote, default the current one")
  String wave;

  @Override
  public Integer call() {
    Cluster cluster = root.cluster();
    IoTJob found = cluster.get(Cluster.JOBS, job).as(IoTJob.class)
        .orElseThrow(() -> Problems.noJob(job, cluster.namespace()));
    List<Wave> waves = found.getSpec().getWaves();
    if (waves == null || waves.isEmpty()) {
      throw new IllegalArgumentException("iotjob " + job + " has no waves: there is nothing to promote");
    }
    String name = wave != null ? wave : currentWave(found);
    if (waves.stream().noneMatch(w -> w.getName().equals(name))) {
      throw new IllegalArgumentException("iotjob " + job + " has no wave " + name + "; its waves are "
          + waves.stream().map(Wave::getName).toList());
    }
    Jobs.patch(cluster, job, "{\"metadata\":{\"annotations\":{\"" + Wave.PROMOTE_ANNOTATION + "\":\"" + name + "\"}}}");
    WaveStatus.GatePhase phase = phase(found, name);
    out().println("iotjob.iotjobs.dev/" + job + " wave " + name + " promoted" + (phase == WaveStatus.GatePhase.WaitingForPromotion
        ? ": the next wave starts now" : ": the next wave starts once its gate passes"));
    return 0;
  }

  private static String currentWave(IoTJob job) {
    String current = job.getStatus() == null ? null : job.getStatus().getCurrentWave();
    return current != null ? current : job.getSpec().getWaves().get(0).getName();
  }

  private static WaveStatus.GatePhase phase(IoTJob job, String wave) {
    if (job.getStatus() == null || job.getStatus().getWaves() == null) {
      return null;
    }
    return job.getStatus().getWaves().stream().filter(w -> wave.equals(w.getName()) && w.getGate() != null)
        .map(w -> w.getGate().getPhase()).findFirst().orElse(null);
  }
}
