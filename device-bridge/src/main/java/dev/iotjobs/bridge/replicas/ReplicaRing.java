package dev.iotjobs.bridge.replicas;

import dev.iotjobs.bridge.mqtt.MqttGateway;
import dev.iotjobs.bridge.replicas.ShardPlan.Acquire;
import dev.iotjobs.bridge.replicas.ShardPlan.ShardLease;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's part in the ring, on Kubernetes Leases: a membership lease it renews, and one lease per shard naming
 * the replica that answers it. Each round (every renewal period) the replica renews, reads the ring's leases and
 * does what {@link ShardPlan} says. Handing a shard over gracefully: the old holder stops answering on every worker,
 * publishes a marker after its last answers and releases the lease naming the marker; the new holder acquires it,
 * waits for the marker (so every answer the old holder sent has reached it) and then answers what no one answered.
 * A dead holder's shards are taken once its membership lease expires; it stopped answering before that itself.
 */
public final class ReplicaRing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaRing.class);
  public static final String RING_LABEL = "iotjobs.dev/bridge-ring";
  public static final String ROLE_LABEL = "iotjobs.dev/bridge-lease";
  public static final String SHARD_LABEL = "iotjobs.dev/bridge-shard";
  public static final String MARKER_ANNOTATION = "iotjobs.dev/handover-marker";
  public static final String RELEASED_AT_ANNOTATION = "iotjobs.dev/released-at";
  private static final Duration MARKER_WAIT = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final ReplicaSettings settings;
  private final MqttGateway gateway;
  private final ShardOwnership ownership;
  private final Clock clock;
  private final BiConsumer<String, byte[]> answerWitnessed;
  private final Consumer<BitSet> shardsTaken;
  private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r,
      "replica-ring"));
  private final Map<String, CompletableFuture<Void>> markers = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Void>> eldest) {
          return size() > 4096;
        }
      });
  private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean backlogDrained;
  /** Markers sent before this replica subscribed never reach it: a shard released before then has none to wait for. */
  private Instant subscribedAt;
  private Instant lastRenewed;
  private Lease member;

  /**
   * @param answerWitnessed answers a witnessed request (topic, payload) on the worker thread that runs it
   * @param shardsTaken told after shards were taken over, to announce their things' pending executions again
   */
  public ReplicaRing(KubernetesClient client, ReplicaSettings settings, MqttGateway gateway, ShardOwnership ownership,
      Clock clock, BiConsumer<String, byte[]> answerWitnessed, Consumer<BitSet> shardsTaken) {
    this.client = client;
    this.settings = settings;
    this.gateway = gateway;
    this.ownership = ownership;
    this.clock = clock;
    this.answerWitnessed = answerWitnessed;
    this.shardsTaken = shardsTaken;
    gateway.onMarker(id -> marker(id).complete(null));
  }

  private CompletableFuture<Void> marker(String id) {
    return markers.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  /**
   * Starts the rounds once the MQTT session is connected and subscribed (later calls do nothing). The first round waits for a marker sent to itself: the
   * requests and answers the broker kept for this replica's session arrive before it, so they are witnessed before
   * the replica takes anything over.
   */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    subscribedAt = clock.instant();
    rounds.execute(() -> {
      String startup = "start-" + settings.identity() + "-" + UUID.randomUUID();
      CompletableFuture<Void> seen = marker(startup);
      publishMarker(startup);
      awaitMarker(seen, startup, Duration.ofSeconds(30));
      backlogDrained = true;
    });
    rounds.scheduleWithFixedDelay(this::round, 0, settings.renewPeriod().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ready once the backlog is witnessed: before that, a replica holds nothing. */
  public boolean isReady() {
    return backlogDrained;
  }

  private void round() {
    try {
      Instant now = clock.instant();
      renew(now);
      boolean live = lastRenewed != null && now.isBefore(lastRenewed.plus(settings.fenceAfter()));
      List<Lease> leases = client.leases().inNamespace(settings.namespace())
          .withLabel(RING_LABEL, settings.ringName()).list().getItems();
      Map<Integer, Lease> shardLeases = new HashMap<>();
      Map<String, Instant> members = new HashMap<>();
      for (Lease lease : leases) {
        Map<String, String> labels = lease.getMetadata().getLabels();
        if ("member".equals(labels.get(ROLE_LABEL)) && lease.getSpec().getRenewTime() != null) {
          Instant expires = lease.getSpec().getRenewTime().toInstant()
              .plusSeconds(lease.getSpec().getLeaseDurationSeconds());
          members.put(lease.getSpec().getHolderIdentity(), expires);
          forgetIfLongGone(lease, expires, now);
        } else if (labels.containsKey(SHARD_LABEL)) {
          shardLeases.put(Integer.parseInt(labels.get(SHARD_LABEL)), lease);
        }
      }
      createMissingShards(shardLeases);
      dropTaken(shardLeases);
      if (!backlogDrained) {
        return;
      }
      List<ShardLease> views = shardLeases.entrySet().stream().map(e -> new ShardLease(e.getKey(),
          blankToNull(e.getValue().getSpec().getHolderIdentity()), markerToAwait(e.getValue()))).toList();
      ShardPlan.Decision decision = ShardPlan.plan(settings.shards(), settings.identity(), live, now, members, views);
      if (!decision.release().isEmpty()) {
        release(decision.release(), live ? shardLeases : Map.of());
      }
      BitSet taken = new BitSet();
      if (live) {
        // leases naming this replica that it does not answer: its earlier self's (a restart within the lease), or
        // its own after a renewal came back late
        java.util.Set<Integer> served = ownership.servedShards();
        shardLeases.forEach((shard, lease) -> {
          if (settings.identity().equals(lease.getSpec().getHolderIdentity()) && !decision.release().contains(shard)
              && !served.contains(shard)) {
            taken.set(shard);
          }
        });
      }
      for (Acquire acquire : decision.acquire()) {
        if (acquire(shardLeases.get(acquire.shard()), now)) {
          awaitMarker(acquire.handoverMarker());
          taken.set(acquire.shard());
        }
      }
      if (!taken.isEmpty()) {
        takeOver(taken);
      }
    } catch (KubernetesClientException e) {
      LOG.warn("replica ring round failed error=\"{}\"", e.getMessage());
      fenceIfLapsed();
    } catch (RuntimeException e) {
      LOG.error("replica ring round failed", e);
      fenceIfLapsed();
    }
  }

  private void renew(Instant now) {
    try {
      if (member == null) {
        member = client.leases().inNamespace(settings.namespace()).withName(memberName()).get();
      }
      ZonedDateTime at = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
      if (member == null) {
        Lease lease = new Lease();
        lease.setMetadata(new ObjectMetaBuilder().withName(memberName()).withNamespace(settings.namespace())
            .withLabels(Map.of(RING_LABEL, settings.ringName(), ROLE_LABEL, "member")).build());
        lease.setSpec(new LeaseSpec(at, settings.identity(), (int) settings.leaseDuration().toSeconds(), null, null,
            at, null));
        member = client.resource(lease).create();
      } else {
        member.getSpec().setRenewTime(at);
        member.getSpec().setHolderIdentity(settings.identity());
        member.getSpec().setLeaseDurationSeconds((int) settings.leaseDuration().toSeconds());
        member = client.resource(member).update();
      }
      lastRenewed = now;
    } catch (KubernetesClientException e) {
      member = null; // read it again next round (a conflict or a deletion)
      LOG.warn("could not renew membership lease {} error=\"{}\"", memberName(), e.getMessage());
    }
  }

  /** A replica gone for an hour (scaled down, renamed) leaves its membership lease behind: the ring removes it. */
  private void forgetIfLongGone(Lease member, Instant expired, Instant now) {
    if (expired.plus(Duration.ofHours(1)).isBefore(now) && !settings.identity().equals(member.getSpec().getHolderIdentity())) {
      try {
        client.resource(member).delete();
        LOG.info("removed the membership lease of replica {}, gone since {}", member.getSpec().getHolderIdentity(),
            expired);
      } catch (KubernetesClientException e) {
        LOG.debug("could not remove lease {}: {}", member.getMetadata().getName(), e.getMessage());
      }
    }
  }

  private String memberName() {
    return settings.ringName() + "-member-" + settings.identity();
  }

  private void createMissingShards(Map<Integer, Lease> shardLeases) {
    for (int shard = 0; shard < settings.shards(); shard++) {
      if (shardLeases.containsKey(shard)) {
        continue;
      }
      Lease lease = new Lease();
      lease.setMetadata(new ObjectMetaBuilder().withName(settings.ringName() + "-shard-" + shard)
          .withNamespace(settings.namespace()).withLabels(Map.of(RING_LABEL, settings.ringName(), ROLE_LABEL, "shard",
              SHARD_LABEL, String.valueOf(shard))).build());
      lease.setSpec(new LeaseSpec());
      try {
        shardLeases.put(shard, client.resource(lease).create());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  /** Shards this replica answers whose lease names someone else: it was taken while this replica could not renew. */
  private void dropTaken(Map<Integer, Lease> shardLeases) {
    BitSet lost = new BitSet();
    for (int shard : ownership.servedShards()) {
      Lease lease = shardLeases.get(shard);
      if (lease == null || !settings.identity().equals(lease.getSpec().getHolderIdentity())) {
        lost.set(shard);
      }
    }
    if (!lost.isEmpty()) {
      LOG.warn("shards taken by other replicas while this one could not renew shards={}", lost);
      letGo(lost);
    }
  }

  private void fenceIfLapsed() {
    if (lastRenewed == null || !clock.instant().isBefore(lastRenewed.plus(settings.fenceAfter()))) {
      BitSet all = new BitSet();
      ownership.servedShards().forEach(all::set);
      if (!all.isEmpty()) {
        LOG.warn("membership lease not renewed since {}: no longer answering shards={}", lastRenewed, all);
        letGo(all);
      }
    }
  }

  /** Stops answering the shards; then, where the lease is given, marks the last answer and releases the lease. */
  private void release(java.util.Set<Integer> shards, Map<Integer, Lease> leases) {
    BitSet released = new BitSet();
    shards.forEach(released::set);
    letGo(released);
    if (leases.isEmpty()) {
      return;
    }
    String marker = "release-" + settings.identity() + "-" + UUID.randomUUID();
    publishMarker(marker);
    for (int shard : shards) {
      Lease lease = leases.get(shard);
      if (lease == null || !settings.identity().equals(lease.getSpec().getHolderIdentity())) {
        continue;
      }
      Lease free = new LeaseBuilder(lease).editSpec().withHolderIdentity(null).endSpec().editMetadata()
          .withAnnotations(Map.of(MARKER_ANNOTATION, marker, RELEASED_AT_ANNOTATION, clock.instant().toString()))
          .endMetadata().build();
      try {
        client.resource(free).update();
        LOG.info("released shard={} marker={}", shard, marker);
      } catch (KubernetesClientException e) {
        LOG.warn("could not release shard={} error=\"{}\"", shard, e.getMessage());
      }
    }
  }

  private void letGo(BitSet shards) {
    ownership.served(shards, false);
    join(gateway.onEveryWorker(worker -> ownership.letGo(worker, shards)));
  }

  /** Writes a copy: the listed lease stays as read, so a lost race leaves nothing that names this replica. */
  private boolean acquire(Lease listed, Instant now) {
    String previous = listed.getSpec().getHolderIdentity();
    Lease lease = new LeaseBuilder(listed).editSpec().withHolderIdentity(settings.identity())
        .withAcquireTime(ZonedDateTime.ofInstant(now, ZoneOffset.UTC))
        .withLeaseTransitions(listed.getSpec().getLeaseTransitions() == null ? 1
            : listed.getSpec().getLeaseTransitions() + 1).endSpec().build();
    try {
      client.resource(lease).update(); // guarded by the resourceVersion read: one replica wins a race
      LOG.info("acquired shard={} from={}", lease.getMetadata().getLabels().get(SHARD_LABEL),
          previous == null ? "(released)" : previous + " (expired)");
      return true;
    } catch (KubernetesClientException e) {
      LOG.debug("shard lease {} taken by another replica error=\"{}\"", lease.getMetadata().getName(), e.getMessage());
      return false;
    }
  }

  private void takeOver(BitSet shards) {
    java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger();
    join(gateway.onEveryWorker(worker -> {
      for (WitnessLog.Witnessed request : ownership.takeOver(worker, shards)) {
        answerWitnessed.accept(request.requestTopic(), request.payload());
        left.incrementAndGet();
      }
    }));
    ownership.served(shards, true);
    LOG.info("answering shards={} of {}, first the {} requests their last replica left unanswered", shards,
        settings.shards(), left.get());
    shardsTaken.accept(shards);
  }

  private void publishMarker(String id) {
    join(gateway.publish(gateway.markerTopic(id), dev.iotjobs.bridge.protocol.Payloads.JSON.createObjectNode()
        .put("replica", settings.identity())));
  }

  private void awaitMarker(String id) {
    if (id != null) {
      awaitMarker(marker(id), id, MARKER_WAIT);
    }
  }

  private void awaitMarker(CompletableFuture<Void> seen, String id, Duration patience) {
    try {
      seen.get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.error("marker {} did not come back within {}: does the broker let the bridge publish to {}?", id, patience,
          gateway.markerTopic("#"));
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(CompletableFuture<Void> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private String markerToAwait(Lease lease) {
    Map<String, String> annotations = lease.getMetadata().getAnnotations();
    if (annotations == null || annotations.get(MARKER_ANNOTATION) == null) {
      return null;
    }
    try {
      Instant released = Instant.parse(annotations.getOrDefault(RELEASED_AT_ANNOTATION, ""));
      return released.isBefore(subscribedAt) ? null : annotations.get(MARKER_ANNOTATION);
    } catch (java.time.format.DateTimeParseException e) {
      return annotations.get(MARKER_ANNOTATION);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * Hands every shard over and leaves the ring: the others take the shards at their next round instead of after the
   * lease expires. Runs before the MQTT connection closes, so the marker gets out.
   */
  @Override
  public void close() {
    rounds.shutdown();
    try {
      rounds.awaitTermination(30, TimeUnit.SECONDS);
      Map<Integer, Lease> mine = new HashMap<>();
      for (Lease lease : client.leases().inNamespace(settings.namespace()).withLabel(RING_LABEL, settings.ringName())
          .withLabel(ROLE_LABEL, "shard").list().getItems()) {
        if (settings.identity().equals(lease.getSpec().getHolderIdentity())) {
          mine.put(Integer.parseInt(lease.getMetadata().getLabels().get(SHARD_LABEL)), lease);
        }
      }
      if (!mine.isEmpty()) {
        release(mine.keySet(), mine);
      }
      client.leases().inNamespace(settings.namespace()).withName(memberName()).delete();
      LOG.info("left the replica ring, handed over shards={}", mine.keySet());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("leaving the replica ring: {}; the others take over when the lease expires", e.toString());
    }
  }
}
