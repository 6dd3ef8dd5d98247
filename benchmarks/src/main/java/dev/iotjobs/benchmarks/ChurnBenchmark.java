package dev.iotjobs.benchmarks;

import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.TargetSelection;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.targets.IndexedFleet;
import dev.iotjobs.api.targets.TargetResolver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CONTINUOUS job under churn, in the engine: a fleet of N things of which 10% leave and 10% new ones join every
 * minute, at an even pace. Simulated time: a change wakes the job; a reconcile that starts takes in every change
 * that came before it and costs what the operator's own code (target resolution through the nested groups, the
 * rollout plan, the status aggregation) takes to run on the fleet as it is then, measured; a thing that joined gets
 * its execution when the reconcile that took it in ends, and a change during a reconcile waits for the next one, as
 * JOSDK coalesces events. The lag from a thing's join to its execution is reported; the API writes the executions
 * cost are not in it (the end-to-end figures have them).
 */
final class ChurnBenchmark {
  private ChurnBenchmark() {}

  record Result(int things, int joins, int reconciles, double p50Ms, double p99Ms, double maxMs, double simulatedS) {}

  private record Change(double atMs, String thing, boolean join) {}

  static Result run(int things, int minutes) {
    IndexedFleet fleet = EngineBenchmark.fleet(things);
    IoTJob job = EngineBenchmark.job();
    job.getSpec().setTargetSelection(TargetSelection.CONTINUOUS);
    job.getSpec().setJobExecutionsRolloutConfig(null); // joiners go at once: 10% a minute is above any sane cap
    List<JobExecution> executions = new ArrayList<>(
        EngineBenchmark.executions(TargetResolver.resolve("bench", job.getSpec().getTargets(), fleet), things));
    Set<String> executed = new HashSet<>();
    executions.forEach(e -> executed.add(e.getSpec().getThingName()));

    int perMinute = things / 10;
    ArrayDeque<Change> changes = new ArrayDeque<>();
    double interval = 60_000.0 / perMinute;
    for (int i = 0; i < perMinute * minutes; i++) {
      changes.add(new Change(i * interval, String.format("joiner-%07d", i), true));
      changes.add(new Change(i * interval + interval / 2, String.format("device-%06d", i), false));
    }
    List<Long> lagNanos = new ArrayList<>();
    double clock = 0;
    int reconciles = 0;
    while (!changes.isEmpty()) {
      clock = Math.max(clock, changes.peekFirst().atMs());
      List<Change> takenIn = new ArrayList<>();
      while (!changes.isEmpty() && changes.peekFirst().atMs() <= clock) {
        Change change = changes.pollFirst();
        if (change.join()) {
          fleet.add(thing(change.thing()));
        } else {
          fleet.remove(change.thing());
        }
        takenIn.add(change);
      }
      long start = System.nanoTime();
      TargetResolver.Resolution resolution = TargetResolver.resolve("bench", job.getSpec().getTargets(), fleet);
      EngineBenchmark.plan(resolution, executions, job);
      List<String> queued = new ArrayList<>();
      for (String thing : resolution.things()) {
        if (!executed.contains(thing)) {
          queued.add(thing);
        }
      }
      for (String thing : queued) {
        executed.add(thing);
        executions.add(execution(thing));
      }
      EngineBenchmark.aggregate(job, executions, resolution);
      clock += (System.nanoTime() - start) / 1e6;
      reconciles++;
      for (Change change : takenIn) {
        if (change.join()) {
          if (!executed.contains(change.thing())) {
            throw new IllegalStateException(change.thing() + " joined and got no execution");
          }
          lagNanos.add((long) ((clock - change.atMs()) * 1e6));
        }
      }
    }
    Latencies lag = Latencies.ofNanos(lagNanos);
    return new Result(things, lag.count(), reconciles, lag.p50Ms(), lag.p99Ms(), lag.maxMs(), clock / 1000);
  }

  private static Thing thing(String name) {
    return BenchmarkResources.thing("bench", name, Map.of("site", "site-" + (name.hashCode() & 0xffff) % 20,
        "model", "t1000"));
  }

  private static JobExecution execution(String thing) {
    JobExecution execution = BenchmarkResources.execution("bench", "fw", thing);
    execution.setStatus(ExecutionStateMachine.queued(EngineBenchmark.NOW));
    return execution;
  }
}
