package dev.iotjobs.operator.k8s;

import dev.iotjobs.api.Times;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events for what a person should know about. The same reason and message for the same object is recorded
 * once, so a reconcile that repeats does not flood {@code kubectl describe}.
 */
public class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "iot-jobs-operator";
  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, String> lastRecorded = new ConcurrentHashMap<>();

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    String key = object.getMetadata().getUid() + "/" + reason;
    if (message.equals(lastRecorded.put(key, message))) {
      return;
    }
    String now = Times.format(clock.instant());
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(object.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT))
        .withNamespace(object.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(object.getApiVersion()).withKind(object.getKind())
        .withName(object.getMetadata().getName()).withNamespace(object.getMetadata().getNamespace())
        .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type).withReason(reason).withMessage(message)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    LOG.info("event type={} reason={} kind={} namespace={} name={} message=\"{}\"", type, reason, object.getKind(),
        object.getMetadata().getNamespace(), object.getMetadata().getName(), message);
    try {
      client.v1().events().inNamespace(object.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("event not recorded reason={} namespace={} name={} error=\"{}\"", reason,
          object.getMetadata().getNamespace(), object.getMetadata().getName(), e.getMessage());
    }
  }

  /** Forgets what was recorded for a deleted object. */
  public void forget(HasMetadata object) {
    String prefix = object.getMetadata().getUid() + "/";
    lastRecorded.keySet().removeIf(k -> k.startsWith(prefix));
  }
}
