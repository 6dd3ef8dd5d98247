package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field ownership as the API server keeps it in {@code metadata.managedFields}: which manager set which field, by
 * apply or by update. Maps and objects are owned field by field; lists are atomic (the CRDs declare no list-map), so
 * a list is one field. What server-side apply needs to merge, to remove what a manager stopped applying, and to
 * report conflicts.
 */
final class ManagedFields {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Metadata a user sets; the rest (name, uid, resourceVersion, ...) belongs to the server. */
  private static final Set<String> OWNED_METADATA = Set.of("labels", "annotations", "finalizers", "ownerReferences");

  /** One manager's fields, set by one operation on the resource or its status subresource. */
  record Entry(String manager, String operation, String apiVersion, String time, String subresource,
      Set<List<String>> fields) {
    boolean sameOwner(String otherManager, String otherOperation, String otherSubresource) {
      return manager.equals(otherManager) && operation.equals(otherOperation)
          && java.util.Objects.equals(subresource, otherSubresource);
    }
  }

  private ManagedFields() {}

  /** The entries stored on an object. */
  static List<Entry> read(JsonNode object) {
    List<Entry> entries = new ArrayList<>();
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      Set<List<String>> fields = new LinkedHashSet<>();
      decode(entry.path("fieldsV1"), new ArrayList<>(), fields);
      entries.add(new Entry(entry.path("manager").asText(""), entry.path("operation").asText(UPDATE),
          entry.path("apiVersion").asText(""), entry.path("time").asText(null),
          entry.hasNonNull("subresource") ? entry.get("subresource").asText() : null, fields));
    }
    return entries;
  }

  /** Stores the entries on the object, dropping those that own nothing. */
  static void write(ObjectNode object, List<Entry> entries) {
    ArrayNode managed = NODES.arrayNode();
    for (Entry entry : entries) {
      if (entry.fields().isEmpty()) {
        continue;
      }
      ObjectNode node = managed.addObject().put("manager", entry.manager()).put("operation", entry.operation())
          .put("apiVersion", entry.apiVersion()).put("time", entry.time()).put("fieldsType", "FieldsV1");
      if (entry.subresource() != null) {
        node.put("subresource", entry.subresource());
      }
      node.set("fieldsV1", encode(entry.fields()));
    }
    ObjectNode metadata = object.with("metadata");
    if (managed.isEmpty()) {
      metadata.remove("managedFields");
    } else {
      metadata.set("managedFields", managed);
    }
  }

  /** Every field an object sets, as paths: leaves, lists and empty objects. */
  static Set<List<String>> fieldsOf(JsonNode object) {
    Set<List<String>> fields = new LinkedHashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> top = it.next();
      switch (top.getKey()) {
        case "apiVersion", "kind" -> { }
        case "metadata" -> top.getValue().fields().forEachRemaining(field -> {
          if (OWNED_METADATA.contains(field.getKey())) {
            collect(field.getValue(), new ArrayList<>(List.of("metadata", field.getKey())), fields);
          }
        });
        default -> collect(top.getValue(), new ArrayList<>(List.of(top.getKey())), fields);
      }
    }
    return fields;
  }

  private static void collect(JsonNode value, List<String> path, Set<List<String>> fields) {
    if (value.isObject() && value.size() > 0) {
      value.fields().forEachRemaining(field -> {
        List<String> child = new ArrayList<>(path);
        child.add(field.getKey());
        collect(field.getValue(), child, fields);
      });
    } else {
      fields.add(List.copyOf(path));
    }
  }

  /** The fields whose values differ between two versions of an object (added, changed or removed). */
  static Set<List<String>> changed(JsonNode before, JsonNode after) {
    Set<List<String>> changed = new LinkedHashSet<>();
    Set<List<String>> all = new LinkedHashSet<>(before == null ? Set.of() : fieldsOf(before));
    all.addAll(fieldsOf(after));
    for (List<String> field : all) {
      if (before == null || !at(before, field).equals(at(after, field))) {
        changed.add(field);
      }
    }
    return changed;
  }

  /** The value at a field path; a missing node when absent. */
  static JsonNode at(JsonNode object, List<String> path) {
    JsonNode node = object;
    for (String key : path) {
      node = node.path(key);
    }
    return node;
  }

  /** Removes the field at a path, and the objects above it that it leaves empty. */
  static void remove(ObjectNode object, List<String> path) {
    List<ObjectNode> parents = new ArrayList<>();
    JsonNode node = object;
    for (int i = 0; i < path.size() - 1; i++) {
      if (!(node instanceof ObjectNode parent)) {
        return;
      }
      parents.add(parent);
      node = parent.path(path.get(i));
    }
    if (!(node instanceof ObjectNode last)) {
      return;
    }
    last.remove(path.get(path.size() - 1));
    for (int i = parents.size() - 1; i >= 0 && last.isEmpty(); i--) {
      parents.get(i).remove(path.get(i));
      last = parents.get(i);
    }
  }

  /** Gives a manager the fields it changed by an update, taking them from every other owner. */
  static List<Entry> recordUpdate(List<Entry> entries, String manager, String apiVersion, String subresource,
      Set<List<String>> changed, JsonNode after, Instant now) {
    if (changed.isEmpty()) {
      return entries;
    }
    List<Entry> result = new ArrayList<>();
    Set<List<String>> mine = new LinkedHashSet<>();
    for (Entry entry : entries) {
      Set<List<String>> kept = new LinkedHashSet<>(entry.fields());
      kept.removeIf(field -> overlaps(field, changed));
      if (entry.sameOwner(manager, UPDATE, subresource)) {
        mine.addAll(kept);
      } else {
        result.add(new Entry(entry.manager(), entry.operation(), entry.apiVersion(), entry.time(), entry.subresource(), kept));
      }
    }
    for (List<String> field : changed) {
      if (!at(after, field).isMissingNode()) {
        mine.add(field);
      }
    }
    result.add(new Entry(manager, UPDATE, apiVersion, time(now), subresource, mine));
    return result;
  }

  /** Whether two paths name the same field or one lies inside the other. */
  static boolean overlaps(List<String> field, Set<List<String>> others) {
    for (List<String> other : others) {
      int common = Math.min(field.size(), other.size());
      if (field.subList(0, common).equals(other.subList(0, common))) {
        return true;
      }
    }
    return false;
  }

  static String time(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static ObjectNode encode(Set<List<String>> fields) {
    ObjectNode root = NODES.objectNode();
    for (List<String> field : fields) {
      ObjectNode node = root;
      for (String key : field) {
        node = node.with("f:" + key);
      }
    }
    markSelves(root, fields, new ArrayList<>());
    return root;
  }

  /** A field that is owned itself and also has owned children is marked with "." as the API server does. */
  private static void markSelves(ObjectNode node, Set<List<String>> fields, List<String> path) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      ObjectNode child = (ObjectNode) node.get(key);
      List<String> childPath = new ArrayList<>(path);
      childPath.add(key.substring(2));
      if (!child.isEmpty() && fields.contains(childPath)) {
        child.putObject(".");
      }
      markSelves(child, fields, childPath);
    }
  }

  private static void decode(JsonNode node, List<String> path, Set<List<String>> fields) {
    boolean hasChildren = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals(".")) {
        fields.add(List.copyOf(path));
      } else if (field.getKey().startsWith("f:")) {
        hasChildren = true;
        List<String> child = new ArrayList<>(path);
        child.add(field.getKey().substring(2));
        decode(field.getValue(), child, fields);
      }
    }
    if (!hasChildren && !path.isEmpty()) {
      fields.add(List.copyOf(path));
    }
  }

  /** Conflicting fields by manager, for a message such as the API server's. */
  static String conflictMessage(Map<String, List<List<String>>> conflicts) {
    int count = conflicts.values().stream().mapToInt(List::size).sum();
    StringBuilder message = new StringBuilder("Apply failed with " + count + " conflict" + (count == 1 ? "" : "s") + ": ");
    List<String> parts = new ArrayList<>();
    conflicts.forEach((owner, fields) -> fields.forEach(field -> parts.add("conflict with " + owner + ": " + dotted(field))));
    return message.append(String.join("\n", parts)).toString();
  }

  static String dotted(List<String> field) {
    return "." + String.join(".", field);
  }

  static Map<String, List<List<String>>> newConflicts() {
    return new LinkedHashMap<>();
  }
}
