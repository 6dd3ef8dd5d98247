package dev.iotjobs.operator.targets;

import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a job must remember across operator restarts that is a list of things, and so cannot go into its status: the
 * SNAPSHOT targets fixed at its start (a paced rollout may run for days), the things whose execution a user deleted
 * (DeleteJobExecution: never queued again), and the things whose execution retention pruned, with the status it ended
 * in (the ledger the counters are kept from once the executions are gone; never queued again either). Kept in ConfigMaps owned by the job, {@code <job>.targets} and, past
 * {@link NameListCodec#NAMES_PER_CHUNK} targets, {@code <job>.targets-1}, {@code -2}, ...; read once per job and then
 * served from memory.
 */
public class JobTargetStore {
  static final String SNAPSHOT_KEY = "snapshot.gz";
  static final String DELETED_KEY = "deleted.gz";
  static final String PRUNED_KEY = "pruned.gz";
  /** Room for the ledger (base64 grows it by a third) beside the first snapshot chunk and the deleted names. */
  static final int MAX_LEDGER_BYTES = 400 * 1024;
  static final String CHUNKS_KEY = "snapshotChunks";
  private static final String LABEL = "iotjobs.dev/job-targets";
  private final KubernetesClient client;
  private final Map<String, Memory> cache = new ConcurrentHashMap<>();

  /**
   * A job's remembered targets: the snapshot (null when none was taken), the deleted things, and the pruned things with
   * the status their execution ended in.
   */
  public record Memory(List<String> snapshot, Set<String> deleted, Map<String, ExecutionStatus> pruned) {
    static Memory empty() {
      return new Memory(null, Set.of(), Map.of());
    }

    Memory withDeleted(Set<String> names) {
      return new Memory(snapshot, names, pruned);
    }

    /** Things the rollout never queues again: deleted by a user or pruned by retention. */
    public Set<String> gone() {
      Set<String> gone = new java.util.HashSet<>(deleted);
      gone.addAll(pruned.keySet());
      return gone;
    }
  }

  public JobTargetStore(KubernetesClient client) {
    this.client = client;
  }

  public static String name(IoTJob job) {
    return job.getMetadata().getName() + ".targets";
  }

  public Memory memory(IoTJob job) {
    return cache.computeIfAbsent(job.getMetadata().getUid(), uid -> load(job));
  }

  private Memory load(IoTJob job) {
    ConfigMap head = get(job, name(job));
    if (head == null) {
      return Memory.empty();
    }
    Set<String> deleted = Collections.unmodifiableSet(new TreeSet<>(decoded(head, DELETED_KEY)));
    Map<String, ExecutionStatus> pruned = new java.util.TreeMap<>();
    for (String entry : decoded(head, PRUNED_KEY)) {
      int at = entry.lastIndexOf('=');
      pruned.put(entry.substring(0, at), ExecutionStatus.valueOf(entry.substring(at + 1)));
    }
    if (head.getData() == null || head.getData().get(CHUNKS_KEY) == null) {
      return new Memory(null, deleted, Collections.unmodifiableMap(pruned));
    }
    int chunks = Integer.parseInt(head.getData().get(CHUNKS_KEY));
    List<String> snapshot = new ArrayList<>(decoded(head, SNAPSHOT_KEY));
    for (int i = 1; i < chunks; i++) {
      ConfigMap chunk = get(job, name(job) + "-" + i);
      if (chunk == null) {
        throw new IllegalStateException("ConfigMap " + name(job) + "-" + i + " of job " + job.getMetadata().getName()
            + "'s target snapshot is missing");
      }
      snapshot.addAll(decoded(chunk, SNAPSHOT_KEY));
    }
    return new Memory(Collections.unmodifiableList(snapshot), deleted, Collections.unmodifiableMap(pruned));
  }

  /** Pins the job's SNAPSHOT targets (sorted); written once, when the job starts. */
  public void saveSnapshot(IoTJob job, Collection<String> targets) {
    List<List<String>> chunks = NameListCodec.chunks(List.copyOf(targets));
    for (int i = chunks.size() - 1; i >= 1; i--) {
      put(job, name(job) + "-" + i, Map.of(), Map.of(SNAPSHOT_KEY, NameListCodec.encode(chunks.get(i))));
    }
    Memory before = memory(job);
    Map<String, byte[]> binary = new java.util.HashMap<>();
    binary.put(SNAPSHOT_KEY, NameListCodec.encode(chunks.get(0)));
    binary.put(DELETED_KEY, NameListCodec.encode(before.deleted()));
    binary.put(PRUNED_KEY, NameListCodec.encode(ledger(before.pruned())));
    put(job, name(job), Map.of(CHUNKS_KEY, String.valueOf(chunks.size())), binary);
    cache.put(job.getMetadata().getUid(), new Memory(List.copyOf(targets), before.deleted(), before.pruned()));
  }

  /** Remembers things whose execution a user deleted. */
  public void addDeleted(IoTJob job, Collection<String> things) {
    Memory before = memory(job);
    TreeSet<String> deleted = new TreeSet<>(before.deleted());
    if (!deleted.addAll(things)) {
      return;
    }
    putKey(job, DELETED_KEY, NameListCodec.encode(deleted));
    cache.put(job.getMetadata().getUid(), before.withDeleted(Collections.unmodifiableSet(deleted)));
  }

  /**
   * Records things whose execution retention is about to delete, with the status each ended in. Written before the
   * deletes: an execution both in the ledger and still in the cache is counted once, from the ledger. Returns false,
   * writing nothing, when the ledger would no longer fit the job's ConfigMap (with the rest of it, under 1 MiB).
   */
  public boolean addPruned(IoTJob job, Map<String, ExecutionStatus> things) {
    Memory before = memory(job);
    Map<String, ExecutionStatus> pruned = new java.util.TreeMap<>(before.pruned());
    pruned.putAll(things);
    byte[] encoded = NameListCodec.encode(ledger(pruned));
    if (encoded.length > MAX_LEDGER_BYTES) {
      return false;
    }
    putKey(job, PRUNED_KEY, encoded);
    cache.put(job.getMetadata().getUid(), new Memory(before.snapshot(), before.deleted(),
        Collections.unmodifiableMap(pruned)));
    return true;
  }

  private static List<String> ledger(Map<String, ExecutionStatus> pruned) {
    return pruned.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().name()).toList();
  }

  /** Rewrites one key of the head ConfigMap, keeping the others. */
  private void putKey(IoTJob job, String key, byte[] value) {
    ConfigMap head = get(job, name(job));
    Map<String, String> data = head == null || head.getData() == null ? Map.of() : head.getData();
    Map<String, byte[]> binary = new java.util.HashMap<>();
    if (head != null && head.getBinaryData() != null) {
      head.getBinaryData().forEach((k, v) -> binary.put(k, Base64.getDecoder().decode(v)));
    }
    binary.put(key, value);
    put(job, name(job), data, binary);
  }

  /** Deletes the job's ConfigMaps (a real cluster's garbage collector would too, through the owner reference). */
  public void delete(IoTJob job) {
    cache.remove(job.getMetadata().getUid());
    ConfigMap head = get(job, name(job));
    if (head == null) {
      return;
    }
    String chunks = head.getData() == null ? null : head.getData().get(CHUNKS_KEY);
    for (int i = 1; chunks != null && i < Integer.parseInt(chunks); i++) {
      client.configMaps().inNamespace(job.getMetadata().getNamespace()).withName(name(job) + "-" + i).delete();
    }
    client.resource(head).delete();
  }

  public void forget(IoTJob job) {
    cache.remove(job.getMetadata().getUid());
  }

  private ConfigMap get(IoTJob job, String name) {
    return client.configMaps().inNamespace(job.getMetadata().getNamespace()).withName(name).get();
  }

  private static List<String> decoded(ConfigMap map, String key) {
    if (map.getBinaryData() == null || map.getBinaryData().get(key) == null) {
      return List.of();
    }
    return NameListCodec.decode(Base64.getDecoder().decode(map.getBinaryData().get(key)));
  }

  private void put(IoTJob job, String name, Map<String, String> data, Map<String, byte[]> binary) {
    Map<String, String> encoded = new java.util.HashMap<>();
    binary.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
    ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(job.getMetadata().getNamespace())
        .withLabels(Map.of(LABEL, job.getMetadata().getName()))
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(job.getApiVersion()).withKind(job.getKind())
            .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid()).withController(false).build())
        .endMetadata().withData(data.isEmpty() ? null : data).withBinaryData(encoded).build();
    client.resource(map).createOr(NonDeletingOperation::update);
  }
}
