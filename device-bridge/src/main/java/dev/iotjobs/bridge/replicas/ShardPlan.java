package dev.iotjobs.bridge.replicas;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one replica should do with the shard leases as it sees them now: the pure core of the ring, with no I/O.
 *
 * <p>Every live replica aims at an equal share, at most {@code ceil(shards / live replicas)}: one holding more releases
 * its highest shards (a replica has joined), one holding fewer takes free ones: unheld, released, or held by a replica
 * whose membership lease has expired (a replica has died). When one holds less than {@code floor(shards / live)} and
 * nothing is free, those above the floor release one shard a round until it has its share. A replica that cannot tell whether it is still live (its
 * own lease could not be renewed in time) gives up everything, so it never answers beside the replica that takes
 * over its shards.
 */
public final class ShardPlan {
  private ShardPlan() {}

  /** A shard lease as read: its holder (null when free) and the marker its last holder left when it released it. */
  public record ShardLease(int shard, String holder, String handoverMarker) {}

  /**
   * A shard to acquire; {@code handoverMarker} is the marker to wait for before answering (the previous holder
   * released it gracefully and may have answers still on their way through the broker), null when there is none.
   */
  public record Acquire(int shard, String handoverMarker) {}

  public record Decision(Set<Integer> release, List<Acquire> acquire) {
    public boolean isEmpty() {
      return release.isEmpty() && acquire.isEmpty();
    }
  }

  /**
   * @param members each live-or-not replica's membership lease: identity and when it expires
   * @param selfLive whether this replica's own lease is surely still valid in every other replica's eyes
   */
  public static Decision plan(int shardCount, String self, boolean selfLive, Instant now, Map<String, Instant> members,
      Collection<ShardLease> leases) {
    Set<Integer> mine = leases.stream().filter(l -> self.equals(l.holder())).map(ShardLease::shard)
        .collect(Collectors.toCollection(TreeSet::new));
    if (!selfLive) {
      return new Decision(mine, List.of());
    }
    Set<String> live = members.entrySet().stream().filter(e -> e.getValue().isAfter(now)).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
    live.add(self);
    int target = (shardCount + live.size() - 1) / live.size();
    if (mine.size() > target) {
      Set<Integer> release = mine.stream().sorted((a, b) -> Integer.compare(b, a)).limit(mine.size() - target)
          .collect(Collectors.toCollection(TreeSet::new));
      return new Decision(release, List.of());
    }
    Map<Integer, ShardLease> byShard = leases.stream().collect(Collectors.toMap(ShardLease::shard, l -> l, (a, b) -> a));
    List<Acquire> free = new ArrayList<>();
    // replicas starting together begin their search at different shards, so they rarely race for the same lease
    int start = Math.floorMod(self.hashCode(), shardCount);
    for (int i = 0; i < shardCount; i++) {
      int shard = (start + i) % shardCount;
      ShardLease lease = byShard.get(shard);
      if (lease == null) {
        continue; // not created yet: the replica creates it first, and takes it on its next look
      }
      if (lease.holder() == null) {
        free.add(new Acquire(shard, lease.handoverMarker()));
      } else if (!live.contains(lease.holder())) {
        free.add(new Acquire(shard, null)); // its holder died: nothing more can come from it
      }
    }
    int floor = shardCount / live.size();
    if (free.isEmpty() && mine.size() > floor && live.stream().anyMatch(m -> held(leases, m) < floor)) {
      // a replica holds less than its share and nothing is free: the ones above it give one each, round by round
      return new Decision(Set.of(mine.stream().max(Integer::compare).orElseThrow()), List.of());
    }
    List<Acquire> acquire = free.subList(0, Math.min(free.size(), Math.max(0, target - mine.size())));
    return new Decision(Set.of(), List.copyOf(acquire));
  }

  private static long held(Collection<ShardLease> leases, String replica) {
    return leases.stream().filter(l -> replica.equals(l.holder())).count();
  }
}
