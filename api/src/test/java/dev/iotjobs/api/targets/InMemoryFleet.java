package dev.iotjobs.api.targets;

import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import java.util.Collection;

/** {@link IndexedFleet} counting its label lookups and full scans, so tests can assert which one a rule used. */
public class InMemoryFleet extends IndexedFleet {
  int labelLookups;
  int fullScans;

  @Override
  public InMemoryFleet add(Thing thing) {
    super.add(thing);
    return this;
  }

  @Override
  public InMemoryFleet add(ThingGroup group) {
    super.add(group);
    return this;
  }

  @Override
  public Collection<Thing> thingsLabelled(String namespace, String key, String value) {
    labelLookups++;
    return super.thingsLabelled(namespace, key, value);
  }

  @Override
  public Collection<Thing> things(String namespace) {
    fullScans++;
    return super.things(namespace);
  }
}
