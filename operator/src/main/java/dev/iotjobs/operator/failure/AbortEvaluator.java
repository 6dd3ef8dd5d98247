package dev.iotjobs.operator.failure;

import dev.iotjobs.api.model.AbortConfig;
import dev.iotjobs.api.model.AbortConfig.AbortCriteria;
import dev.iotjobs.api.model.JobProcessDetails;
import java.util.Locale;
import java.util.Optional;

/**
 * Abort criteria (reference §2.7, decisions Q1–Q2): in list order, a criterion is evaluated once
 * minNumberOfExecutedThings things have an outcome (SUCCEEDED, FAILED, REJECTED or TIMED_OUT; canceled and removed
 * things executed nothing), and matches when the share of its failure type among them reaches thresholdPercentage.
 * Things are counted by their current execution, so a thing that is retried counts once, by its latest outcome.
 */
public final class AbortEvaluator {
  private AbortEvaluator() {}

  public record Abort(AbortCriteria criterion, double sharePercent, long executed) {
    /** The comment recorded on the job, e.g. "FAILED 12.5% >= 10% after 24 executed". */
    public String comment() {
      return String.format(Locale.ROOT, "%s %s%% >= %s%% after %d executed", criterion.getFailureType(),
          percent(sharePercent), percent(criterion.getThresholdPercentage()), executed);
    }

    private static String percent(double value) {
      String text = String.format(Locale.ROOT, "%.2f", value);
      return text.replaceAll("\\.?0+$", "");
    }
  }

  public static Optional<Abort> evaluate(AbortConfig config, JobProcessDetails counters) {
    if (config == null || config.getCriteriaList() == null) {
      return Optional.empty();
    }
    long executed = (long) counters.getNumberOfSucceededThings() + counters.getNumberOfFailedThings()
        + counters.getNumberOfRejectedThings() + counters.getNumberOfTimedOutThings();
    for (AbortCriteria criterion : config.getCriteriaList()) {
      if (executed == 0 || executed < criterion.getMinNumberOfExecutedThings()) {
        continue;
      }
      long failures = switch (criterion.getFailureType()) {
        case FAILED -> counters.getNumberOfFailedThings();
        case REJECTED -> counters.getNumberOfRejectedThings();
        case TIMED_OUT -> counters.getNumberOfTimedOutThings();
        case ALL -> (long) counters.getNumberOfFailedThings() + counters.getNumberOfRejectedThings()
            + counters.getNumberOfTimedOutThings();
      };
      double share = failures * 100.0 / executed;
      if (share >= criterion.getThresholdPercentage() - 1e-9) {
        return Optional.of(new Abort(criterion, share, executed));
      }
    }
    return Optional.empty();
  }
}
