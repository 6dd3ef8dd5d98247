package dev.iotjobs.kubectl;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.api.model.SchedulingConfig;
import dev.iotjobs.api.model.TargetSelection;
import dev.iotjobs.api.rollout.BlastRadius;
import dev.iotjobs.api.rollout.RolloutTimeline;
import dev.iotjobs.api.rollout.RolloutTimeline.Plan;
import dev.iotjobs.api.rollout.RolloutTimeline.Segment;
import dev.iotjobs.api.targets.TargetResolver.Resolution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job would do if it were applied now: the things it would target (the operator's own resolution, on the
 * fleet as it is) and when it would queue them (the operator's own pacing and schedule, run forward). Pure: the
 * command reads the fleet and hands it in.
 */
record JobPreview(String name, String namespace, TargetSelection selection, Resolution resolution,
    RolloutConfig rollout, SchedulingConfig schedule, Plan plan, boolean suspended, String existingStatus, String warning,
    Instant now, int shown, List<WaveSize> waves, String missingTemplate) {
  /** A wave of a staged rollout and how many of the targets it would hold. */
  record WaveSize(String name, int things, String promotion) {}

  /** Stretches printed before the rest are summed up. */
  static final int SEGMENTS_SHOWN = 10;

  static JobPreview of(IoTJob job, Resolution resolution, String existingStatus, Instant now, int shown) {
    return of(job, resolution, existingStatus, now, shown, List.of(), null);
  }

  /**
   * @param waveSizes the planned size of each of the job's waves, in spec order (empty without waves)
   * @param missingTemplate why the job would wait for its template, or null
   */
  static JobPreview of(IoTJob job, Resolution resolution, String existingStatus, Instant now, int shown,
      List<Integer> waveSizes, String missingTemplate) {
    IoTJobSpec spec = job.getSpec();
    // with targets missing the job waits; the timeline is for the things that exist, as if the rest never came
    Plan plan = RolloutTimeline.plan(resolution.things().size(), spec.getJobExecutionsRolloutConfig(),
        spec.getSchedulingConfig(), now);
    return new JobPreview(job.getMetadata().getName(), job.getMetadata().getNamespace(), spec.effectiveTargetSelection(),
        resolution, spec.getJobExecutionsRolloutConfig(), spec.getSchedulingConfig(), plan,
        Boolean.TRUE.equals(spec.getSuspend()), existingStatus, BlastRadius.warning(spec).orElse(null), now, shown,
        java.util.stream.IntStream.range(0, waveSizes.size()).mapToObj(i -> new WaveSize(spec.getWaves().get(i).getName(),
            waveSizes.get(i), spec.getWaves().get(i).effectivePromotion().name())).toList(), missingTemplate);
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append("IoTJob ").append(name).append(" in namespace ").append(namespace)
        .append(": a preview, nothing was created\n");
    if (existingStatus != null) {
      out.append("  note: an IoTJob of this name exists (").append(existingStatus)
          .append("); applying this changes it, it does not start another\n");
    }
    int count = resolution.things().size();
    out.append(String.format("targets   %d things now (%s%s)%n", count, selection,
        selection == TargetSelection.CONTINUOUS ? ": things that join its groups later are added as they join"
            : ": fixed when the job starts"));
    if (!resolution.groupsWalked().isEmpty()) {
      out.append("          groups walked: ").append(String.join(", ", resolution.groupsWalked())).append('\n');
    }
    if (count > 0) {
      List<String> first = resolution.things().stream().limit(shown).toList();
      out.append("          first: ").append(String.join(", ", first))
          .append(count > first.size() ? ", ... (" + first.size() + " of " + count + ")" : "").append('\n');
    }
    if (!resolution.isComplete()) {
      out.append("waits     ").append(resolution.missingMessage()).append('\n');
    } else if (count == 0 && selection == TargetSelection.SNAPSHOT) {
      out.append("waits     no thing matches the targets now; the job waits (TargetsResolved=False, NoTargets)\n");
    }
    if (missingTemplate != null) {
      out.append("waits     ").append(missingTemplate).append('\n');
    }
    out.append("rollout   ").append(describe(rollout)).append('\n');
    if (!waves.isEmpty()) {
      out.append("waves     ").append(String.join(", ", waves.stream().map(w -> w.name() + " " + w.things()
          + (w.promotion().equals("Manual") ? " (manual promotion)" : "")).toList()))
          .append("; each starts once the one before passed its gate, so the timeline below is the fastest case\n");
    }
    out.append("schedule  ").append(describe(schedule)).append('\n');
    if (warning != null) {
      out.append("warning   ").append(warning).append('\n');
    }
    if (suspended) {
      out.append("suspended spec.suspend is true: nothing is queued until it is resumed; the timeline starts then\n");
    }
    if (!plan.segments().isEmpty()) {
      out.append(rollout != null && rollout.getExponentialRate() != null
          ? "timeline  (the exponential rate at its fastest: every thing succeeds as soon as it is notified)\n"
          : "timeline\n");
      out.append(String.format("  %-24s %-24s %-10s %10s %10s%n", "FROM", "TO", "RATE", "QUEUED", "TOTAL"));
      List<Segment> segments = plan.segments();
      for (int i = 0; i < segments.size(); i++) {
        if (i == SEGMENTS_SHOWN && segments.size() > SEGMENTS_SHOWN + 1) {
          out.append(String.format("  ... %d more stretches ...%n", segments.size() - SEGMENTS_SHOWN - 1));
          i = segments.size() - 1;
        }
        Segment s = segments.get(i);
        out.append(String.format("  %-24s %-24s %-10s %10d %10d%n", s.from(), s.to(),
            s.ratePerMinute() == null ? "all" : s.ratePerMinute() + "/min", s.queued(), s.total()));
      }
    }
    if (plan.allQueuedAt() != null) {
      out.append("all queued by ").append(plan.allQueuedAt()).append(", ")
          .append(JobReport.human(Duration.between(now, plan.allQueuedAt()))).append(" from now\n");
    } else if (plan.notQueued() > 0) {
      out.append(plan.notQueued()).append(" things are never queued: ").append(plan.stoppedBecause()).append('\n');
    }
    return out.toString();
  }

  private static String describe(RolloutConfig rollout) {
    if (rollout == null || (rollout.getMaximumPerMinute() == null && rollout.getExponentialRate() == null)) {
      return "no rate: every target is queued at once";
    }
    RolloutConfig.ExponentialRate exponential = rollout.getExponentialRate();
    String cap = rollout.getMaximumPerMinute() == null ? "" : "up to " + rollout.getMaximumPerMinute() + "/min";
    if (exponential == null || exponential.getBaseRatePerMinute() == null) {
      return rollout.getMaximumPerMinute() + "/min";
    }
    List<String> every = new ArrayList<>();
    RolloutConfig.RateIncreaseCriteria criteria = exponential.getRateIncreaseCriteria();
    if (criteria != null && criteria.getNumberOfNotifiedThings() != null) {
      every.add(criteria.getNumberOfNotifiedThings() + " notified");
    }
    if (criteria != null && criteria.getNumberOfSucceededThings() != null) {
      every.add(criteria.getNumberOfSucceededThings() + " succeeded");
    }
    return exponential.getBaseRatePerMinute() + "/min, x" + exponential.getIncrementFactor() + " every "
        + String.join(" or ", every) + (cap.isEmpty() ? "" : ", " + cap);
  }

  private static String describe(SchedulingConfig schedule) {
    if (schedule == null) {
      return "none: the rollout starts at once";
    }
    List<String> parts = new ArrayList<>();
    parts.add(schedule.getStartTime() == null ? "starts at once" : "starts " + schedule.getStartTime());
    if (schedule.getMaintenanceWindows() != null) {
      for (SchedulingConfig.MaintenanceWindow window : schedule.getMaintenanceWindows()) {
        parts.add("window \"" + window.getStartTime() + "\" for " + window.getDurationInMinutes() + " min");
      }
      parts.add("time zone " + (schedule.getTimeZone() == null ? "UTC" : schedule.getTimeZone()));
    }
    if (schedule.getEndTime() != null) {
      parts.add("ends " + schedule.getEndTime());
    }
    return String.join(", ", parts);
  }

  /** The preview as data, for -o json and -o yaml. */
  Map<String, Object> data() {
    Map<String, Object> targets = new LinkedHashMap<>();
    targets.put("count", resolution.things().size());
    targets.put("targetSelection", selection);
    targets.put("first", resolution.things().stream().limit(shown).toList());
    targets.put("groupsWalked", resolution.groupsWalked());
    targets.put("missingGroups", resolution.missingGroups());
    targets.put("missingThings", resolution.missingThings());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", name);
    data.put("namespace", namespace);
    data.put("existingStatus", existingStatus);
    data.put("targets", targets);
    data.put("waitsFor", resolution.isComplete() ? null : resolution.missingMessage());
    data.put("suspended", suspended);
    data.put("warning", warning);
    data.put("waves", waves);
    data.put("waitsForTemplate", missingTemplate);
    data.put("timeline", plan.segments().stream().map(s -> {
      Map<String, Object> segment = new LinkedHashMap<>();
      segment.put("from", s.from().toString());
      segment.put("to", s.to().toString());
      segment.put("ratePerMinute", s.ratePerMinute());
      segment.put("queued", s.queued());
      segment.put("total", s.total());
      return segment;
    }).toList());
    data.put("allQueuedAt", plan.allQueuedAt() == null ? null : plan.allQueuedAt().toString());
    data.put("notQueued", plan.notQueued());
    data.put("stoppedBecause", plan.stoppedBecause());
    return data;
  }
}
