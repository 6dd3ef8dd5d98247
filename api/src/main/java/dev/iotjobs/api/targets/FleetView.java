package dev.iotjobs.api.targets;

import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import java.util.Collection;
import java.util.Optional;

/** Read-only, indexed view of the Things and ThingGroups of one namespace; backed by informer caches. */
public interface FleetView {
  Optional<ThingGroup> group(String namespace, String name);

  /** Groups whose parentGroup names this group. */
  Collection<ThingGroup> childGroups(String namespace, String parent);

  Collection<ThingGroup> groups(String namespace);

  boolean thingExists(String namespace, String name);

  Optional<Thing> thing(String namespace, String name);

  /** Things carrying the label key=value (an index lookup, not a scan). */
  Collection<Thing> thingsLabelled(String namespace, String key, String value);

  /** Every Thing of the namespace: only for selectors that name no label value. */
  Collection<Thing> things(String namespace);
}
