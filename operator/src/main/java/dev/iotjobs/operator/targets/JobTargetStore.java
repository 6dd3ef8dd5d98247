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
  /** Room for the ledger's first chunk (base64 grows it by a third) beside the first snapshot chunk and the deleted names. */
  static final int MAX_LEDGER_BYTES = 400 * 1024;
  /** A ledger chunk of its own ConfigMap: under 1 MiB once base64-encoded (about 230,000 things each). */
  static final int MAX_LEDGER_CHUNK_BYTES = 700 * 1024;
  /** Chunks a job's ledger may have: 64 hold about 15 million pruned things, with every name in the operator's memory. */
  static final int MAX_LEDGER_CHUNKS = 64;
  static final String PRUNED_CHUNKS_KEY = "prunedChunks";
  static final String CHUNKS_KEY = "snapshotChunks";
  private static final String LABEL = "iotjobs.dev/job-targets";
  private final KubernetesClient client;
  private final Map<String, Memory> cache = new ConcurrentHashMap<>();
  /**
   * Per job: how many ledger chunks there are, what the last one (the only one still written) holds, and every pruned
   * thing, which the job's Memory shows through a read-only view: a batch is added in place, not by copying a ledger
   * of millions for every hundred pruned. A job's reconciles never run at once, so one thread changes its ledger.
   */
  private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();
  private final int chunkBytes;
  private final int headChunkBytes;

  private record Ledger(int chunks, Map<String, ExecutionStatus> open, Map<String, ExecutionStatus> all) {}

  /**
   * A job's remembered targets: the snapshot (null when none was taken), the deleted things, and the pruned things with
   * the status their execution ended in.
   */
  public record Memory(List<String> snapshot, Set<String> deleted, Map<String, ExecutionStatus> pruned) {

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
    this(client, MAX_LEDGER_BYTES, MAX_LEDGER_CHUNK_BYTES);
  }

  /** With smaller ledger chunks: for tests of chunking without writing megabytes. */
  JobTargetStore(KubernetesClient client, int headChunkBytes, int chunkBytes) {
    this.client = client;
    this.headChunkBytes = headChunkBytes;
    this.chunkBytes = chunkBytes;
  }

  private static String ledgerChunkName(IoTJob job, int chunk) {
    return name(job) + "-pruned-" + chunk;
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
      Map<String, ExecutionStatus> none = new java.util.TreeMap<>();
      ledgers.put(job.getMetadata().getUid(), new Ledger(1, Map.of(), none));
      return new Memory(null, Set.of(), Collections.unmodifiableMap(none));
    }
    Set<String> deleted = Collections.unmodifiableSet(new TreeSet<>(decoded(head, DELETED_KEY)));
    Map<String, ExecutionStatus> pruned = new java.util.TreeMap<>();
    Map<String, ExecutionStatus> open = ledgerEntries(decoded(head, PRUNED_KEY));
    int ledgerChunks = head.getData() == null ? 1
        : Integer.parseInt(head.getData().getOrDefault(PRUNED_CHUNKS_KEY, "1"));
    for (int i = 1; i < ledgerChunks; i++) {
      pruned.putAll(open);
      ConfigMap chunk = get(job, ledgerChunkName(job, i));
      if (chunk == null) {
        throw new IllegalStateException("ConfigMap " + ledgerChunkName(job, i) + " of job " + job.getMetadata().getName()
            + "'s record of pruned executions is missing");
      }
      open = ledgerEntries(decoded(chunk, PRUNED_KEY));
    }
    pruned.putAll(open);
    ledgers.put(job.getMetadata().getUid(), new Ledger(ledgerChunks, open, pruned));
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

  private static Map<String, ExecutionStatus> ledgerEntries(List<String> entries) {
    Map<String, ExecutionStatus> pruned = new java.util.TreeMap<>();
    for (String entry : entries) {
      int at = entry.lastIndexOf('=');
      pruned.put(entry.substring(0, at), ExecutionStatus.valueOf(entry.substring(at + 1)));
    }
    return pruned;
  }

  /** Pins the job's SNAPSHOT targets (sorted); written once, when the job starts. */
  public void saveSnapshot(IoTJob job, Collection<String> targets) {
    List<List<String>> chunks = NameListCodec.chunks(List.copyOf(targets));
    for (int i = chunks.size() - 1; i >= 1; i--) {
      put(job, name(job) + "-" + i, Map.of(), Map.of(SNAPSHOT_KEY, NameListCodec.encode(chunks.get(i))));
    }
    Memory before = memory(job);
    putKeys(job, Map.of(CHUNKS_KEY, String.valueOf(chunks.size())), Map.of(SNAPSHOT_KEY,
        NameListCodec.encode(chunks.get(0)), DELETED_KEY, NameListCodec.encode(before.deleted())));
    cache.put(job.getMetadata().getUid(), new Memory(List.copyOf(targets), before.deleted(), before.pruned()));
  }

  /** Remembers things whose execution a user deleted. */
  public void addDeleted(IoTJob job, Collection<String> things) {
    Memory before = memory(job);
    TreeSet<String> deleted = new TreeSet<>(before.deleted());
    if (!deleted.addAll(things)) {
      return;
    }
    putKeys(job, Map.of(), Map.of(DELETED_KEY, NameListCodec.encode(deleted)));
    cache.put(job.getMetadata().getUid(), before.withDeleted(Collections.unmodifiableSet(deleted)));
  }

  /**
   * Records things whose execution retention is about to delete, with the status each ended in. Written before the
   * deletes: an execution both in the ledger and still in the cache is counted once, from the ledger. The ledger is
   * append-only chunks: the first in the job's head ConfigMap, the next ones in ConfigMaps of their own, and only the
   * last one is ever rewritten; a full chunk is followed by a new one (written before the head counts it, so a crash
   * in between loses nothing: the executions are still there and are recorded again). Returns false, writing
   * nothing, when the ledger has {@value #MAX_LEDGER_CHUNKS} full chunks, or when the things alone would not fit one.
   */
  public boolean addPruned(IoTJob job, Map<String, ExecutionStatus> things) {
    memory(job); // loads the ledger's bookkeeping with the memory
    Ledger ledger = ledgers.get(job.getMetadata().getUid());
    if (ledger == null) { // the memory was cached without its ledger's bookkeeping: read both again
      cache.remove(job.getMetadata().getUid());
      memory(job);
      ledger = ledgers.get(job.getMetadata().getUid());
    }
    Map<String, ExecutionStatus> open = new java.util.TreeMap<>(ledger.open());
    open.putAll(things);
    byte[] encoded = NameListCodec.encode(entries(open));
    int chunks = ledger.chunks();
    if (encoded.length > (chunks == 1 ? headChunkBytes : chunkBytes)) {
      if (chunks >= MAX_LEDGER_CHUNKS) {
        return false;
      }
      open = new java.util.TreeMap<>(things);
      encoded = NameListCodec.encode(entries(open));
      if (encoded.length > chunkBytes) {
        return false; // more at once than a chunk holds: retention records 100 at a time, far less
      }
      put(job, ledgerChunkName(job, chunks), Map.of(), Map.of(PRUNED_KEY, encoded));
      chunks++;
      putKeys(job, Map.of(PRUNED_CHUNKS_KEY, String.valueOf(chunks)), Map.of());
    } else if (chunks == 1) {
      putKeys(job, Map.of(), Map.of(PRUNED_KEY, encoded));
    } else {
      put(job, ledgerChunkName(job, chunks - 1), Map.of(), Map.of(PRUNED_KEY, encoded));
    }
    ledger.all().putAll(things); // seen through the Memory's view
    ledgers.put(job.getMetadata().getUid(), new Ledger(chunks, Collections.unmodifiableMap(open), ledger.all()));
    return true;
  }

  private static List<String> entries(Map<String, ExecutionStatus> pruned) {
    return pruned.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().name()).toList();
  }

  /** Rewrites some keys of the head ConfigMap, keeping the others. */
  private void putKeys(IoTJob job, Map<String, String> dataKeys, Map<String, byte[]> binaryKeys) {
    ConfigMap head = get(job, name(job));
    Map<String, String> data = new java.util.HashMap<>(head == null || head.getData() == null ? Map.of() : head.getData());
    data.putAll(dataKeys);
    Map<String, byte[]> binary = new java.util.HashMap<>();
    if (head != null && head.getBinaryData() != null) {
      head.getBinaryData().forEach((k, v) -> binary.put(k, Base64.getDecoder().decode(v)));
    }
    binary.putAll(binaryKeys);
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
    String ledgerChunks = head.getData() == null ? null : head.getData().get(PRUNED_CHUNKS_KEY);
    for (int i = 1; ledgerChunks != null && i < Integer.parseInt(ledgerChunks); i++) {
      client.configMaps().inNamespace(job.getMetadata().getNamespace()).withName(ledgerChunkName(job, i)).delete();
    }
    ledgers.remove(job.getMetadata().getUid());
    client.resource(head).delete();
  }

  public void forget(IoTJob job) {
    cache.remove(job.getMetadata().getUid());
    ledgers.remove(job.getMetadata().getUid());
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
