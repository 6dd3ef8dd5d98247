package dev.iotjobs.local;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobProcessDetails;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One line per job: a bar of terminal executions, the counters and the rate at which executions finish. On a
 * terminal the lines are redrawn in place; otherwise (a pipe, a log) a line is printed only when it changes.
 */
public class ProgressView {
  private static final int BAR = 30;
  private final PrintStream out;
  private final boolean interactive;
  private final Clock clock;
  private final Map<String, Sample> last = new HashMap<>();
  private final Map<String, String> printed = new HashMap<>();
  private int linesDrawn;

  private record Sample(Instant at, int terminal, double ratePerMinute) {}

  public ProgressView(PrintStream out, boolean interactive, Clock clock) {
    this.out = out;
    this.interactive = interactive;
    this.clock = clock;
  }

  public void render(List<IoTJob> jobs) {
    if (interactive && linesDrawn > 0) {
      out.print("\033[" + linesDrawn + "F");
    }
    int drawn = 0;
    for (IoTJob job : jobs) {
      String line = line(job);
      if (interactive) {
        out.print("\033[2K" + line + "\n");
        drawn++;
      } else if (!line.equals(printed.put(job.getMetadata().getName(), line))) {
        out.println(line);
      }
    }
    linesDrawn = drawn;
    out.flush();
  }

  String line(IoTJob job) {
    JobProcessDetails c = job.getStatus() == null || job.getStatus().getJobProcessDetails() == null
        ? new JobProcessDetails() : job.getStatus().getJobProcessDetails();
    int targets = job.getStatus() == null || job.getStatus().getTargetCount() == null ? 0 : job.getStatus().getTargetCount();
    int terminal = c.terminal();
    int filled = targets == 0 ? 0 : (int) Math.round((double) BAR * terminal / targets);
    String status = job.getStatus() == null || job.getStatus().getStatus() == null ? "PENDING"
        : job.getStatus().getStatus().name();
    return String.format("%-24s [%s%s] %5d/%-5d queued %d, in progress %d, succeeded %d, failed %d, rejected %d,"
            + " timed out %d, canceled %d  %.0f/min  %s",
        job.getMetadata().getName(), "#".repeat(filled), "-".repeat(BAR - filled), terminal, targets,
        c.getNumberOfQueuedThings(), c.getNumberOfInProgressThings(), c.getNumberOfSucceededThings(),
        c.getNumberOfFailedThings(), c.getNumberOfRejectedThings(), c.getNumberOfTimedOutThings(),
        c.getNumberOfCanceledThings(), rate(job.getMetadata().getName(), terminal), status);
  }

  /** Executions finished per minute, smoothed over the last few seconds. */
  private double rate(String job, int terminal) {
    Instant now = clock.instant();
    Sample previous = last.get(job);
    if (previous == null) {
      last.put(job, new Sample(now, terminal, 0));
      return 0;
    }
    Duration elapsed = Duration.between(previous.at(), now);
    if (elapsed.toMillis() < 2000) {
      return previous.ratePerMinute();
    }
    double rate = (terminal - previous.terminal()) * 60_000.0 / elapsed.toMillis();
    last.put(job, new Sample(now, terminal, rate));
    return rate;
  }
}
