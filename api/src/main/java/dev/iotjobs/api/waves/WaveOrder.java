package dev.iotjobs.api.waves;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which a job's things fill its waves: a hash of the job's uid and the thing's name, so that a canary is
 * a spread sample of the fleet (not the things whose names sort first), and the same on every replica and restart.
 */
public final class WaveOrder {
  private WaveOrder() {}

  public static List<String> of(String seed, Collection<String> things) {
    return things.stream().sorted(Comparator.comparingLong((String thing) -> rank(seed, thing))
        .thenComparing(Comparator.naturalOrder())).toList();
  }

  /** FNV-1a over seed and name: stable across JVMs, unlike a salted hash. */
  static long rank(String seed, String thing) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : (seed + "/" + thing).getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
