package dev.iotjobs.kubectl;

import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.api.model.TargetSelection;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code kubectl iotjobs rerun}: a new job with the same document and settings for exactly the things whose latest
 * outcome in the old one is among the statuses asked for. The document the old job pinned is copied, so a changed
 * ConfigMap does not change what reruns; the new job is a SNAPSHOT of those things, neither canceled nor suspended.
 * Pure: built from the job, its executions and the names taken.
 */
final class RerunPlan {
  /** A jobId is a DNS-1123 label. */
  private static final int MAX_NAME = 63;

  private RerunPlan() {}

  static List<String> things(List<JobExecution> executions, Set<ExecutionStatus> statuses) {
    return executions.stream().filter(e -> statuses.contains(Executions.effectiveStatus(e).getStatus()))
        .map(e -> e.getSpec().getThingName()).sorted().toList();
  }

  static IoTJob job(IoTJob old, List<String> things, Predicate<String> nameTaken, Set<ExecutionStatus> statuses) {
    IoTJobSpec spec = Cluster.mapper().convertValue(old.getSpec(), IoTJobSpec.class);
    JobTargets targets = new JobTargets();
    targets.setThings(things);
    spec.setTargets(targets);
    spec.setTargetSelection(TargetSelection.SNAPSHOT);
    spec.setCancel(null);
    spec.setSuspend(null);
    if (old.getStatus() != null && old.getStatus().getDocument() != null) {
      spec.setDocument(old.getStatus().getDocument());
      spec.setDocumentSource(null);
    }
    spec.setDescription("Rerun of " + old.getMetadata().getName() + " for its " + things.size() + " things "
        + statuses.stream().map(Enum::name).sorted().toList());
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name(old.getMetadata().getName(), nameTaken))
        .withNamespace(old.getMetadata().getNamespace())
        .withAnnotations(Map.of("iotjobs.dev/rerun-of", old.getMetadata().getName())).build());
    job.setSpec(spec);
    return job;
  }

  /** {@code <job>-rerun}, then {@code -rerun-2}, ...: the first name not taken, cut to a DNS label. */
  static String name(String old, Predicate<String> taken) {
    for (int n = 1; ; n++) {
      String suffix = n == 1 ? "-rerun" : "-rerun-" + n;
      String base = old.length() + suffix.length() > MAX_NAME ? old.substring(0, MAX_NAME - suffix.length()) : old;
      String candidate = base.replaceAll("-+$", "") + suffix;
      if (!taken.test(candidate)) {
        return candidate;
      }
    }
  }
}
