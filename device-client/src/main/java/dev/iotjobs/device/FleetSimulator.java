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
  private final List<SimulatedDevice> devices = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<JobsClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.Map<String, CompletableFuture<JobsClient>> added = new java.util.concurrent.ConcurrentHashMap<>();

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

  /**
   * Connects one more device, which then asks for pending work; a thing that already has a device added this way
   * keeps it. Returns at once: the device works as soon as it is connected.
   */
  public void add(URI broker, String thingName, DeviceBehavior behavior, String password, String topicRoot) {
    added.computeIfAbsent(thingName, name -> JobsClient.connect(broker, name, password, topicRoot)
        .whenCompleteAsync((client, failure) -> {
          if (client != null) {
            clients.add(client);
            SimulatedDevice device = new SimulatedDevice(client, behavior, timer);
            devices.add(device);
            device.work();
          } else {
            // not simulated after all: a later add may try again
            added.remove(thingName);
          }
        }));
  }

  /** Disconnects a device added with {@link #add} (its Thing is gone). */
  public void remove(String thingName) {
    CompletableFuture<JobsClient> connection = added.remove(thingName);
    if (connection != null) {
      connection.thenAccept(client -> {
        clients.remove(client);
        devices.removeIf(device -> device.thingName().equals(thingName));
        client.close();
      });
    }
  }

  /** Whether a device was added for this thing. */
  public boolean simulates(String thingName) {
    return added.containsKey(thingName);
  }

  public List<SimulatedDevice> devices() {
    return devices;
  }

  /** Requests the devices gave up waiting for and asked again. */
  public int unanswered() {
    return devices.stream().mapToInt(SimulatedDevice::unanswered).sum();
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
