package dev.iotjobs.operator.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NameListCodecTest {
  @Test
  void namesRoundTripAndAHundredThousandFitInTwoChunksOfUnderOneMebibyte() {
    List<String> fleet = IntStream.range(0, 100_000).mapToObj(i -> String.format("sensor-eu-west-%07d", i)).toList();
    List<List<String>> chunks = NameListCodec.chunks(fleet);
    assertThat(chunks).hasSize(2);
    for (List<String> chunk : chunks) {
      byte[] encoded = NameListCodec.encode(chunk);
      assertThat(encoded.length).isLessThan(1024 * 1024 * 3 / 4); // base64 in a ConfigMap stays under 1 MiB
      assertThat(NameListCodec.decode(encoded)).isEqualTo(chunk);
    }
  }

  @Test
  void noNamesIsOneEmptyChunk() {
    assertThat(NameListCodec.chunks(List.of())).containsExactly(List.of());
    assertThat(NameListCodec.decode(NameListCodec.encode(List.of()))).isEmpty();
  }
}
