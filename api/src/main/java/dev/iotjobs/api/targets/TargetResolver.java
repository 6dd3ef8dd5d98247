package dev.iotjobs.api.targets;

import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.api.targets.FleetView;
import dev.iotjobs.api.targets.GroupMembership;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A job's targets as distinct thing names: direct things plus the members of its groups and their child groups. */
public final class TargetResolver {
  private TargetResolver() {}

  public static Resolution resolve(String namespace, JobTargets targets, FleetView fleet) {
    TreeSet<String> things = new TreeSet<>();
    List<String> missingThings = new ArrayList<>();
    List<String> missingGroups = new ArrayList<>();
    Set<String> groupsWalked = new LinkedHashSet<>();
    if (targets == null) {
      return new Resolution(things, missingThings, missingGroups, groupsWalked);
    }
    if (targets.getThings() != null) {
      for (String thing : targets.getThings()) {
        if (fleet.thingExists(namespace, thing)) {
          things.add(thing);
        } else if (!missingThings.contains(thing)) {
          missingThings.add(thing);
        }
      }
    }
    if (targets.getThingGroups() != null) {
      for (String group : targets.getThingGroups()) {
        if (fleet.group(namespace, group).isEmpty()) {
          if (!missingGroups.contains(group)) {
            missingGroups.add(group);
          }
        } else {
          GroupMembership.Walk walk = GroupMembership.walk(namespace, group, fleet);
          things.addAll(walk.members());
          groupsWalked.addAll(walk.groups());
        }
      }
    }
    return new Resolution(things, missingThings, missingGroups, groupsWalked);
  }

  /**
   * Resolved thing names (sorted, so rollout order is deterministic), what the targets name that does not exist, and
   * the groups walked to find the members (the targeted ones and their descendants, in the order walked).
   */
  public record Resolution(TreeSet<String> things, List<String> missingThings, List<String> missingGroups,
      Set<String> groupsWalked) {
    public Resolution(TreeSet<String> things, List<String> missingThings, List<String> missingGroups) {
      this(things, missingThings, missingGroups, Set.of());
    }

    public boolean isComplete() {
      return missingThings.isEmpty() && missingGroups.isEmpty();
    }

    /** A sentence naming what is missing, for a job that waits for it. */
    public String missingMessage() {
      return missing() + ". The job starts once they exist.";
    }

    /** The same for a running CONTINUOUS job, which goes on with the targets that exist. */
    public String missingWhileRunning() {
      return missing() + ". The job goes on with the targets that exist; their members rejoin once they exist again.";
    }

    private String missing() {
      List<String> parts = new ArrayList<>();
      if (!missingGroups.isEmpty()) {
        parts.add((missingGroups.size() == 1 ? "ThingGroup " : "ThingGroups ") + String.join(", ", missingGroups)
            + (missingGroups.size() == 1 ? " does" : " do") + " not exist");
      }
      if (!missingThings.isEmpty()) {
        parts.add((missingThings.size() == 1 ? "Thing " : "Things ") + abbreviated(missingThings)
            + (missingThings.size() == 1 ? " does" : " do") + " not exist");
      }
      return String.join("; ", parts);
    }

    private static String abbreviated(List<String> names) {
      if (names.size() <= 10) {
        return String.join(", ", names);
      }
      return String.join(", ", names.subList(0, 10)) + " and " + (names.size() - 10) + " more";
    }
  }
}
