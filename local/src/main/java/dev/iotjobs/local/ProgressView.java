package dev.iotjobs.local;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobProcessDetails;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * One line per job, sorted by name: its status as the API reports it, a bar of terminal executions and the counters,
 * cut to the terminal's width so nothing wraps. On a terminal JLine's {@link Display} redraws the lines in place (a
 * deleted job's line goes away); otherwise (a pipe, a log) a job's line is printed only when it changes.
 */
public class ProgressView {
  private final PrintStream out;
  private final Terminal terminal;
  private final Display display;
  private final Clock clock;
  private final Map<String, Sample> last = new HashMap<>();
  private final Map<String, String> printed = new HashMap<>();

  private record Sample(Instant at, int terminal, double ratePerMinute) {}

  /** A view that prints changed lines to a stream: for pipes and logs. */
  public ProgressView(PrintStream out, Clock clock) {
    this(out, null, clock);
  }

  /** A view redrawn in place on a terminal, or printed line by line when terminal is null. */
  public ProgressView(PrintStream out, Terminal terminal, Clock clock) {
    this.out = out;
    this.terminal = terminal;
    this.display = terminal == null ? null : new Display(terminal, false);
    this.clock = clock;
  }

  public synchronized void render(List<IoTJob> jobs) {
    List<IoTJob> sorted = jobs.stream().sorted(Comparator.comparing((IoTJob j) -> j.getMetadata().getNamespace())
        .thenComparing(j -> j.getMetadata().getName())).toList();
    if (display != null) {
      int width = Math.max(20, terminal.getWidth());
      display.resize(Math.max(1, terminal.getHeight()), width);
      // one column spare: a line that fills the last column makes some terminals wrap
      display.update(sorted.stream().map(job -> new AttributedString(line(job, width - 1))).toList(), -1);
      terminal.flush();
      return;
    }
    Set<String> present = new HashSet<>();
    for (IoTJob job : sorted) {
      String key = key(job);
      present.add(key);
      String line = line(job, Integer.MAX_VALUE);
      if (!line.equals(printed.put(key, line))) {
        out.println(line);
      }
    }
    for (String gone : new HashSet<>(printed.keySet())) {
      if (!present.contains(gone)) {
        printed.remove(gone);
        out.println(gone.substring(gone.indexOf('/') + 1) + " deleted");
      }
    }
    out.flush();
  }

  private static String key(IoTJob job) {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }

  /**
   * A job's line, at most width characters: name, status, bar and done/targets always; then as many counters as
   * fit, most telling first.
   */
  String line(IoTJob job, int width) {
    JobProcessDetails c = IoTJobStatus.of(job).counters();
    int targets = IoTJobStatus.of(job).targets();
    int terminalCount = c.terminal();
    int bar = width >= 120 ? 30 : 10;
    int filled = targets == 0 ? 0 : (int) Math.round((double) bar * terminalCount / targets);
    String status = job.getStatus() == null || job.getStatus().getStatus() == null ? "PENDING"
        : job.getStatus().getStatus().name();
    boolean narrow = width < 120;
    StringBuilder line = new StringBuilder(String.format("%-22s %-11s [%s%s] %d/%d", fit(job.getMetadata().getName(), 22),
        status, "#".repeat(filled), "-".repeat(bar - filled), terminalCount, targets));
    String[] details = {
        (narrow ? "ok " : "succeeded ") + c.getNumberOfSucceededThings(), "failed " + c.getNumberOfFailedThings(),
        (narrow ? "running " : "in progress ") + c.getNumberOfInProgressThings(), "queued " + c.getNumberOfQueuedThings(),
        "rejected " + c.getNumberOfRejectedThings(), "timed out " + c.getNumberOfTimedOutThings(),
        "canceled " + c.getNumberOfCanceledThings(),
        String.format("%.0f/min", rate(key(job), terminalCount))};
    String separator = " ";
    for (String detail : details) {
      if (line.length() + separator.length() + detail.length() > width) {
        break;
      }
      line.append(separator).append(detail);
      separator = ", ";
    }
    return line.length() > width ? line.substring(0, width) : line.toString();
  }

  private static String fit(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "~";
  }

  /** Executions finished per minute, smoothed over the last few seconds. */
  private double rate(String job, int terminalCount) {
    Instant now = clock.instant();
    Sample previous = last.get(job);
    if (previous == null) {
      last.put(job, new Sample(now, terminalCount, 0));
      return 0;
    }
    Duration elapsed = Duration.between(previous.at(), now);
    if (elapsed.toMillis() < 2000) {
      return previous.ratePerMinute();
    }
    double rate = (terminalCount - previous.terminal()) * 60_000.0 / elapsed.toMillis();
    last.put(job, new Sample(now, terminalCount, rate));
    return rate;
  }
}
