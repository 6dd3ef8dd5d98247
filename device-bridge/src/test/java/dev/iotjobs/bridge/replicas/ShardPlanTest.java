package dev.iotjobs.bridge.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.bridge.replicas.ShardPlan.Acquire;
import dev.iotjobs.bridge.replicas.ShardPlan.Decision;
import dev.iotjobs.bridge.replicas.ShardPlan.ShardLease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardPlanTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final Instant LIVE = NOW.plusSeconds(5);
  private static final Instant EXPIRED = NOW.minusSeconds(1);

  private static List<ShardLease> held(int shards, String... holders) {
    List<ShardLease> leases = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      leases.add(new ShardLease(i, holders.length == 0 ? null : holders[i % holders.length], null));
    }
    return leases;
  }

  @Test
  void aLoneReplicaTakesEveryFreeShard() {
    Decision d = ShardPlan.plan(8, "a", true, NOW, Map.of("a", LIVE), held(8));
    assertThat(d.acquire()).extracting(Acquire::shard).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(d.release()).isEmpty();
  }

  @Test
  void aJoiningReplicaMakesTheOthersReleaseDownToAnEqualShare() {
    List<ShardLease> leases = held(8, "a", "b");
    Map<String, Instant> members = Map.of("a", LIVE, "b", LIVE, "c", LIVE);
    // ceil(8 / 3) = 3: a holds 4, releases its highest one
    assertThat(ShardPlan.plan(8, "a", true, NOW, members, leases).release()).containsExactly(6);
    assertThat(ShardPlan.plan(8, "b", true, NOW, members, leases).release()).containsExactly(7);
    // c finds nothing free until they do
    assertThat(ShardPlan.plan(8, "c", true, NOW, members, leases).isEmpty()).isTrue();
  }

  @Test
  void aReleasedShardIsTakenWithTheMarkerItsHolderLeft() {
    List<ShardLease> leases = new ArrayList<>(held(4, "a"));
    leases.set(3, new ShardLease(3, null, "release-a-1"));
    Decision d = ShardPlan.plan(4, "b", true, NOW, Map.of("a", LIVE, "b", LIVE), leases);
    assertThat(d.acquire()).containsExactly(new Acquire(3, "release-a-1"));
  }

  @Test
  void aDeadReplicasShardsAreTakenWithoutWaitingForAnyMarker() {
    Decision d = ShardPlan.plan(6, "b", true, NOW, Map.of("a", EXPIRED, "b", LIVE, "c", LIVE), held(6, "a", "b", "c"));
    // two live replicas: three each; b holds two and takes one of a's
    assertThat(d.acquire()).hasSize(1).allSatisfy(a -> {
      assertThat(a.shard() % 3).isZero();
      assertThat(a.handoverMarker()).isNull();
    });
  }

  @Test
  void aHolderWithoutAnyMembershipLeaseIsDead() {
    Decision d = ShardPlan.plan(2, "b", true, NOW, Map.of("b", LIVE), held(2, "gone"));
    assertThat(d.acquire()).extracting(Acquire::shard).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void aReplicaThatCannotTellItIsLiveGivesUpEverythingAndTakesNothing() {
    Decision d = ShardPlan.plan(4, "a", false, NOW, Map.of("a", LIVE), held(4, "a", null));
    assertThat(d.release()).containsExactlyInAnyOrder(0, 2);
    assertThat(d.acquire()).isEmpty();
  }

  @Test
  void shardsWithoutALeaseYetAreNotAcquired() {
    Decision d = ShardPlan.plan(4, "a", true, NOW, Map.of(), List.of(new ShardLease(1, null, null)));
    assertThat(d.acquire()).containsExactly(new Acquire(1, null));
  }

  /** Replicas acting one after another on what they see converge, with every shard held once and shares equal. */
  @Test
  void replicasConvergeToEqualSharesWhateverTheOrder() {
    for (int replicas = 1; replicas <= 5; replicas++) {
      int shards = 32;
      Map<Integer, String> holders = new HashMap<>();
      Map<String, Instant> members = new HashMap<>();
      IntStream.range(0, replicas).forEach(r -> members.put("replica-" + r, LIVE));
      for (int round = 0; round < 20; round++) {
        for (String self : members.keySet()) {
          List<ShardLease> leases = IntStream.range(0, shards).mapToObj(s -> new ShardLease(s, holders.get(s), null))
              .toList();
          Decision d = ShardPlan.plan(shards, self, true, NOW, members, leases);
          d.release().forEach(holders::remove);
          d.acquire().forEach(a -> holders.put(a.shard(), self));
        }
      }
      assertThat(holders).hasSize(shards);
      int target = (shards + replicas - 1) / replicas;
      for (String self : members.keySet()) {
        assertThat(holders.values().stream().filter(self::equals).count()).isBetween((long) shards / replicas,
            (long) target);
      }
    }
  }
}
