package dev.iotjobs.operator.groups;

import dev.iotjobs.api.ThingNames;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.api.model.ThingStatus;
import dev.iotjobs.operator.k8s.Conditions;
import dev.iotjobs.operator.k8s.EventRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a Thing whose name an older Thing in another watched namespace holds (a device's MQTT identity has no
 * namespace, so the second one would receive the first one's jobs): it gets {@code Ready=False
 * reason=DuplicateThingName} and a Warning event, and loses both once it holds its name again. The fleet cache
 * already leaves it out of every job's targets. Things without a clash get no status write at all.
 */
public class ThingNameGuard implements FleetCache.FleetListener, AutoCloseable {
  public static final String READY = "Ready";
  public static final String DUPLICATE = "DuplicateThingName";
  private static final Logger LOG = LoggerFactory.getLogger(ThingNameGuard.class);
  private final KubernetesClient client;
  private final FleetCache fleet;
  private final EventRecorder events;
  private final Clock clock;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "thing-name-guard"));

  public ThingNameGuard(KubernetesClient client, FleetCache fleet, EventRecorder events, Clock clock) {
    this.client = client;
    this.fleet = fleet;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void thingChanged(Thing old, Thing current) {
    if (old == null || current == null) {
      String name = (current == null ? old : current).getMetadata().getName();
      writer.execute(() -> check(name));
    }
  }

  @Override
  public void groupChanged(ThingGroup old, ThingGroup current) {
  }

  private void check(String name) {
    List<Thing> named = fleet.thingsNamed(name);
    Thing holder = ThingNames.holder(named).orElse(null);
    for (Thing thing : named) {
      boolean duplicate = holder != null && !holder.getMetadata().getNamespace().equals(thing.getMetadata().getNamespace());
      boolean marked = thing.getStatus() != null && Conditions.find(thing.getStatus().getConditions(), READY)
          .filter(c -> DUPLICATE.equals(c.getReason())).isPresent();
      if (duplicate == marked) {
        continue;
      }
      try {
        write(thing, duplicate ? holder.getMetadata().getNamespace() : null);
      } catch (KubernetesClientException e) {
        LOG.warn("thing name check failed namespace={} thing={} error=\"{}\"", thing.getMetadata().getNamespace(), name,
            e.getMessage());
      }
    }
  }

  private void write(Thing cached, String holderNamespace) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Thing thing = attempt == 0 ? client.getKubernetesSerialization().clone(cached)
          : client.resource(cached).get();
      if (thing == null) {
        return;
      }
      ThingStatus status = thing.getStatus() == null ? new ThingStatus() : thing.getStatus();
      List<Condition> conditions = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
      if (holderNamespace == null) {
        conditions.removeIf(c -> READY.equals(c.getType()) && DUPLICATE.equals(c.getReason()));
      } else {
        String message = "Thing " + thing.getMetadata().getName() + " also exists in namespace " + holderNamespace
            + ", created earlier; a thing name is the device's MQTT identity and must be unique across the namespaces"
            + " the bridge serves. This Thing is refused: no job targets it and no device is served as it. Rename it,"
            + " or delete one of the two.";
        Conditions.set(conditions, READY, false, DUPLICATE, message, thing.getMetadata().getGeneration(),
            clock.instant());
        events.warning(thing, DUPLICATE, message);
      }
      status.setConditions(conditions.isEmpty() ? null : conditions);
      thing.setStatus(status);
      try {
        client.resource(thing).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
