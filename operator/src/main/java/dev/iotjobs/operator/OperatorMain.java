package dev.iotjobs.operator;

import dev.iotjobs.api.runtime.HealthServer;
import dev.iotjobs.api.runtime.LogSetup;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar iot-jobs-operator.jar}: connects with the in-cluster configuration or KUBECONFIG, watches the
 * namespaces in WATCH_NAMESPACES (all when empty), elects a leader on a Lease unless LEADER_ELECTION=false, serves
 * {@code /healthz}, {@code /readyz} and {@code /metrics} on HEALTH_PORT (8080), and stops gracefully on SIGTERM.
 */
public final class OperatorMain {
  static {
    LogSetup.useProjectConfiguration();
  }

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException, java.io.IOException {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = dev.iotjobs.api.runtime.KubernetesClients.fromEnvironment();
    IoTJobsOperator operator = new IoTJobsOperator(client, settings, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      operator.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));
    operator.start();
    int healthPort = Integer.parseInt(System.getenv().getOrDefault("HEALTH_PORT", "8080"));
    HealthServer health = new HealthServer(healthPort, operator::isReady, operator.prometheusRegistry());
    Runtime.getRuntime().addShutdownHook(new Thread(health::close, "health-shutdown"));
    LOG.info("watching {}; leader election {}", settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
        settings.leaderElection() ? "on Lease " + settings.leaseName() : "off");
    stopped.await();
  }
}
