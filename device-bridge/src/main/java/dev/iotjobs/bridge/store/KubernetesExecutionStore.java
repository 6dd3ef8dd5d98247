package dev.iotjobs.bridge.store;

import dev.iotjobs.api.runtime.InformerIndexes;
import dev.iotjobs.api.runtime.StatusPatches;
import dev.iotjobs.api.ThingNames;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.bridge.protocol.ExecutionRepository;
import dev.iotjobs.bridge.protocol.PresenceBacklog;
import dev.iotjobs.bridge.protocol.PresenceDebounce;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The bridge's view of Kubernetes: informer caches of JobExecutions (by thing and by job), IoTJobs and
 * Things, and guarded status writes. Thing names on MQTT carry no namespace: a thing is looked up by name in every
 * watched namespace, so thing names should be unique across the namespaces one bridge serves.
 */
public class KubernetesExecutionStore implements ExecutionRepository, AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubernetesExecutionStore.class);
  static final String BY_JOB = "job";
  private static final String BY_NAME = "name";
  private final KubernetesClient client;
  private final List<SharedIndexInformer<JobExecution>> executions = new ArrayList<>();
  private final List<ThingIndexedStore> executionStores = new ArrayList<>();
  private final List<SharedIndexInformer<IoTJob>> jobs = new ArrayList<>();
  private final List<SharedIndexInformer<Thing>> things = new ArrayList<>();
  private final List<BiConsumer<JobExecution, JobExecution>> executionListeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<IoTJob, IoTJob>> jobListeners = new CopyOnWriteArrayList<>();
  /**
   * Our own status writes until the informer delivers them. A device that starts an execution and reports on it
   * at once would otherwise be served the cache's older copy, and the write based on it would end in a conflict and
   * a re-read: two wasted API requests per execution.
   */
  private final Map<String, JobExecution> recentWrites = new ConcurrentHashMap<>();
  /**
   * lastSeenAt writes, off the request path, one at a time, at most {@value #PRESENCE_WRITES_PER_SECOND} a second:
   * presence is a hint and must not slow the execution writes a busy rollout needs (the API server serves writes one
   * at a time). A burst waits in the backlog rather than being dropped, or most of a fleet reconnecting at once would
   * show no lastSeenAt until each device's next request a minute later.
   */
  private static final int PRESENCE_WRITES_PER_SECOND = 20;
  private static final int PRESENCE_BACKLOG = 200_000;
  private final PresenceBacklog presenceBacklog = new PresenceBacklog(PRESENCE_BACKLOG);
  private final java.util.concurrent.ScheduledExecutorService presenceWriter =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "presence-writer");
        thread.setDaemon(true);
        return thread;
      });

  public KubernetesExecutionStore(KubernetesClient client, Set<String> namespaces) {
    this.client = client;
    executionListeners.add(this::forgetDeliveredWrite);
    for (String namespace : namespaces.isEmpty() ? Set.of("") : namespaces) {
      ThingIndexedStore store = new ThingIndexedStore();
      SharedIndexInformer<JobExecution> e = dev.iotjobs.api.runtime.LeanItemStore.informer(client, JobExecution.class,
          namespace.isEmpty() ? null : namespace, store);
      // nothing here reads by namespace: a key per execution fewer (a million of them in a large fleet)
      e.removeNamespaceIndex();
      e.addIndexers(ThingIndexedStore.INDEXERS);
      executionStores.add(store);
      e.addEventHandler(handler(executionListeners));
      executions.add(e);
      SharedIndexInformer<IoTJob> j = informer(IoTJob.class, namespace);
      j.addEventHandler(handler(jobListeners));
      jobs.add(j);
      SharedIndexInformer<Thing> t = informer(Thing.class, namespace);
      t.addIndexers(Map.of(BY_NAME, x -> List.of(x.getMetadata().getName())));
      things.add(t);
    }
  }

  /** An informer whose cache keeps lean copies (no managedFields): at a million executions that is most of a GiB. */
  private <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type, String namespace) {
    return dev.iotjobs.api.runtime.LeanItemStore.informer(client, type, namespace.isEmpty() ? null : namespace);
  }

  private static <T> ResourceEventHandler<T> handler(List<BiConsumer<T, T>> listeners) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        listeners.forEach(l -> l.accept(null, obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        listeners.forEach(l -> l.accept(oldObj, newObj));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        listeners.forEach(l -> l.accept(obj, null));
      }
    };
  }

  /**
   * Called with (old, new) on every execution change; old is null on add, new is null on delete. Listeners must return
   * at once, handing any work on: in the bridge's process they run on the thread that reads the watch
   * ({@link dev.iotjobs.api.runtime.KubernetesClients#fromEnvironmentWithEventsHandledInPlace}).
   */
  public void onExecutionChange(BiConsumer<JobExecution, JobExecution> listener) {
    executionListeners.add(listener);
  }

  /** As {@link #onExecutionChange}, for jobs: must return at once. */
  public void onJobChange(BiConsumer<IoTJob, IoTJob> listener) {
    jobListeners.add(listener);
  }

  /** Starts the informers; returns once every cache holds the current state. */
  public void start() {
    things.forEach(SharedIndexInformer::run);
    jobs.forEach(SharedIndexInformer::run);
    executions.forEach(SharedIndexInformer::run);
  }

  public boolean hasSynced() {
    return executions.stream().allMatch(SharedIndexInformer::hasSynced)
        && jobs.stream().allMatch(SharedIndexInformer::hasSynced)
        && things.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /** Every execution in the cache: for building the first notification baseline. */
  public List<JobExecution> allExecutions() {
    List<JobExecution> all = new ArrayList<>();
    executions.forEach(i -> all.addAll(i.getStore().list()));
    return all;
  }

  public List<JobExecution> executionsOfJob(String namespace, String jobId) {
    List<JobExecution> result = new ArrayList<>();
    executions.forEach(i -> result.addAll(InformerIndexes.byIndex(i.getIndexer(), BY_JOB, namespace + "/" + jobId)));
    return result;
  }

  /**
   * The thing's executions, only from the namespace of the Thing that holds the name: a Thing of the same name in
   * another watched namespace must not get its jobs to this device (dev.iotjobs.api.ThingNames).
   */
  @Override
  public Collection<JobExecution> executionsOf(String thingName) {
    String namespace = holderNamespace(thingName);
    List<JobExecution> result = new ArrayList<>();
    executionStores.forEach(store -> store.executionsOf(thingName).forEach(e -> {
      if (namespace == null || namespace.equals(e.namespace())) {
        result.add(freshest(e));
      }
    }));
    return result;
  }

  private String holderNamespace(String thingName) {
    Thing holder = holder(thingName);
    return holder == null ? null : holder.getMetadata().getNamespace();
  }

  /** The Thing that holds the name among the watched namespaces, from the cache; null when there is none. */
  private Thing holder(String thingName) {
    List<Thing> named = new ArrayList<>();
    things.forEach(i -> named.addAll(InformerIndexes.byIndex(i.getIndexer(), BY_NAME, thingName)));
    return named.size() <= 1 ? (named.isEmpty() ? null : named.get(0)) : ThingNames.holder(named).orElse(null);
  }

  /** The cached execution, or our own later write of it that the informer has not delivered yet. */
  private JobExecution freshest(JobExecution cached) {
    if (recentWrites.isEmpty()) {
      return cached;
    }
    JobExecution written = recentWrites.get(cached.cacheKey());
    return written != null && isNewer(written, cached) ? written : cached;
  }

  private void forgetDeliveredWrite(JobExecution old, JobExecution current) {
    JobExecution delivered = current == null ? old : current;
    String key = delivered.cacheKey();
    JobExecution written = recentWrites.get(key);
    if (written != null && (current == null || !isNewer(written, current))) {
      recentWrites.remove(key, written);
    }
  }

  private void remember(JobExecution written) {
    String key = written.cacheKey();
    recentWrites.put(key, written);
    // the informer may have delivered it before its response got here: then no event would let it go (a finished
    // execution has no later one), and it would stay in the heap for good
    for (ThingIndexedStore store : executionStores) {
      JobExecution cached = store.get(key);
      if (cached != null && !isNewer(written, cached)) {
        recentWrites.remove(key, written);
      }
    }
  }

  /** Our own status writes the informer has not delivered yet. */
  public int unseenWrites() {
    return recentWrites.size();
  }

  /** resourceVersions are opaque, but numeric on every API server; anything else is never taken for newer. */
  private static boolean isNewer(JobExecution a, JobExecution b) {
    try {
      return Long.parseLong(a.resourceVersion()) > Long.parseLong(b.resourceVersion()); // without building metadata
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @Override
  public Optional<JobExecution> execution(String thingName, String jobId) {
    return executionsOf(thingName).stream().filter(e -> jobId.equals(e.getSpec().getJobId())).findFirst();
  }

  @Override
  public Optional<IoTJob> job(String namespace, String jobId) {
    String key = Cache.namespaceKeyFunc(namespace, jobId);
    for (SharedIndexInformer<IoTJob> informer : jobs) {
      IoTJob job = informer.getStore().getByKey(key);
      if (job != null) {
        return Optional.of(job);
      }
    }
    return Optional.empty();
  }

  /** Queues a write of the Thing's status.lastSeenAt, done in turn at the capped rate. */
  @Override
  public void thingSeen(String thingName, java.time.Instant at) {
    queuePresence(new PresenceBacklog.Seen(thingName, at, null));
  }

  /** Queues a write of the Thing's status.connected (and lastSeenAt), as the broker told it, in turn at the capped rate. */
  public void thingPresence(String thingName, boolean connected, java.time.Instant at) {
    queuePresence(new PresenceBacklog.Seen(thingName, at, connected));
  }

  private void queuePresence(PresenceBacklog.Seen seen) {
    if (presenceChange(seen, holder(seen.thing())) != null && presenceBacklog.offer(seen.thing(), seen.at(), seen.connected())) {
      try {
        presenceWriter.execute(this::writeNextPresence);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // the store is closing: presence is a hint
      }
    }
  }

  /** One presence write, then the next after the cap's interval, until the backlog is found empty. */
  private void writeNextPresence() {
    PresenceBacklog.Seen seen = presenceBacklog.poll();
    if (seen == null) {
      return;
    }
    try {
      Thing patch = presencePatch(seen);
      if (patch != null) {
        // a plain merge patch, its answer unread: through Fabric8's resource operation (a copy of the object, the URL
        // parsed, the whole Thing bound from the answer) each write cost as much CPU as an execution's status write
        StatusPatches.merge(client, patch);
      }
    } catch (RuntimeException e) {
      LOG.debug("presence not written thing={} error=\"{}\"", seen.thing(), e.getMessage());
    }
    try {
      presenceWriter.schedule(this::writeNextPresence, 1000 / PRESENCE_WRITES_PER_SECOND,
          java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the store is closing
    }
  }

  /**
   * The merge patch of the Thing's status that records this presence (the object itself: name, namespace and the
   * status fields that change; no read before the write), or null when there is nothing to write: no such Thing, the
   * connection state is as recorded, and lastSeenAt was written less than a debounce interval before (by this bridge,
   * another replica, or this one before a restart). lastSeenAt never goes back.
   */
  private Thing presencePatch(PresenceBacklog.Seen seen) {
    Thing holder = holder(seen.thing());
    dev.iotjobs.api.model.ThingStatus status = presenceChange(seen, holder);
    if (status == null) {
      return null;
    }
    Thing patch = new Thing();
    patch.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(seen.thing())
        .withNamespace(holder.getMetadata().getNamespace()).build());
    patch.setSpec(null);
    patch.setStatus(status);
    return patch;
  }

  /**
   * The status fields this presence changes on the Thing, or null when none: asked on every device request, so
   * nothing more is built for it.
   */
  private static dev.iotjobs.api.model.ThingStatus presenceChange(PresenceBacklog.Seen seen, Thing holder) {
    if (holder == null) {
      return null;
    }
    dev.iotjobs.api.model.ThingStatus recorded = holder.getStatus() == null ? new dev.iotjobs.api.model.ThingStatus()
        : holder.getStatus();
    java.time.Instant last = dev.iotjobs.api.Times.parse(recorded.getLastSeenAt());
    boolean seenChanged = last == null || !seen.at().isBefore(last.plus(PresenceDebounce.INTERVAL))
        || seen.connected() != null && seen.at().isAfter(last);
    boolean connectedChanged = seen.connected() != null && !seen.connected().equals(recorded.getConnected());
    if (!seenChanged && !connectedChanged) {
      return null;
    }
    dev.iotjobs.api.model.ThingStatus status = new dev.iotjobs.api.model.ThingStatus();
    if (last == null || seen.at().isAfter(last)) {
      status.setLastSeenAt(dev.iotjobs.api.Times.format(seen.at()));
    }
    if (connectedChanged) {
      status.setConnected(seen.connected());
    }
    return status;
  }

  @Override
  public boolean thingKnown(String thingName) {
    return things.stream().anyMatch(i -> !InformerIndexes.byIndex(i.getIndexer(), BY_NAME, thingName).isEmpty());
  }

  @Override
  public JobExecution writeStatus(JobExecution basedOn, JobExecutionStatus status) throws Conflict, Gone {
    try {
      // what changed, guarded by the resourceVersion it is based on: copying and sending whole executions was a quarter
      // of the bridge's CPU
      JobExecution stored = StatusPatches.write(client, basedOn, status);
      remember(stored);
      return stored;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new Conflict();
      }
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        throw new Gone();
      }
      throw e;
    }
  }

  @Override
  public Optional<JobExecution> reread(JobExecution execution) {
    JobExecution current = client.resource(execution).get();
    if (current != null) {
      remember(current);
    }
    return Optional.ofNullable(current);
  }

  @Override
  public void close() {
    presenceWriter.shutdownNow();
    executions.forEach(SharedIndexInformer::close);
    jobs.forEach(SharedIndexInformer::close);
    things.forEach(SharedIndexInformer::close);
  }
}
