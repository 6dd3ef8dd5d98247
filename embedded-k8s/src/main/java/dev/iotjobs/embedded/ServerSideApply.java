package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}) as far as kubectl and a controller
 * need it: the applied configuration is merged into the live object, the manager owns what it applied, a field it
 * applied before and no longer applies is removed unless someone else owns it, and applying a value over another
 * manager's different value is a conflict unless forced (then ownership moves). Pure: no I/O.
 */
final class ServerSideApply {
  /** The object to store, or the conflicts that refused it (by owner, e.g. {@code "kubectl-patch" using v1}). */
  record Outcome(ObjectNode object, Map<String, List<List<String>>> conflicts) {
    boolean refused() {
      return !conflicts.isEmpty();
    }
  }

  private ServerSideApply() {}

  static Outcome apply(JsonNode live, JsonNode config, String manager, boolean force, String subresource, Instant now) {
    JsonNode applied = restrict(config, subresource);
    Set<List<String>> fields = ManagedFields.fieldsOf(applied);
    List<ManagedFields.Entry> entries = live == null ? List.of() : ManagedFields.read(live);
    Map<String, List<List<String>>> conflicts = ManagedFields.newConflicts();
    List<ManagedFields.Entry> others = new ArrayList<>();
    Set<List<String>> previouslyApplied = Set.of();
    for (ManagedFields.Entry entry : entries) {
      if (entry.sameOwner(manager, ManagedFields.APPLY, subresource)) {
        previouslyApplied = entry.fields();
        continue;
      }
      Set<List<String>> kept = new LinkedHashSet<>(entry.fields());
      for (List<String> field : fields) {
        boolean owned = ManagedFields.overlaps(field, entry.fields());
        if (owned && live != null && !ManagedFields.at(live, field).equals(ManagedFields.at(applied, field))) {
          if (force) {
            kept.removeIf(theirs -> ManagedFields.overlaps(theirs, Set.of(field)));
          } else {
            conflicts.computeIfAbsent("\"" + entry.manager() + "\" using " + entry.apiVersion(), k -> new ArrayList<>())
                .add(field);
          }
        }
      }
      others.add(new ManagedFields.Entry(entry.manager(), entry.operation(), entry.apiVersion(), entry.time(),
          entry.subresource(), kept));
    }
    if (!conflicts.isEmpty()) {
      return new Outcome(null, conflicts);
    }
    ObjectNode merged = live == null ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) live).deepCopy();
    for (List<String> dropped : previouslyApplied) {
      boolean stillApplied = ManagedFields.overlaps(dropped, fields);
      boolean ownedElsewhere = others.stream().anyMatch(entry -> ManagedFields.overlaps(dropped, entry.fields()));
      if (!stillApplied && !ownedElsewhere) {
        ManagedFields.remove(merged, dropped);
      }
    }
    merge(merged, applied);
    if (live == null) {
      merged.set("apiVersion", config.path("apiVersion"));
      merged.set("kind", config.path("kind"));
      merged.with("metadata").setAll((ObjectNode) config.path("metadata").deepCopy());
    }
    List<ManagedFields.Entry> result = new ArrayList<>(others);
    result.add(new ManagedFields.Entry(manager, ManagedFields.APPLY, config.path("apiVersion").asText(),
        ManagedFields.time(now), subresource, fields));
    ManagedFields.write(merged, result);
    return new Outcome(merged, conflicts);
  }

  /** What an apply may set: the status through the status subresource, everything else through the resource. */
  private static JsonNode restrict(JsonNode config, String subresource) {
    ObjectNode copy = ((ObjectNode) config).deepCopy();
    if ("status".equals(subresource)) {
      ObjectNode only = JsonNodeFactory.instance.objectNode();
      if (copy.has("status")) {
        only.set("status", copy.get("status"));
      }
      return only;
    }
    copy.remove("status");
    ObjectNode metadata = copy.with("metadata");
    metadata.remove(List.of("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"));
    return copy;
  }

  /** Objects merge key by key; any other value, lists included, replaces. */
  private static void merge(ObjectNode target, JsonNode applied) {
    applied.fields().forEachRemaining(field -> {
      JsonNode existing = target.get(field.getKey());
      if (field.getValue().isObject() && existing instanceof ObjectNode object) {
        merge(object, field.getValue());
      } else {
        target.set(field.getKey(), field.getValue().deepCopy());
      }
    });
  }
}
