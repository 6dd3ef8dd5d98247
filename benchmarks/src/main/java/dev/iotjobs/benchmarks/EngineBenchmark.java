package dev.iotjobs.benchmarks;

import dev.iotjobs.api.execution.DeviceUpdate;
import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.api.model.ThingGroupSpec;
import dev.iotjobs.api.targets.IndexedFleet;
import dev.iotjobs.operator.jobs.JobFacts;
import dev.iotjobs.operator.jobs.JobStatusPlanner;
import dev.iotjobs.api.targets.TargetResolver;
import dev.iotjobs.api.rollout.RolloutPacer;
import dev.iotjobs.api.rollout.RolloutRate;
import dev.iotjobs.api.schedule.ScheduleState;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's engine at fleet scale, without I/O: target resolution through nested label-selected groups, the
 * rollout plan (who is still to be queued, at what rate), status aggregation over every execution, and the heap the
 * executions of one job take in the cache. Goals (issue #9): under 1 s in all at 100,000 things, at most 512 MiB,
 * and linear growth from 10,000 to 100,000. Quick mode runs small sizes as a smoke test.
 */
public final class EngineBenchmark {
  private static final int ROUNDS = 5;
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private EngineBenchmark() {}

  record Figures(int things, double resolveMs, double planMs, double aggregateMs, double heapMiB) {
    double totalMs() {
      return resolveMs + planMs + aggregateMs;
    }
  }

  /** Measures at two sizes ten times apart and reports them against the goals. */
  static void run(boolean quick, Report report) {
    int[] sizes = quick ? new int[] {1_000, 10_000} : new int[] {10_000, 100_000, 1_000_000};
    List<Figures> results = new ArrayList<>();
    for (int size : sizes) {
      results.add(measure(size));
    }
    report.line("| things | resolve targets ms | plan rollout ms | aggregate status ms | total ms | executions heap MiB |");
    report.line("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Figures f : results) {
      report.line("| %,d | %.1f | %.1f | %.1f | %.1f | %.1f |", f.things(), f.resolveMs(), f.planMs(), f.aggregateMs(),
          f.totalMs(), f.heapMiB());
    }
    Figures goal = results.get(1);
    report.line("");
    report.line("- Goal: under 1 s in all at %,d things → %.1f ms, **%.2f** of the limit.", goal.things(),
        goal.totalMs(), goal.totalMs() / 1000);
    report.line("- Goal: at most 512 MiB with %,d executions cached → %.1f MiB, **%.2f** of the limit.", goal.things(),
        goal.heapMiB(), goal.heapMiB() / 512);
    for (int i = 1; i < results.size(); i++) {
      Figures small = results.get(i - 1);
      Figures large = results.get(i);
      double sizeRatio = (double) large.things() / small.things();
      report.line("- Growth from %,d to %,d (×%.0f things): time ×%.1f, heap ×%.1f (linear = ×%.0f).", small.things(),
          large.things(), sizeRatio, large.totalMs() / small.totalMs(), large.heapMiB() / small.heapMiB(), sizeRatio);
    }
  }

  static Figures measure(int size) {
    IndexedFleet fleet = fleet(size);
    IoTJob job = job();
    double resolve = median(() -> TargetResolver.resolve("bench", job.getSpec().getTargets(), fleet));
    TargetResolver.Resolution resolution = TargetResolver.resolve("bench", job.getSpec().getTargets(), fleet);
    if (resolution.things().size() != size) {
      throw new IllegalStateException("resolved " + resolution.things().size() + " of " + size);
    }
    List<JobExecution> executions = executions(resolution, size);
    List<JobExecution> firstHalf = executions.subList(0, size / 2);
    double plan = median(() -> plan(resolution, firstHalf, job));
    double aggregate = median(() -> aggregate(job, executions, resolution));
    // retained size: the heap with the executions reachable, less the heap once they are not
    long with = usedHeap();
    executions.clear();
    long without = usedHeap();
    double heapMiB = (with - without) / (1024.0 * 1024.0);
    return new Figures(size, resolve, plan, aggregate, heapMiB);
  }

  /** What a reconcile does to plan the rollout: which targets still lack an execution, and may one go now. */
  static Object plan(TargetResolver.Resolution resolution, List<JobExecution> existing, IoTJob job) {
    Set<String> have = new HashSet<>(existing.size() * 2);
    existing.forEach(e -> have.add(e.getSpec().getThingName()));
    int pending = 0;
    for (String thing : resolution.things()) {
      if (!have.contains(thing)) {
        pending++;
      }
    }
    RolloutRate rate = RolloutRate.of(job.getSpec().getJobExecutionsRolloutConfig(), existing.size(), existing.size() / 2);
    return RolloutPacer.decide(rate, NOW.minusSeconds(1), NOW).allowed() + pending;
  }

  /** What a reconcile does to write the status: count every execution and decide the next status. */
  static Object aggregate(IoTJob job, List<JobExecution> executions, TargetResolver.Resolution resolution) {
    JobProcessDetails counters = new JobProcessDetails();
    executions.forEach(e -> counters.count(Executions.statusOf(e)));
    return JobStatusPlanner.next(job, null, new JobFacts(resolution, counters, ScheduleState.at(null, NOW), null, null,
        RolloutRate.unlimited()), NOW);
  }

  private static double median(java.util.function.Supplier<Object> work) {
    double[] times = new double[ROUNDS];
    Object sink = null;
    work.get();
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      sink = work.get();
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    if (sink == null) {
      throw new IllegalStateException("no result");
    }
    Arrays.sort(times);
    return times[ROUNDS / 2];
  }

  static IndexedFleet fleet(int size) {
    IndexedFleet fleet = new IndexedFleet();
    for (int i = 0; i < size; i++) {
      Thing thing = new Thing();
      thing.setMetadata(new ObjectMetaBuilder().withName(String.format("device-%06d", i)).withNamespace("bench")
          .withLabels(Map.of("site", "site-" + (i % 20), "model", i % 2 == 0 ? "t1000" : "t2000")).build());
      fleet.add(thing);
    }
    fleet.add(group("all", null, null));
    for (int site = 0; site < 20; site++) {
      fleet.add(group("site-" + site, "all", "site-" + site));
    }
    return fleet;
  }

  static ThingGroup group(String name, String parent, String site) {
    ThingGroup group = new ThingGroup();
    group.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("bench").build());
    ThingGroupSpec spec = new ThingGroupSpec();
    spec.setParentGroup(parent);
    if (site != null) {
      spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("site", site)).build());
    }
    group.setSpec(spec);
    return group;
  }

  static IoTJob job() {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName("fw").withNamespace("bench").withGeneration(1L).build());
    IoTJobSpec spec = new IoTJobSpec();
    JobTargets targets = new JobTargets();
    targets.setThingGroups(List.of("all"));
    spec.setTargets(targets);
    RolloutConfig rollout = new RolloutConfig();
    rollout.setMaximumPerMinute(1000L);
    spec.setJobExecutionsRolloutConfig(rollout);
    job.setSpec(spec);
    return job;
  }

  /** The executions the operator's cache holds for the job: every fourth one in progress, half done. */
  static List<JobExecution> executions(TargetResolver.Resolution resolution, int size) {
    List<JobExecution> executions = new ArrayList<>(size);
    int i = 0;
    for (String thing : resolution.things()) {
      JobExecution execution = new JobExecution();
      execution.setMetadata(new ObjectMetaBuilder().withName(Executions.name("fw", thing)).withNamespace("bench")
          .withLabels(Executions.labels("fw", thing)).withResourceVersion(String.valueOf(1000 + i))
          .withUid("uid-" + i).withCreationTimestamp("2026-11-27T12:00:00Z").build());
      JobExecutionSpec spec = new JobExecutionSpec();
      spec.setJobId("fw");
      spec.setThingName(thing);
      execution.setSpec(spec);
      var status = ExecutionStateMachine.queued(NOW);
      if (i % 4 == 1) {
        status = ExecutionStateMachine.deviceUpdate(status, new DeviceUpdate(ExecutionStatus.IN_PROGRESS,
            Map.of("step", "downloading"), null, 30L), null, NOW).next();
      } else if (i % 2 == 0) {
        status = ExecutionStateMachine.deviceUpdate(status, DeviceUpdate.of(ExecutionStatus.SUCCEEDED), null, NOW).next();
      }
      execution.setStatus(status);
      executions.add(execution);
      i++;
    }
    return executions;
  }

  private static long usedHeap() {
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
