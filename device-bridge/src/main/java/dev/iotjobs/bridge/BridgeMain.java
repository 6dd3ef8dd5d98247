package dev.iotjobs.bridge;

import dev.iotjobs.api.runtime.LogSetup;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar iot-jobs-device-bridge.jar}: configured by environment variables (see {@link BridgeSettings}). */
public final class BridgeMain {
  static {
    LogSetup.useProjectConfiguration();
  }

  private static final Logger LOG = LoggerFactory.getLogger(BridgeMain.class);

  private BridgeMain() {}

  public static void main(String[] args) throws InterruptedException {
    BridgeSettings settings = BridgeSettings.fromEnvironment(System.getenv());
    KubernetesClient client = dev.iotjobs.api.runtime.KubernetesClients.fromEnvironmentWithEventsHandledInPlace();
    DeviceBridge bridge = new DeviceBridge(client, settings, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      bridge.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));
    bridge.start();
    stopped.await();
  }
}
