package dev.iotjobs.local;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What local mode says when it exits, and the exit status a script can rely on: 0 only when there were jobs and every
 * one COMPLETED with no failed, rejected or timed-out execution; 1 otherwise.
 */
public record RunSummary(List<String> lines, int exitStatus) {

  public static RunSummary of(List<IoTJob> jobs) {
    List<String> lines = new ArrayList<>();
    boolean clean = !jobs.isEmpty();
    for (IoTJob job : jobs.stream().sorted(Comparator.comparing((IoTJob j) -> j.getMetadata().getName())).toList()) {
      JobStatus status = job.getStatus() == null ? null : job.getStatus().getStatus();
      JobProcessDetails c = IoTJobStatus.of(job).counters();
      int targets = IoTJobStatus.of(job).targets();
      boolean unclean = c.getNumberOfFailedThings() + c.getNumberOfRejectedThings() + c.getNumberOfTimedOutThings() > 0;
      clean &= status == JobStatus.COMPLETED && !unclean;
      // two short lines per job: a summary is read on 80-column terminals too
      lines.add(String.format("  %s %s", job.getMetadata().getName(), status == null ? "PENDING" : status.name()));
      lines.add(String.format("    %d targets: %d succeeded, %d failed, %d rejected, %d timed out, %d canceled", targets,
          c.getNumberOfSucceededThings(), c.getNumberOfFailedThings(), c.getNumberOfRejectedThings(),
          c.getNumberOfTimedOutThings(), c.getNumberOfCanceledThings()));
      if (c.getNumberOfInProgressThings() + c.getNumberOfQueuedThings() > 0) {
        lines.add(String.format("    still %d in progress, %d queued", c.getNumberOfInProgressThings(),
            c.getNumberOfQueuedThings()));
      }
    }
    lines.add(0, "local mode summary: " + jobs.size() + (jobs.size() == 1 ? " job" : " jobs"));
    lines.add(clean ? "exit status 0: every job COMPLETED; none failed, was rejected or timed out"
        : jobs.isEmpty() ? "exit status 1: there was no job"
        : "exit status 1: a job did not complete, or executions failed/rejected/timed out");
    return new RunSummary(List.copyOf(lines), clean ? 0 : 1);
  }

  public String text() {
    return String.join(System.lineSeparator(), lines);
  }
}
