package dev.iotjobs.operator.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.Map;

/**
 * Makes the operator SDK's meters fit for Prometheus: its timers become histograms (so "how long do reconciles take"
 * has buckets to answer from), and each meter gets HELP text, which the SDK leaves out.
 */
public final class OperatorSdkMeters implements MeterFilter {
  private static final String PREFIX = "operator.sdk.";
  private static final Map<String, String> HELP = Map.of(
      "operator.sdk.controllers.execution.reconcile", "Reconciles run by the controllers: how long they took",
      "operator.sdk.controllers.execution.reconcile.success", "Reconciles that finished without an error",
      "operator.sdk.controllers.execution.reconcile.failure", "Reconciles that ended in an error",
      "operator.sdk.controllers.execution.cleanup", "Cleanups (deletions) run by the controllers: how long they took",
      "operator.sdk.events.received", "Kubernetes events received, by resource kind, event and action",
      "operator.sdk.events.delete", "Kubernetes delete events received, by resource kind",
      "operator.sdk.reconciliations.started", "Reconciliations started, retries included",
      "operator.sdk.reconciliations.success", "Reconciliations that succeeded",
      "operator.sdk.reconciliations.failed", "Reconciliations that failed, by exception",
      "operator.sdk.reconciliations.retries", "Reconciliations retried after a failure");

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith(PREFIX) || id.getDescription() != null) {
      return id;
    }
    return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help(id.getName()), id.getType());
  }

  private static String help(String name) {
    String known = HELP.get(name);
    if (known != null) {
      return known;
    }
    if (name.startsWith("operator.sdk.reconciliations.executions.")) {
      return "Reconciles of this controller running now";
    }
    if (name.startsWith("operator.sdk.reconciliations.queue.size.")) {
      return "Resources of this controller waiting to be reconciled";
    }
    return "Java Operator SDK meter " + name;
  }

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    return id.getType() == Meter.Type.TIMER
        ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config) : config;
  }
}
