package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * core/v1 Event ↔ events.k8s.io/v1 Event, field for field as the API server converts them: one store, both APIs.
 * {@code involvedObject} is {@code regarding}, {@code message} is {@code note}, the old counters are
 * {@code deprecated*}.
 */
final class EventsV1 {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** core/v1 field, events.k8s.io/v1 field. */
  private static final List<String[]> FIELDS = List.of(
      new String[] {"eventTime", "eventTime"}, new String[] {"series", "series"},
      new String[] {"reportingComponent", "reportingController"}, new String[] {"reportingInstance", "reportingInstance"},
      new String[] {"action", "action"}, new String[] {"reason", "reason"},
      new String[] {"involvedObject", "regarding"}, new String[] {"related", "related"},
      new String[] {"message", "note"}, new String[] {"type", "type"},
      new String[] {"source", "deprecatedSource"}, new String[] {"firstTimestamp", "deprecatedFirstTimestamp"},
      new String[] {"lastTimestamp", "deprecatedLastTimestamp"}, new String[] {"count", "deprecatedCount"});

  private EventsV1() {}

  static JsonNode fromCore(JsonNode core) {
    ObjectNode event = convert(core, "events.k8s.io/v1", 0, 1);
    if (!event.has("eventTime")) {
      event.putNull("eventTime");
    }
    return event;
  }

  static JsonNode toCore(JsonNode event) {
    ObjectNode core = convert(event, "v1", 1, 0);
    if (!core.hasNonNull("lastTimestamp") && event.hasNonNull("eventTime")) {
      core.set("lastTimestamp", event.get("eventTime"));
    }
    return core;
  }

  private static ObjectNode convert(JsonNode from, String apiVersion, int fromColumn, int toColumn) {
    ObjectNode to = NODES.objectNode().put("apiVersion", apiVersion).put("kind", "Event");
    to.set("metadata", from.path("metadata").deepCopy());
    for (String[] field : FIELDS) {
      JsonNode value = from.get(field[fromColumn]);
      if (value != null && !value.isNull()) {
        to.set(field[toColumn], value.deepCopy());
      }
    }
    return to;
  }
}
