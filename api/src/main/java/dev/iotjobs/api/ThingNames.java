package dev.iotjobs.api;

import dev.iotjobs.api.model.Thing;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * A thing name is a device's MQTT identity ({@code $aws/things/<name>/...}) and carries no namespace, so among the
 * Things of one name in the namespaces a bridge serves, one holds it: the oldest (then the first namespace by name).
 * The others are refused: never targeted, never served. Both processes apply this rule to what they watch.
 */
public final class ThingNames {
  private static final Comparator<Thing> FIRST_COME = Comparator
      .comparing((Thing t) -> t.getMetadata().getCreationTimestamp() == null ? "" : t.getMetadata().getCreationTimestamp())
      .thenComparing(t -> t.getMetadata().getNamespace());

  private ThingNames() {}

  /** The Thing that holds the name among those given (all of one name), if any. */
  public static Optional<Thing> holder(Collection<Thing> sameName) {
    return sameName.stream().min(FIRST_COME);
  }

  /** Whether the Thing holds its name among those given. */
  public static boolean holdsName(Thing thing, Collection<Thing> sameName) {
    return holder(sameName).map(h -> h.getMetadata().getNamespace().equals(thing.getMetadata().getNamespace()))
        .orElse(true);
  }
}
