package dev.iotjobs.operator.groups;

import dev.iotjobs.api.targets.LabelSelectors;
import dev.iotjobs.api.targets.GroupMembership;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.api.model.ThingGroupStatus;
import dev.iotjobs.operator.k8s.Conditions;
import dev.iotjobs.operator.k8s.EventRecorder;
import dev.iotjobs.operator.k8s.StatusWriter;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Keeps each ThingGroup's memberCount and Ready condition true as Things and groups change. */
public class ThingGroupReconciler implements Reconciler<ThingGroup> {
  public static final String READY = "Ready";
  /** The deepest a group hierarchy may go, counting the root group as level 1 (AWS's limit). */
  public static final int MAX_DEPTH = 7;
  private static final long NOT_SYNCED_RETRY_MS = 200;
  private final FleetCache fleet;
  private final Clock clock;
  private final EventRecorder events;
  private final StatusWriter<ThingGroupStatus, ThingGroup> statusWriter;
  private final SimpleInboundEventSource<ThingGroup> fleetEvents = new SimpleInboundEventSource<>("fleet-changes");

  public ThingGroupReconciler(KubernetesClient client, FleetCache fleet, EventRecorder events, Clock clock) {
    this.fleet = fleet;
    this.clock = clock;
    this.events = events;
    this.statusWriter = new StatusWriter<>(client, ThingGroupReconciler::copy);
    fleet.addListener(new FleetCache.FleetListener() {
      @Override
      public void thingChanged(Thing old, Thing current) {
        affectedBy(old == null ? current : old, old, current).forEach(fleetEvents::propagateEvent);
      }

      @Override
      public void groupChanged(ThingGroup old, ThingGroup current) {
        // a group change can move members, parents and cycles of any group in the namespace; groups are few
        String namespace = (current == null ? old : current).getMetadata().getNamespace();
        fleet.groups(namespace).forEach(g -> fleetEvents.propagateEvent(ResourceID.fromResource(g)));
      }
    });
  }

  @Override
  public List<EventSource<?, ThingGroup>> prepareEventSources(EventSourceContext<ThingGroup> context) {
    return List.of(fleetEvents);
  }

  /** Groups whose members a Thing change can alter: those that list or select it, before or after, and their parents. */
  private Set<ResourceID> affectedBy(Thing any, Thing old, Thing current) {
    String namespace = any.getMetadata().getNamespace();
    String name = any.getMetadata().getName();
    Set<ResourceID> affected = new HashSet<>();
    for (ThingGroup group : fleet.groups(namespace)) {
      if (group.getSpec() == null) {
        continue;
      }
      boolean listed = group.getSpec().getThings() != null && group.getSpec().getThings().contains(name);
      boolean selected = (old != null && LabelSelectors.matches(group.getSpec().getSelector(), old.getMetadata().getLabels()))
          || (current != null && LabelSelectors.matches(group.getSpec().getSelector(), current.getMetadata().getLabels()));
      if (listed || selected) {
        for (String ancestor : GroupMembership.parentChain(group, fleet).groups()) {
          affected.add(new ResourceID(ancestor, namespace));
        }
      }
    }
    return affected;
  }

  @Override
  public UpdateControl<ThingGroup> reconcile(ThingGroup group, Context<ThingGroup> context) {
    if (!fleet.hasSynced()) {
      return UpdateControl.<ThingGroup>noUpdate().rescheduleAfter(NOT_SYNCED_RETRY_MS);
    }
    Instant now = clock.instant();
    String namespace = group.getMetadata().getNamespace();
    ThingGroupStatus previous = statusWriter.latest(group);
    ThingGroupStatus next = previous == null ? new ThingGroupStatus() : copy(previous);
    Long generation = group.getMetadata().getGeneration();
    int members = GroupMembership.members(namespace, group.getMetadata().getName(), fleet).size();
    next.setMemberCount(members);
    next.setObservedGeneration(generation);

    GroupMembership.ParentChain chain = GroupMembership.parentChain(group, fleet);
    String selectorProblem = group.getSpec() == null ? null : LabelSelectors.violation(group.getSpec().getSelector());
    if (chain.hasCycle()) {
      String message = "parentGroup references loop: " + String.join(" -> ", chain.groups()) + " -> " + chain.cycleAt()
          + ". Members of the loop's groups are counted once; break the loop by changing a parentGroup.";
      Conditions.set(next.getConditions(), READY, false, "CycleDetected", message, generation, now);
      events.warning(group, "CycleDetected", message);
    } else if (chain.missingParent() != null) {
      String message = "parentGroup " + chain.missingParent() + " does not exist; jobs that target it cannot reach"
          + " this group until it is created.";
      Conditions.set(next.getConditions(), READY, false, "ParentGroupNotFound", message, generation, now);
      events.warning(group, "ParentGroupNotFound", message);
    } else if (chain.groups().size() > MAX_DEPTH) {
      java.util.List<String> rootFirst = new java.util.ArrayList<>(chain.groups());
      java.util.Collections.reverse(rootFirst);
      String message = "this group is " + chain.groups().size() + " levels deep (" + String.join(" <- ", rootFirst)
          + "); a hierarchy may be at most " + MAX_DEPTH
          + " levels deep, as on AWS. Its members still count; re-parent it closer to the root.";
      Conditions.set(next.getConditions(), READY, false, "HierarchyTooDeep", message, generation, now);
      events.warning(group, "HierarchyTooDeep", message);
    } else if (selectorProblem != null) {
      Conditions.set(next.getConditions(), READY, false, "InvalidSelector", selectorProblem, generation, now);
      events.warning(group, "InvalidSelector", selectorProblem);
    } else {
      Conditions.set(next.getConditions(), READY, true, "MembersResolved",
          members + (members == 1 ? " thing is" : " things are") + " a member.", generation, now);
    }
    statusWriter.write(group, next);
    return UpdateControl.noUpdate();
  }

  static ThingGroupStatus copy(ThingGroupStatus source) {
    ThingGroupStatus copy = new ThingGroupStatus();
    copy.setMemberCount(source.getMemberCount());
    copy.setObservedGeneration(source.getObservedGeneration());
    copy.setConditions(Conditions.copy(source.getConditions()));
    return copy;
  }
}
