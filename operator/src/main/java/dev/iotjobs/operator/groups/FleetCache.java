package dev.iotjobs.operator.groups;

import dev.iotjobs.api.targets.FleetView;
import dev.iotjobs.api.runtime.InformerIndexes;
import dev.iotjobs.api.ThingNames;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One informer cache of Things and one of ThingGroups for the whole operator, indexed so that group membership and
 * target resolution are lookups, never a list call to the API server. Reconcilers subscribe to changes.
 */
public class FleetCache implements FleetView, AutoCloseable {
  private static final String BY_LABEL = "label";
  private static final String BY_PARENT = "parent";
  private static final String BY_NAME = "name";
  private static final String ALL = "";
  private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
  private final Map<String, SharedIndexInformer<Thing>> things = new HashMap<>();
  private final Map<String, SharedIndexInformer<ThingGroup>> groups = new HashMap<>();
  private final List<FleetListener> listeners = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, java.time.Instant> lastMembershipChange = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.time.Clock clock;
  /** Names more than one watched Thing has, kept at each add and delete so that lookups need not ask every time. */
  private final Set<String> sharedNames = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Whether a Thing change can change which groups and jobs it belongs to: it came, went, its labels changed, or its
   * conditions did (a DuplicateThingName keeps it out of jobs). Its presence (lastSeenAt, connected: written by the
   * bridge all day) cannot, and reacting to it walked the fleet for nothing (a third of the operator's CPU with
   * 10,000 devices).
   */
  static boolean mayChangeMembership(Thing old, Thing current) {
    return old == null || current == null
        || !java.util.Objects.equals(old.getMetadata().getLabels(), current.getMetadata().getLabels())
        || !java.util.Objects.equals(conditions(old), conditions(current));
  }

  /**
   * Whether a ThingGroup change can move members: only its spec can (things, selector, parent). Its status is the
   * group reconciler's own memberCount and conditions; reacting to it woke every group and job of the namespace once
   * per write (ThingGroupIT counts the reconciles).
   */
  static boolean mayChangeMembers(ThingGroup old, ThingGroup current) {
    return old == null || current == null || !java.util.Objects.equals(old.getSpec(), current.getSpec());
  }

  private static List<io.fabric8.kubernetes.api.model.Condition> conditions(Thing thing) {
    return thing.getStatus() == null ? null : thing.getStatus().getConditions();
  }

  /**
   * A change to a Thing or ThingGroup: old is null on add, current is null on delete. Changes that cannot change
   * membership (a Thing's presence: lastSeenAt, connected; a group's status) are not passed on
   * ({@link #mayChangeMembership}, {@link #mayChangeMembers}).
   */
  public interface FleetListener {
    void thingChanged(Thing old, Thing current);

    void groupChanged(ThingGroup old, ThingGroup current);
  }

  /** Watches the given namespaces, or all namespaces when the set is empty. */
  public FleetCache(KubernetesClient client, Set<String> namespaces, java.time.Clock clock) {
    this.clock = clock;
    addListener(new FleetListener() {
      @Override
      public void thingChanged(Thing old, Thing current) {
        if (old == null || current == null) {
          countNames((current == null ? old : current).getMetadata().getName());
        }
        membershipMayHaveChanged(current == null ? old : current);
      }

      @Override
      public void groupChanged(ThingGroup old, ThingGroup current) {
        membershipMayHaveChanged(current == null ? old : current);
      }
    });
    for (String namespace : namespaces.isEmpty() ? Set.of(ALL) : namespaces) {
      SharedIndexInformer<Thing> thingInformer = inform(client, Thing.class, namespace);
      thingInformer.addIndexers(Map.of(BY_LABEL, FleetCache::labelKeys,
          BY_NAME, thing -> List.of(thing.getMetadata().getName())));
      thingInformer.addEventHandler(handler(FleetListener::thingChanged, FleetCache::mayChangeMembership));
      things.put(namespace, thingInformer);
      SharedIndexInformer<ThingGroup> groupInformer = inform(client, ThingGroup.class, namespace);
      groupInformer.addIndexers(Map.of(BY_PARENT, group -> group.getSpec() == null
          || group.getSpec().getParentGroup() == null ? List.of()
          : List.of(group.getMetadata().getNamespace() + "/" + group.getSpec().getParentGroup())));
      groupInformer.addEventHandler(handler(FleetListener::groupChanged, FleetCache::mayChangeMembers));
      groups.put(namespace, groupInformer);
    }
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(KubernetesClient client, Class<T> type, String namespace) {
    // a million Things: the cache keeps lean copies (no managedFields, no last-applied annotation)
    SharedIndexInformer<T> informer = dev.iotjobs.api.runtime.LeanItemStore.informer(client, type,
        ALL.equals(namespace) ? null : namespace);
    informers.add(informer);
    return informer;
  }

  private static <T> SharedIndexInformer<T> of(Map<String, SharedIndexInformer<T>> byNamespace, String namespace) {
    SharedIndexInformer<T> informer = byNamespace.get(namespace);
    return informer != null ? informer : byNamespace.get(ALL);
  }

  /** Passes adds, deletes and the updates that matter to every listener. */
  private <T> ResourceEventHandler<T> handler(TriConsumer<FleetListener, T> dispatch,
      java.util.function.BiPredicate<T, T> updateMatters) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        listeners.forEach(l -> dispatch.accept(l, null, obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (updateMatters.test(oldObj, newObj)) {
          listeners.forEach(l -> dispatch.accept(l, oldObj, newObj));
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        listeners.forEach(l -> dispatch.accept(l, obj, null));
      }
    };
  }

  @FunctionalInterface
  private interface TriConsumer<A, B> {
    void accept(A listener, B old, B current);
  }

  private static List<String> labelKeys(Thing thing) {
    Map<String, String> labels = thing.getMetadata().getLabels();
    if (labels == null) {
      return List.of();
    }
    List<String> keys = new ArrayList<>(labels.size());
    labels.forEach((k, v) -> keys.add(labelKey(thing.getMetadata().getNamespace(), k, v)));
    return keys;
  }

  private static String labelKey(String namespace, String key, String value) {
    return namespace + "/" + key + "=" + value;
  }

  private void membershipMayHaveChanged(HasMetadata changed) {
    lastMembershipChange.put(changed.getMetadata().getNamespace(), clock.instant());
  }

  /**
   * When a Thing or ThingGroup of the namespace was last added, deleted, relabelled or re-specified (status writes do
   * not count), as this process saw it; null when nothing has changed since it started watching.
   */
  public java.time.Instant lastMembershipChange(String namespace) {
    return lastMembershipChange.get(namespace);
  }

  public void addListener(FleetListener listener) {
    listeners.add(listener);
  }

  /** Starts the informers and waits until both caches hold the current state. */
  public void start() {
    informers.forEach(SharedIndexInformer::run);
  }

  public boolean hasSynced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }

