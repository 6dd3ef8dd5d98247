package dev.iotjobs.operator;

import dev.iotjobs.operator.groups.FleetCache;
import dev.iotjobs.operator.groups.ThingGroupReconciler;
import dev.iotjobs.operator.groups.ThingNameGuard;
import dev.iotjobs.operator.jobs.IoTJobReconciler;
import dev.iotjobs.operator.k8s.EventRecorder;
import dev.iotjobs.operator.metrics.JobMetrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import dev.iotjobs.api.runtime.StandardMeters;
import dev.iotjobs.operator.metrics.OperatorSdkMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator assembled: one fleet cache, the reconcilers, and the JOSDK runtime configured for one code path. */
public class IoTJobsOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IoTJobsOperator.class);
  private final FleetCache fleet;
  private final ThingNameGuard nameGuard;
  private volatile boolean stopping;
  private final AutoCloseable standardMeters;
  private final Operator operator;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public IoTJobsOperator(KubernetesClient client, OperatorSettings settings, Clock clock) {
    metrics.config().meterFilter(new OperatorSdkMeters());
    this.standardMeters = StandardMeters.bindTo(metrics);
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
        // the operator SDK's own exit on losing the Lease (5.2.3) also runs when stop() releases it from a shutdown
        // hook, where System.exit blocks for ever: every SIGTERM then waited out its grace period and was killed
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(lease.name(), lease.namespace(),
            lease.duration(), lease.renewDeadline(), lease.retryPeriod(), lease.identity(),
            new LeaderCallbacks(() -> LOG.info("leading on Lease {}", lease.name()),
                () -> leadershipLost(settings), leader -> LOG.info("leader is {}", leader)), false));
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

  /**
   * Losing the Lease while running means another replica may already reconcile: this one exits so that it restarts
   * as a follower. Releasing it on the way down is not a loss.
   */
  private void leadershipLost(OperatorSettings settings) {
    if (stopping || !settings.exitOnLostLeadership()) {
      return;
    }
    LOG.error("lost the Lease {}; exiting so that this replica restarts as a follower", settings.leaseName());
    System.exit(1);
  }

  /** What /metrics serves: JOSDK's reconcile metrics, the per-job meters, JVM and process meters. */
  public io.prometheus.metrics.model.registry.PrometheusRegistry prometheusRegistry() {
    return metrics.getPrometheusRegistry();
  }


  /** Ready once the caches are synced and every event source is healthy. */
  public boolean isReady() {
    return fleet.hasSynced() && operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    stopping = true;
    operator.stop();
    nameGuard.close();
    fleet.close();
    try {
      standardMeters.close();
    } catch (Exception e) {
      LOG.debug("closing meters: {}", e.toString());
    }
  }
}
