package dev.iotjobs.bridge.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardsTest {
  @Test
  void theHashIsFixedSoEveryReplicaAndVersionAgrees() {
    assertThat(Shards.of("device-0001", 32)).isEqualTo(Shards.of("device-0001", 32));
    assertThat(Shards.of("", 32)).isEqualTo(Math.floorMod(0x811c9dc5, 32));
  }

  @Test
  void sequentialNamesSpreadEvenly() {
    int[] counts = new int[32];
    IntStream.range(0, 32_000).forEach(i -> counts[Shards.of(String.format("device-%05d", i), 32)]++);
    assertThat(IntStream.of(counts).min().orElseThrow()).isGreaterThan(800);
    assertThat(IntStream.of(counts).max().orElseThrow()).isLessThan(1200);
  }
}
