package dev.iotjobs.bridge.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.bridge.protocol.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ShardOwnershipTest {
  private static final String ROOT = "$aws/things/";
  private final ShardOwnership ownership = new ShardOwnership(4, 2, Duration.ofMinutes(1), 100,
      Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));

  private boolean message(int worker, String topic, String body) {
    return ownership.answers(worker, Topic.parse(ROOT, topic), body.getBytes(StandardCharsets.UTF_8));
  }

  private BitSet shardOf(String thing) {
    BitSet shards = new BitSet();
    shards.set(ownership.shardOf(thing));
    return shards;
  }

  @Test
  void requestsOfShardsNotTakenAreWitnessedAndTakenOverUnlessAnswered() {
    assertThat(message(0, ROOT + "t1/jobs/get", "{\"clientToken\":\"a\"}")).isFalse();
    assertThat(message(0, ROOT + "t1/jobs/j1/update", "{\"clientToken\":\"b\",\"status\":\"SUCCEEDED\"}")).isFalse();
    // another replica answered the first one
    assertThat(message(0, ROOT + "t1/jobs/get/accepted", "{\"clientToken\":\"a\"}")).isFalse();
    assertThat(ownership.takeOver(0, shardOf("t1"))).extracting(WitnessLog.Witnessed::requestTopic)
        .containsExactly(ROOT + "t1/jobs/j1/update");
    assertThat(message(0, ROOT + "t1/jobs/get", "{}")).isTrue();
    ownership.letGo(0, shardOf("t1"));
    assertThat(message(0, ROOT + "t1/jobs/get", "{}")).isFalse();
  }

  @Test
  void eachWorkerChangesItsViewOnlyWhenItRunsTheChange() {
    ownership.takeOver(0, shardOf("t1"));
    assertThat(message(0, ROOT + "t1/jobs/get", "{}")).isTrue();
    assertThat(message(1, ROOT + "t1/jobs/get", "{}")).isFalse();
  }

  @Test
  void invalidTopicsAreAnsweredByTheThingsReplicaOnlyAndNotificationsAreIgnored() {
    assertThat(message(0, ROOT + "t1/jobs/nonsense/x/y", "{}")).isFalse();
    assertThat(message(0, ROOT + "t1/jobs/notify-next", "{}")).isFalse();
    assertThat(ownership.takeOver(0, shardOf("t1"))).extracting(WitnessLog.Witnessed::requestTopic)
        .containsExactly(ROOT + "t1/jobs/nonsense/x/y");
  }

  @Test
  void servingIsTheReplicasViewForNotifications() {
    assertThat(ownership.serves("t1")).isFalse();
    ownership.served(shardOf("t1"), true);
    assertThat(ownership.serves("t1")).isTrue();
    assertThat(ownership.servedShards()).containsExactly(ownership.shardOf("t1"));
    ownership.served(shardOf("t1"), false);
    assertThat(ownership.serves("t1")).isFalse();
  }
}
