package dev.iotjobs.api.waves;

import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.api.targets.FleetView;
import dev.iotjobs.api.targets.GroupMembership;
import dev.iotjobs.api.targets.LabelSelectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How a job's targets fill its waves. Each wave takes, in {@link WaveOrder}, things no earlier wave took: a percentage
 * of all targets (rounded up, at least one), a count, or every target its selector or groups match; the last wave
 * takes every target left. The sizes are planned once at start; the rollout then fills the current wave with the same
 * rule, so the plan and the rollout agree.
 */
public final class WavePlan {
  private WavePlan() {}

  /** Whether a thing belongs to a wave that names its things by selector or groups. */
  public interface Membership {
    boolean inWave(Wave wave, String thing);
  }

  /**
   * Membership as the fleet answers it: a thingSelector matches the Thing's labels, thingGroups their members (child
   * groups included, each group walked once here).
   */
  public static Membership of(String namespace, List<Wave> waves, FleetView fleet) {
    java.util.Map<String, Set<String>> groups = new java.util.HashMap<>();
    for (Wave wave : waves) {
      if (wave.getThingGroups() != null) {
        Set<String> members = new HashSet<>();
        wave.getThingGroups().forEach(g -> members.addAll(GroupMembership.members(namespace, g, fleet)));
        groups.put(wave.getName(), members);
      }
    }
    return (wave, thing) -> {
      if (wave.getThingGroups() != null) {
        return groups.getOrDefault(wave.getName(), Set.of()).contains(thing);
      }
      java.util.Map<String, String> labels = fleet.thing(namespace, thing).map(Thing::getMetadata)
          .map(m -> m.getLabels() == null ? java.util.Map.<String, String>of() : m.getLabels())
          .orElse(java.util.Map.of());
      return LabelSelectors.matches(wave.getThingSelector(), labels);
    };
  }

  /** The planned size of every wave over the targets, in {@link WaveOrder}. */
  public static List<Integer> sizes(List<Wave> waves, List<String> ordered, Membership membership) {
    Set<String> taken = new HashSet<>();
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      boolean last = i == waves.size() - 1;
      List<String> picked = pick(waves.get(i), last, ordered, taken::contains, quota(waves.get(i), last, ordered.size()),
          membership);
      taken.addAll(picked);
      sizes.add(picked.size());
    }
    return sizes;
  }

  /** How many things a wave holds of {@code total} targets; unbounded for selector and groups, and for the last wave, which takes every target left whatever its share. */
  public static int quota(Wave wave, boolean last, int total) {
    if (last || wave.getThingSelector() != null || wave.getThingGroups() != null) {
      return Integer.MAX_VALUE;
    }
    if (wave.getPercentage() != null) {
      return Math.max(1, (int) Math.ceil(wave.getPercentage() * total / 100.0 - 1e-9));
    }
    return (int) Math.min(Integer.MAX_VALUE, wave.getCount());
  }

  /** The wave's next things: in order, not taken, belonging to the wave, at most {@code room}. */
  public static List<String> pick(Wave wave, boolean last, List<String> ordered, Predicate<String> taken, int room,
      Membership membership) {
    boolean byMembership = !last && (wave.getThingSelector() != null || wave.getThingGroups() != null);
    List<String> picked = new ArrayList<>();
    for (String thing : ordered) {
      if (picked.size() >= room) {
        break;
      }
      if (!taken.test(thing) && (!byMembership || membership.inWave(wave, thing))) {
        picked.add(thing);
      }
    }
    return picked;
  }
}