  @Override
  public Optional<ThingGroup> group(String namespace, String name) {
    return byKey(groups, namespace, name);
  }

  @Override
  public Collection<ThingGroup> childGroups(String namespace, String parent) {
    return indexed(groups, namespace, BY_PARENT, namespace + "/" + parent);
  }

  @Override
  public Collection<ThingGroup> groups(String namespace) {
    return inNamespace(groups, namespace);
  }

  @Override
  public boolean thingExists(String namespace, String name) {
    return thing(namespace, name).isPresent();
  }

  @Override
  public Optional<Thing> thing(String namespace, String name) {
    return byKey(things, namespace, name).filter(this::holdsName);
  }

  @Override
  public Collection<Thing> thingsLabelled(String namespace, String key, String value) {
    return withNames(indexed(things, namespace, BY_LABEL, labelKey(namespace, key, value)));
  }

  @Override
  public Collection<Thing> things(String namespace) {
    return withNames(inNamespace(things, namespace));
  }

  /** Every watched Thing of this name, in any namespace. */
  public List<Thing> thingsNamed(String name) {
    List<Thing> named = new ArrayList<>();
    things.values().forEach(informer -> named.addAll(InformerIndexes.byIndex(informer.getIndexer(), BY_NAME, name)));
    return named;
  }

  private void countNames(String name) {
    if (thingsNamed(name).size() > 1) {
      sharedNames.add(name);
    } else {
      sharedNames.remove(name);
    }
  }

  /** A Thing whose name an older Thing in another watched namespace holds is no target (dev.iotjobs.api.ThingNames). */
  private boolean holdsName(Thing thing) {
    String name = thing.getMetadata().getName();
    return !sharedNames.contains(name) || ThingNames.holdsName(thing, thingsNamed(name));
  }

  private Collection<Thing> withNames(Collection<Thing> candidates) {
    return sharedNames.isEmpty() ? candidates : candidates.stream().filter(this::holdsName).toList();
  }

  private static <T extends HasMetadata> Collection<T> inNamespace(Map<String, SharedIndexInformer<T>> byNamespace,
      String namespace) {
    return indexed(byNamespace, namespace, Cache.NAMESPACE_INDEX, namespace);
  }

  private static <T> Collection<T> indexed(Map<String, SharedIndexInformer<T>> byNamespace, String namespace,
      String index, String key) {
    SharedIndexInformer<T> informer = of(byNamespace, namespace);
    return informer == null ? List.of() : InformerIndexes.byIndex(informer.getIndexer(), index, key);
  }

  private static <T> Optional<T> byKey(Map<String, SharedIndexInformer<T>> byNamespace, String namespace, String name) {
    SharedIndexInformer<T> informer = of(byNamespace, namespace);
    return informer == null ? Optional.empty()
        : Optional.ofNullable(informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
  }

}
