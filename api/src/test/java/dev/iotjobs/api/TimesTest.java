package dev.iotjobs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Test
  void theFormsWeWriteReadAsTheGeneralParserReadsThem() {
    Random random = new Random(19);
    for (int i = 0; i < 20_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong() % 8_000_000_000L + 1_000_000_000L,
          random.nextInt(1_000_000_000));
      for (String text : new String[] {Times.format(instant), Times.formatPrecise(instant), instant.toString()}) {
        assertThat(Times.parseUtc(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
      }
    }
    assertThat(Times.parse("2024-02-29T23:59:59.5Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.500Z"));
    assertThat(Times.parse("1970-01-01T00:00:00Z")).isEqualTo(Instant.EPOCH);
  }

  @Test
  void otherFormsAreLeftToTheGeneralParser() {
    assertThat(Times.parseUtc("2026-12-02T10:00:00+01:00")).isNull();
    assertThat(Times.parse("2026-12-02T10:00:00+01:00")).isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));
    assertThat(Times.parse("2026-12-02T10:00:00.123456789Z")).isEqualTo(Instant.parse("2026-12-02T10:00:00.123456789Z"));
    assertThat(Times.parse("2026-12-02T10:00Z")).as("no seconds: the general parser's business")
        .isEqualTo(OffsetDateTime.parse("2026-12-02T10:00Z").toInstant());
    assertThat(Times.parse("2026-12-02T10:00:00.Z")).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
    assertThat(Times.parse("")).isNull();
    assertThat(Times.parse(null)).isNull();
  }

  @Test
  void whatIsNoTimeIsRefusedAsBefore() {
    for (String bad : new String[] {"2026-02-30T10:00:00Z", "2023-02-29T10:00:00Z", "2026-13-01T10:00:00Z",
        "2026-12-02T24:00:00Z", "2026-12-02T10:60:00Z", "2026-12-02T10:00:61Z", "2026-12-02T10:00:60Z",
        "2026-12-02T10:00:00.1234567890Z", "2026-12-0xT10:00:00Z", "2026-12-02 10:00:00Z", "yesterday"}) {
      assertThat(Times.parseUtc(bad)).as(bad).isNull();
      assertThatThrownBy(() -> Times.parse(bad)).as(bad).isInstanceOf(java.time.format.DateTimeParseException.class);
    }
  }
}
