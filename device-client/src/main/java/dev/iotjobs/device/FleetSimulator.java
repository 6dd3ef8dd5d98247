package dev.iotjobs.device;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;

/** Many simulated devices in one JVM: they share the MQTT client's event loop and one timer thread. */
public class FleetSimulator implements AutoCloseable {
  private static final int CONCURRENT_CONNECTS = 200;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "device-timer");
    thread.setDaemon(true);
    return thread;
  });
  private final List<SimulatedDevice> devices = new ArrayList<>();
  private final List<JobsClient> clients = new ArrayList<>();

  /** Connects every thing as a device, then each asks for pending work, as a freshly booted agent does. */
  public void start(URI broker, List<String> thingNames, DeviceBehavior behavior, String password, String topicRoot) {
    Semaphore connecting = new Semaphore(CONCURRENT_CONNECTS);
    List<CompletableFuture<JobsClient>> connections = new ArrayList<>();
    for (String thing : thingNames) {
      connecting.acquireUninterruptibly();
      connections.add(JobsClient.connect(broker, thing, password, topicRoot)
          .whenComplete((c, e) -> connecting.release()));
    }
    for (CompletableFuture<JobsClient> connection : connections) {
      JobsClient client = connection.join();
      clients.add(client);
      devices.add(new SimulatedDevice(client, behavior, timer));
    }
    devices.forEach(SimulatedDevice::work);
  }

  public List<SimulatedDevice> devices() {
    return devices;
  }

  public int finished() {
    return devices.stream().mapToInt(SimulatedDevice::finished).sum();
  }

  @Override
  public void close() {
    clients.parallelStream().forEach(JobsClient::close);
    timer.shutdownNow();
  }
}
