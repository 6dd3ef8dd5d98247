package dev.iotjobs.operator;

import dev.iotjobs.operator.groups.FleetCache;
import dev.iotjobs.operator.groups.ThingGroupReconciler;
import dev.iotjobs.operator.groups.ThingNameGuard;
import dev.iotjobs.operator.jobs.IoTJobReconciler;
import dev.iotjobs.operator.k8s.EventRecorder;
import dev.iotjobs.operator.metrics.JobMetrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator assembled: one fleet cache, the reconcilers, and the JOSDK runtime configured for one code path. */
public class IoTJobsOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IoTJobsOperator.class);
  private final FleetCache fleet;
  private final ThingNameGuard nameGuard;
  private final Operator operator;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public IoTJobsOperator(KubernetesClient client, OperatorSettings settings, Clock clock) {
    this.fleet = new FleetCache(client, settings.namespaces(), clock);
    EventRecorder events = new EventRecorder(client, clock);
    this.operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics))
          .withCloseClientOnStop(false)
          // no server-side apply: the same code path must work on the Fabric8 mock server, which refuses it
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withReconciliationTerminationTimeout(settings.shutdownGrace());
      if (settings.leaderElection()) {
        OperatorSettings.Lease lease = settings.lease();
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(lease.name(), lease.namespace(),
            lease.duration(), lease.renewDeadline(), lease.retryPeriod(), lease.identity(), null,
            settings.exitOnLostLeadership()));
      }
    });
    this.nameGuard = new ThingNameGuard(client, fleet, events, clock);
    fleet.addListener(nameGuard);
    operator.register(new ThingGroupReconciler(client, fleet, events, clock), namespaces(settings));
    operator.register(new IoTJobReconciler(client, fleet, events, clock, new JobMetrics(metrics),
        settings.snapshotSettle()), namespaces(settings));
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> Consumer<ControllerConfigurationOverrider<R>>
      namespaces(OperatorSettings settings) {
    return o -> {
      if (settings.namespaces().isEmpty()) {
        o.watchingAllNamespaces();
      } else {
        o.settingNamespaces(settings.namespaces());
      }
    };
  }

  public void start() {
    fleet.start();
    operator.start();
    LOG.info("iot-jobs-operator started");
  }

  /** Prometheus text: JOSDK's reconcile metrics and the per-job gauges. */
  public String scrapeMetrics() {
    return metrics.scrape();
  }

  /** Ready once the caches are synced and every event source is healthy. */
  public boolean isReady() {
    return fleet.hasSynced() && operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
    nameGuard.close();
    fleet.close();
  }
}
