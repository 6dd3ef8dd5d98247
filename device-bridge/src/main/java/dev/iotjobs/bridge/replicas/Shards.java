package dev.iotjobs.bridge.replicas;

import java.nio.charset.StandardCharsets;

/**
 * Which shard a thing belongs to: a fixed number of shards, each answered by one replica at a time. The hash is
 * FNV-1a over the name's UTF-8 bytes, so every replica (and every version of the bridge) agrees without talking.
 */
public final class Shards {
  private Shards() {}

  public static int of(String thing, int count) {
    int hash = 0x811c9dc5;
    for (byte b : thing.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Math.floorMod(hash, count);
  }
}
