package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.model.JobExecution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The executions the operator wrote (created, canceled, timed out) that the informer has not delivered yet, per job:
 * laid over the informer's copies, so that a reconcile right after a write decides on what was written (and does not,
 * for one, create an execution again). An entry goes when the informer delivers that version or a later one.
 */
final class UnseenWrites {
  private final Map<String, Map<String, JobExecution>> byJob = new ConcurrentHashMap<>();
  private final Function<JobExecution, List<String>> jobKeys;

  /** jobKeys: the keys of the jobs that own an execution. */
  UnseenWrites(Function<JobExecution, List<String>> jobKeys) {
    this.jobKeys = jobKeys;
  }

  /** A write of ours. */
  void written(JobExecution written) {
    for (String key : jobKeys.apply(written)) {
      byJob.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(written.name(), written);
    }
  }

  /** The informer holds this version now (or no version, once deleted): a write of ours it covers is dropped. */
  void delivered(JobExecution execution, boolean deleted) {
    if (byJob.isEmpty()) {
      return; // the usual case, on every watch event: no owners looked up
    }
    String name = execution.name();
    for (String key : jobKeys.apply(execution)) {
      byJob.computeIfPresent(key, (k, unseen) -> {
        unseen.computeIfPresent(name, (n, ours) -> deleted || !olderThan(execution, ours) ? null : ours);
        return unseen.isEmpty() ? null : unseen;
      });
    }
  }

  /** The informer's executions of a job, each replaced by a write of ours unless that is older, and ours it lacks. */
  List<JobExecution> over(String jobKey, List<JobExecution> cached) {
    Map<String, JobExecution> unseen = byJob.get(jobKey);
    if (unseen == null || unseen.isEmpty()) {
      return cached;
    }
    Map<String, JobExecution> written = new HashMap<>(unseen);
    List<JobExecution> merged = new ArrayList<>(cached.size() + written.size());
    for (JobExecution execution : cached) {
      JobExecution ours = written.remove(execution.name());
      merged.add(ours != null && !olderThan(ours, execution) ? ours : execution);
    }
    merged.addAll(written.values()); // created, not delivered yet
    return merged;
  }

  /** Whether a is an older version than b; versions that are not numbers are taken as equal. */
  static boolean olderThan(JobExecution a, JobExecution b) {
    try {
      return Long.parseLong(a.resourceVersion()) < Long.parseLong(b.resourceVersion());
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
