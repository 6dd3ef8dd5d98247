package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * core/v1 Event ↔ events.k8s.io/v1 Event, field for field as the API server converts them: one store, both APIs.
 * {@code involvedObject} is {@code regarding}, {@code message} is {@code note}, the old counters are
 * {@code deprecated*}.
 */
final class EventsV1 {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EventsV1() {}

  static JsonNode fromCore(JsonNode core) {
    ObjectNode event = NODES.objectNode().put("apiVersion", "events.k8s.io/v1").put("kind", "Event");
    event.set("metadata", core.path("metadata").deepCopy());
    copy(core, "eventTime", event, "eventTime");
    copy(core, "series", event, "series");
    copy(core, "reportingComponent", event, "reportingController");
    copy(core, "reportingInstance", event, "reportingInstance");
    copy(core, "action", event, "action");
    copy(core, "reason", event, "reason");
    copy(core, "involvedObject", event, "regarding");
    copy(core, "related", event, "related");
    copy(core, "message", event, "note");
    copy(core, "type", event, "type");
    copy(core, "source", event, "deprecatedSource");
    copy(core, "firstTimestamp", event, "deprecatedFirstTimestamp");
    copy(core, "lastTimestamp", event, "deprecatedLastTimestamp");
    copy(core, "count", event, "deprecatedCount");
    if (!event.has("eventTime")) {
      event.putNull("eventTime");
    }
    return event;
  }

  static JsonNode toCore(JsonNode event) {
    ObjectNode core = NODES.objectNode().put("apiVersion", "v1").put("kind", "Event");
    core.set("metadata", event.path("metadata").deepCopy());
    copy(event, "eventTime", core, "eventTime");
    copy(event, "series", core, "series");
    copy(event, "reportingController", core, "reportingComponent");
    copy(event, "reportingInstance", core, "reportingInstance");
    copy(event, "action", core, "action");
    copy(event, "reason", core, "reason");
    copy(event, "regarding", core, "involvedObject");
    copy(event, "related", core, "related");
    copy(event, "note", core, "message");
    copy(event, "type", core, "type");
    copy(event, "deprecatedSource", core, "source");
    copy(event, "deprecatedFirstTimestamp", core, "firstTimestamp");
    copy(event, "deprecatedLastTimestamp", core, "lastTimestamp");
    copy(event, "deprecatedCount", core, "count");
    if (!core.hasNonNull("lastTimestamp") && event.hasNonNull("eventTime")) {
      core.set("lastTimestamp", event.get("eventTime"));
    }
    return core;
  }

  private static void copy(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode value = from.get(field);
    if (value != null && !value.isNull()) {
      to.set(as, value.deepCopy());
    }
  }
}
