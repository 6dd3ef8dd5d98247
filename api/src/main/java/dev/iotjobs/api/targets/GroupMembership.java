package dev.iotjobs.api.targets;

import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.api.model.ThingGroupSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is in a group: its static things that exist, the Things its selector matches, and the members of its child
 * groups, transitively. Each group is visited once, so a cycle of parentGroup references ends instead of looping.
 */
public final class GroupMembership {
  private GroupMembership() {}

  /** Distinct member thing names, sorted. */
  public static TreeSet<String> members(String namespace, String group, FleetView fleet) {
    return walk(namespace, group, fleet).members();
  }

  /** The members and the groups walked to find them: this one, then its descendants that exist, breadth first. */
  public record Walk(TreeSet<String> members, Set<String> groups) {}

  public static Walk walk(String namespace, String group, FleetView fleet) {
    TreeSet<String> members = new TreeSet<>();
    Set<String> walked = new LinkedHashSet<>();
    Set<String> visited = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.add(group);
    while (!pending.isEmpty()) {
      String name = pending.poll();
      if (!visited.add(name)) {
        continue;
      }
      Optional<ThingGroup> found = fleet.group(namespace, name);
      if (found.isEmpty()) {
        continue;
      }
      walked.add(name);
      ThingGroupSpec spec = found.get().getSpec();
      if (spec != null) {
        addStaticMembers(namespace, spec, fleet, members);
        addSelectedMembers(namespace, spec.getSelector(), fleet, members);
      }
      fleet.childGroups(namespace, name).forEach(child -> pending.add(child.getMetadata().getName()));
    }
    return new Walk(members, walked);
  }

  private static void addStaticMembers(String namespace, ThingGroupSpec spec, FleetView fleet, Set<String> members) {
    if (spec.getThings() != null) {
      for (String thing : spec.getThings()) {
        if (fleet.thingExists(namespace, thing)) {
          members.add(thing);
        }
      }
    }
  }

  private static void addSelectedMembers(String namespace, LabelSelector selector, FleetView fleet, Set<String> members) {
    if (selector == null || LabelSelectors.violation(selector) != null) {
      return;
    }
    Collection<Thing> candidates;
    Map<String, String> matchLabels = selector.getMatchLabels();
    if (matchLabels != null && !matchLabels.isEmpty()) {
      Map.Entry<String, String> first = matchLabels.entrySet().iterator().next();
      candidates = fleet.thingsLabelled(namespace, first.getKey(), first.getValue());
    } else {
      candidates = fleet.things(namespace);
    }
    for (Thing thing : candidates) {
      if (LabelSelectors.matches(selector, thing.getMetadata().getLabels())) {
        members.add(thing.getMetadata().getName());
      }
    }
  }

  /** The chain of parents from this group up, or the group at which it first loops back. */
  public static ParentChain parentChain(ThingGroup group, FleetView fleet) {
    String namespace = group.getMetadata().getNamespace();
    LinkedHashSet<String> chain = new LinkedHashSet<>();
    chain.add(group.getMetadata().getName());
    ThingGroup current = group;
    while (current.getSpec() != null && current.getSpec().getParentGroup() != null) {
      String parent = current.getSpec().getParentGroup();
      if (!chain.add(parent)) {
        return new ParentChain(chain, parent, null);
      }
      Optional<ThingGroup> next = fleet.group(namespace, parent);
      if (next.isEmpty()) {
        return new ParentChain(chain, null, parent);
      }
      current = next.get();
    }
    return new ParentChain(chain, null, null);
  }

  /**
   * @param groups the group and its ancestors, nearest first
   * @param cycleAt the group at which the chain loops, or null
   * @param missingParent a parent that does not exist, or null
   */
  public record ParentChain(Set<String> groups, String cycleAt, String missingParent) {
    public boolean hasCycle() {
      return cycleAt != null;
    }
  }
}
