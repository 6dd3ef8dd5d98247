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
  private final Map<String, List<Thing>> byLabel = new HashMap<>();
  private final Map<String, List<ThingGroup>> byParent = new HashMap<>();

  public IndexedFleet add(Thing thing) {
    things.put(thing.getMetadata().getName(), thing);
    if (thing.getMetadata().getLabels() != null) {
      thing.getMetadata().getLabels().forEach((k, v) -> byLabel.computeIfAbsent(k + "=" + v, x -> new ArrayList<>()).add(thing));
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
    return byLabel.getOrDefault(key + "=" + value, List.of());
  }

  @Override
  public Collection<Thing> things(String namespace) {
    return things.values();
  }
}
