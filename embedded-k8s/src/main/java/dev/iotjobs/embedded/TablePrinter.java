package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Server-side printing, as {@code kubectl get} asks for it ({@code Accept: ...;as=Table}): a meta.k8s.io Table with
 * the CRD's printer columns, so the sandbox shows the same columns a cluster does.
 */
final class TablePrinter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<CustomResourceColumnDefinition> columns;
  private final Clock clock;
  /** 0 shows the name in every listing; 1 only with -o wide (events). */
  private final int namePriority;

  TablePrinter(List<CustomResourceColumnDefinition> columns, Clock clock) {
    this(columns, clock, 0);
  }

  private TablePrinter(List<CustomResourceColumnDefinition> columns, Clock clock, int namePriority) {
    this.columns = columns;
    this.clock = clock;
    this.namePriority = namePriority;
  }

  /**
   * How an API server prints core/v1 events: when last seen, type, reason, the object as kind/name, and the
   * message.
   */
  static TablePrinter events(Clock clock) {
    return new TablePrinter(List.of(
        column("Last Seen", "date", ".lastTimestamp"), column("Type", "string", ".type"),
        column("Reason", "string", ".reason"), column("Object", "string", ".involvedObject"),
        column("Message", "string", ".message")), clock, 1);
  }

  /** The same columns for events.k8s.io/v1 events, whose fields have other names. */
  static TablePrinter eventsV1(Clock clock) {
    return new TablePrinter(List.of(
        column("Last Seen", "date", ".deprecatedLastTimestamp"), column("Type", "string", ".type"),
        column("Reason", "string", ".reason"), column("Object", "string", ".regarding"),
        column("Message", "string", ".note")), clock, 1);
  }

  private static CustomResourceColumnDefinition column(String name, String type, String jsonPath) {
    return new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder()
        .withName(name).withType(type).withJsonPath(jsonPath).build();
  }

  /** The table for a single object or a list, as returned by the CRUD dispatcher. */
  String table(String objectOrList) throws java.io.IOException {
    return table(JSON.readTree(objectOrList)).toString();
  }

  /** The table for a single object or a list. */
  ObjectNode table(JsonNode body) {
    ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
        .put("description", "Name of the resource").put("priority", namePriority);
    for (CustomResourceColumnDefinition column : columns) {
      definitions.addObject().put("name", column.getName()).put("type", column.getType())
          .put("format", column.getFormat() == null ? "" : column.getFormat())
          .put("description", column.getDescription() == null ? "" : column.getDescription())
          .put("priority", column.getPriority() == null ? 0 : column.getPriority());
    }
    ArrayNode rows = table.putArray("rows");
    if (body.has("items")) {
      body.get("items").forEach(item -> rows.add(row(item)));
    } else {
      rows.add(row(body));
    }
    return table;
  }

  private ObjectNode row(JsonNode item) {
    ObjectNode row = JSON.createObjectNode();
    ArrayNode cells = row.putArray("cells");
    cells.add(item.path("metadata").path("name").asText());
    for (CustomResourceColumnDefinition column : columns) {
      JsonNode value = JsonPaths.read(item, column.getJsonPath());
      if (value == null || value.isMissingNode() || value.isNull()) {
        cells.addNull();
      } else if ("date".equals(column.getType())) {
        cells.add(age(value.asText()));
      } else if (value.isObject() && value.has("kind")) {
        // an object reference, as kubectl shows one: kind/name
        cells.add(value.path("kind").asText().toLowerCase(java.util.Locale.ROOT) + "/" + value.path("name").asText());
      } else {
        cells.add(value);
      }
    }
    ObjectNode object = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
    object.set("metadata", item.path("metadata"));
    return row;
  }

  /** How kubectl shows ages: 45s, 12m, 3h, 2d. */
  private String age(String timestamp) {
    try {
      Duration age = Duration.between(Instant.parse(timestamp), clock.instant());
      long seconds = Math.max(0, age.getSeconds());
      if (seconds < 120) {
        return seconds + "s";
      }
      if (seconds < 7200) {
        return seconds / 60 + "m";
      }
      if (seconds < 172800) {
        return seconds / 3600 + "h";
      }
      return seconds / 86400 + "d";
    } catch (RuntimeException e) {
      return timestamp;
    }
  }
}
