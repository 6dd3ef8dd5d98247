package dev.iotjobs.operator.groups;

import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A FleetView over plain maps, for testing the pure membership and resolution rules. */
public class InMemoryFleet implements FleetView {
  private final Map<String, Thing> things = new LinkedHashMap<>();
  private final Map<String, ThingGroup> groups = new LinkedHashMap<>();
  int labelLookups;
  int fullScans;

  public InMemoryFleet add(Thing thing) {
    things.put(thing.getMetadata().getName(), thing);
    return this;
  }

  public InMemoryFleet add(ThingGroup group) {
    groups.put(group.getMetadata().getName(), group);
    return this;
  }

  @Override
  public Optional<ThingGroup> group(String namespace, String name) {
    return Optional.ofNullable(groups.get(name));
  }

  @Override
  public Collection<ThingGroup> childGroups(String namespace, String parent) {
    return groups.values().stream().filter(g -> Objects.equals(parent, g.getSpec().getParentGroup())).toList();
  }

  @Override
  public Collection<ThingGroup> groups(String namespace) {
    return new ArrayList<>(groups.values());
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
    labelLookups++;
    List<Thing> result = new ArrayList<>();
    for (Thing thing : things.values()) {
      Map<String, String> labels = thing.getMetadata().getLabels();
      if (labels != null && value.equals(labels.get(key))) {
        result.add(thing);
      }
    }
    return result;
  }

  @Override
  public Collection<Thing> things(String namespace) {
    fullScans++;
    return new ArrayList<>(things.values());
  }
}
