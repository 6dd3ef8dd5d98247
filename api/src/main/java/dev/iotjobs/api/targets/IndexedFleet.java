package dev.iotjobs.api.targets;

import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet held in maps, indexed like the operator's informer-backed FleetCache (by label and by parent group), for the
 * pure rules' tests and the benchmark harness. One namespace.
 */
public class IndexedFleet implements FleetView {
  private final Map<String, Thing> things = new HashMap<>();
  private final Map<String, ThingGroup> groups = new HashMap<>();
  private final Map<String, Map<String, Thing>> byLabel = new HashMap<>();
  private final Map<String, List<ThingGroup>> byParent = new HashMap<>();

  /** Adds the thing, or replaces the one of the same name (and its labels in the index). */
  public IndexedFleet add(Thing thing) {
    remove(thing.getMetadata().getName());
    things.put(thing.getMetadata().getName(), thing);
    if (thing.getMetadata().getLabels() != null) {
      thing.getMetadata().getLabels().forEach((k, v) -> byLabel.computeIfAbsent(k + "=" + v,
          x -> new java.util.LinkedHashMap<>()).put(thing.getMetadata().getName(), thing));
    }
    return this;
  }

  public IndexedFleet remove(String thingName) {
    Thing old = things.remove(thingName);
    if (old != null && old.getMetadata().getLabels() != null) {
      old.getMetadata().getLabels().forEach((k, v) -> {
        Map<String, Thing> labelled = byLabel.get(k + "=" + v);
        if (labelled != null) {
          labelled.remove(thingName);
        }
      });
    }
    return this;
  }

  public IndexedFleet add(ThingGroup group) {
    groups.put(group.getMetadata().getName(), group);
    if (group.getSpec() != null && group.getSpec().getParentGroup() != null) {
      byParent.computeIfAbsent(group.getSpec().getParentGroup(), x -> new ArrayList<>()).add(group);
    }
    return this;
  }

  @Override
  public Optional<ThingGroup> group(String namespace, String name) {
    return Optional.ofNullable(groups.get(name));
  }

  @Override
  public Collection<ThingGroup> childGroups(String namespace, String parent) {
    return byParent.getOrDefault(parent, List.of());
  }

  @Override
  public Collection<ThingGroup> groups(String namespace) {
    return groups.values();
  }

  @Override
  public boolean thingExists(String namespace, String name) {
    return things.containsKey(name);
  }

  @Override
  public Optional<Thing> thing(String namespace, String name) {
    return Optional.ofNullable(things.get(name));
  }

  @Override
  public Collection<Thing> thingsLabelled(String namespace, String key, String value) {
    Map<String, Thing> labelled = byLabel.get(key + "=" + value);
    return labelled == null ? List.of() : labelled.values();
  }

  @Override
  public Collection<Thing> things(String namespace) {
    return things.values();
  }
}
