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

  @Test
  void momentsAreWrittenAsTheIsoInstantFormatterWritesThem() {
    Random random = new Random(19);
    java.util.List<Instant> moments = new java.util.ArrayList<>(java.util.List.of(Instant.EPOCH,
        Instant.parse("2024-02-29T23:59:59.999Z"), Instant.parse("2000-03-01T00:00:00Z"),
        Instant.parse("2100-02-28T12:00:00.001Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
        Instant.ofEpochSecond(253_402_300_800L), Instant.parse("1969-12-31T23:59:59.500Z"), Instant.MAX, Instant.MIN));
    for (int i = 0; i < 200_000; i++) {
      long millis = random.nextLong() % 260_000_000_000_000L; // about 6000 BC to 10200 AD
      moments.add(Instant.ofEpochMilli(millis).plusNanos(random.nextInt(1_000_000)));
      moments.add(Instant.ofEpochSecond(Math.floorMod(millis, 4_102_444_800L))); // whole seconds, 1970-2100
    }
    java.time.format.DateTimeFormatter iso = java.time.format.DateTimeFormatter.ISO_INSTANT;
    for (Instant moment : moments) {
      Instant millis = moment.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      assertThat(Times.format(moment)).as(moment.toString())
          .isEqualTo(iso.format(moment.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
      assertThat(Times.formatPrecise(moment)).as(moment.toString()).isEqualTo(iso.format(millis));
      if (moment.getEpochSecond() > -9_000_000_000_000L && moment.getEpochSecond() < 9_000_000_000_000L) {
        assertThat(Times.isoInstant(millis.toEpochMilli())).as(moment.toString()).isEqualTo(iso.format(millis));
      }
    }
  }
}
