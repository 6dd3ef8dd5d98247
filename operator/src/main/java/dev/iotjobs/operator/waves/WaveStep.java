package dev.iotjobs.operator.waves;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.RetryConfig;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.api.targets.FleetView;
import dev.iotjobs.api.targets.TargetResolver.Resolution;
import dev.iotjobs.api.waves.WaveOrder;
import dev.iotjobs.api.waves.WavePlan;
import dev.iotjobs.api.waves.WaveProgression;
import dev.iotjobs.api.waves.WaveProgression.Round;
import dev.iotjobs.api.waves.WaveProgression.WaveInput;
import dev.iotjobs.operator.failure.RetryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The staged-rollout part of a job's round: which things the rollout may queue now (the current wave's), and, once
 * the round's writes are done, how the waves stand ({@link WaveProgression}). The plan and the order of things are
 * kept in memory while the job runs; both are recomputed the same from the pinned targets after a restart, and the
 * wave statuses hold the rest.
 */
public class WaveStep {
  private final FleetView fleet;
  private final WaveProgression.Measurer prometheus;
  private final Map<String, Plan> plans = new ConcurrentHashMap<>();

  public WaveStep(FleetView fleet, WaveProgression.Measurer prometheus) {
    this.fleet = fleet;
    this.prometheus = prometheus;
  }

  /** The targets in wave order and each wave's planned size, for one resolution of the job's targets. */
  private record Plan(Resolution resolution, List<String> ordered, List<Integer> sizes, WavePlan.Membership membership) {}

  public static boolean applies(IoTJob job) {
    return job.getSpec().getWaves() != null && !job.getSpec().getWaves().isEmpty();
  }

  /** The wave being rolled out, by index: the one named in status, or the first. */
  public static int currentIndex(IoTJob job, IoTJobStatus status) {
    List<Wave> waves = job.getSpec().getWaves();
    if (status != null && status.getCurrentWave() != null) {
      for (int i = 0; i < waves.size(); i++) {
        if (waves.get(i).getName().equals(status.getCurrentWave())) {
          return i;
        }
      }
    }
    return 0;
  }

  /**
   * The things the rollout may queue now: those of the current wave without an execution, in wave order. A wave
   * whose gate has not passed keeps every later wave's things waiting.
   */
  public List<String> queueable(IoTJob job, IoTJobStatus status, Resolution resolution, List<JobExecution> executions,
      Set<String> existing) {
    Plan plan = plan(job, status, resolution);
    // a failed gate cancels the job in the same status write, so a canceled job never gets here
    return room(job, plan, currentIndex(job, status), queuedPerWave(executions), existing, Integer.MAX_VALUE);
  }

  /** The current wave's things still to queue: its planned size less those it has, or every target left for the last. */
  private List<String> room(IoTJob job, Plan plan, int index, Map<String, Integer> queuedPerWave, Set<String> existing,
      int atMost) {
    List<Wave> waves = job.getSpec().getWaves();
    boolean last = index == waves.size() - 1;
    int queued = queuedPerWave.getOrDefault(waves.get(index).getName(), 0);
    int room = last ? Integer.MAX_VALUE : Math.max(0, plan.sizes().get(index) - queued);
    return WavePlan.pick(waves.get(index), last, plan.ordered(), existing::contains, Math.min(room, atMost),
        plan.membership());
  }

  /** Executions per wave, by the label each got when it was queued. */
  private static Map<String, Integer> queuedPerWave(List<JobExecution> executions) {
    Map<String, Integer> sizes = new HashMap<>();
    for (JobExecution execution : executions) {
      String wave = Executions.waveOf(execution);
      if (wave != null) {
        sizes.merge(wave, 1, Integer::sum);
      }
    }
    return sizes;
  }

  /**
   * The waves after this round's writes: each wave's counters (an attempt waiting for a retry counts as queued), whether
   * all its things are queued, its last outcome; then gates judged and waves promoted.
   */
  public Round advance(IoTJob job, IoTJobStatus previous, List<JobExecution> executions, Resolution resolution,
      Set<String> existing, Instant now) {
    List<Wave> waves = job.getSpec().getWaves();
    Plan plan = plan(job, previous, resolution);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < waves.size(); i++) {
      index.put(waves.get(i).getName(), i);
    }
    List<JobProcessDetails> counts = new ArrayList<>();
    Instant[] lastFinished = new Instant[waves.size()];
    waves.forEach(w -> counts.add(new JobProcessDetails()));
    Map<String, Integer> sizes = new HashMap<>();
    RetryConfig retry = job.getSpec().getJobExecutionsRetryConfig();
    for (JobExecution execution : executions) {
      String wave = Executions.waveOf(execution);
      Integer i = wave == null ? null : index.get(wave);
      if (i == null) {
        continue;
      }
      sizes.merge(wave, 1, Integer::sum);
      JobExecutionStatus status = Executions.effectiveStatus(execution);
      boolean retrying = RetryPolicy.shouldRetry(retry, status);
      counts.get(i).count(retrying ? ExecutionStatus.QUEUED : status.getStatus());
      if (status.getStatus().isTerminal() && !retrying) {
        lastFinished[i] = Times.latest(lastFinished[i], Times.parse(status.getLastUpdatedAt()));
      }
    }
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String promoted = annotations == null ? null : annotations.get(Wave.PROMOTE_ANNOTATION);
    return WaveProgression.advance(waves, previous == null ? null : previous.getWaves(), plan.sizes(),
        i -> new WaveInput(counts.get(i), room(job, plan, i, sizes, existing, 1).isEmpty(), lastFinished[i]), promoted,
        prometheus, now);
  }

  /** The plan of the job's current targets, made once per resolution. */
  private Plan plan(IoTJob job, IoTJobStatus status, Resolution resolution) {
    String uid = job.getMetadata().getUid();
    Plan known = plans.get(uid);
    if (known != null && known.resolution() == resolution) {
      return known;
    }
    List<Wave> waves = job.getSpec().getWaves();
    WavePlan.Membership membership = WavePlan.of(job.getMetadata().getNamespace(), waves, fleet);
    List<String> ordered = WaveOrder.of(uid, resolution.things());
    List<Integer> sizes;
    if (status != null && status.getWaves() != null && status.getWaves().size() == waves.size()) {
      // planned at start: later changes of the fleet do not move things between waves
      sizes = status.getWaves().stream().map(w -> w.getTargetCount() == null ? 0 : w.getTargetCount()).toList();
    } else {
      sizes = WavePlan.sizes(waves, ordered, membership);
    }
    Plan plan = new Plan(resolution, ordered, sizes, membership);
    plans.put(uid, plan);
    return plan;
  }

  public void forget(IoTJob job) {
    plans.remove(job.getMetadata().getUid());
  }
}
