package dev.iotjobs.api.waves;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.Wave;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WavePlanTest {
  static final List<String> THINGS = IntStream.range(0, 1000).mapToObj(i -> String.format("dev-%04d", i)).toList();

  static Wave percent(String name, double percentage) {
    Wave wave = new Wave();
    wave.setName(name);
    wave.setPercentage(percentage);
    return wave;
  }

  static Wave count(String name, long count) {
    Wave wave = new Wave();
    wave.setName(name);
    wave.setCount(count);
    return wave;
  }

  static Wave rest(String name) {
    Wave wave = new Wave();
    wave.setName(name);
    return wave;
  }

  static Wave lab() {
    Wave wave = new Wave();
    wave.setName("lab");
    wave.setThingSelector(new LabelSelectorBuilder().addToMatchLabels("site", "lab").build());
    return wave;
  }

  /** Every tenth thing is in the lab. */
  static final WavePlan.Membership LAB = (wave, thing) -> Integer.parseInt(thing.substring(4)) % 10 == 0;

  @Test
  void percentagesRoundUpCountsAreExactAndTheLastWaveTakesTheRest() {
    List<String> ordered = WaveOrder.of("uid", THINGS);
    assertThat(WavePlan.sizes(List.of(percent("canary", 1), count("early", 100), rest("rest")), ordered, LAB))
        .containsExactly(10, 100, 890);
    assertThat(WavePlan.sizes(List.of(percent("canary", 0.1), percent("half", 50)), ordered.subList(0, 15), LAB))
        .as("0.1% of 15 is still one thing; the last wave's own share does not cut the rest").containsExactly(1, 14);
  }

  @Test
  void aSelectorWaveTakesEveryMatchingThingNoEarlierWaveTook() {
    List<String> ordered = WaveOrder.of("uid", THINGS);
    List<Wave> waves = List.of(lab(), percent("canary", 1), rest("rest"));
    assertThat(WavePlan.sizes(waves, ordered, LAB)).containsExactly(100, 10, 890);
    List<String> labWave = WavePlan.pick(waves.get(0), false, ordered, t -> false, Integer.MAX_VALUE, LAB);
    assertThat(labWave).hasSize(100).allMatch(t -> LAB.inWave(waves.get(0), t));
    List<String> canary = WavePlan.pick(waves.get(1), false, ordered, new HashSet<>(labWave)::contains, 10, LAB);
    assertThat(canary).hasSize(10).doesNotContainAnyElementsOf(labWave);
  }

  @Test
  void theOrderIsASpreadSampleAndTheSameOnEveryRun() {
    List<String> ordered = WaveOrder.of("uid-1", THINGS);
    assertThat(WaveOrder.of("uid-1", THINGS)).isEqualTo(ordered);
    assertThat(ordered.subList(0, 10)).as("not the names that sort first").isNotEqualTo(THINGS.subList(0, 10));
    assertThat(WaveOrder.of("uid-2", THINGS).subList(0, 10)).as("another job samples other things")
        .isNotEqualTo(ordered.subList(0, 10));
    Set<String> firstTen = new HashSet<>(ordered.subList(0, 10));
    List<String> reversed = new java.util.ArrayList<>(THINGS);
    java.util.Collections.reverse(reversed);
    assertThat(WaveOrder.of("uid-1", reversed).subList(0, 10)).containsExactlyInAnyOrderElementsOf(firstTen);
  }

  @Test
  void pickSkipsThingsAlreadyQueuedAndStopsAtTheRoomLeft() {
    List<String> ordered = WaveOrder.of("uid", THINGS);
    Set<String> queued = Set.of(ordered.get(0), ordered.get(2));
    assertThat(WavePlan.pick(count("c", 5), false, ordered, queued::contains, 3, LAB))
        .containsExactly(ordered.get(1), ordered.get(3), ordered.get(4));
  }
}
