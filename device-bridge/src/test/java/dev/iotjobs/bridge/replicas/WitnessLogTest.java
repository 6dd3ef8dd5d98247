package dev.iotjobs.bridge.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WitnessLogTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final String GET = "$aws/things/t1/jobs/get";
  private static final String UPDATE = "$aws/things/t1/jobs/j1/update";

  private static byte[] body(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anAnsweredRequestIsNotAnsweredAgain() {
    WitnessLog log = new WitnessLog(Duration.ofMinutes(1), 100);
    log.request("t1", GET, "a", body("{}"), T0);
    log.request("t1", UPDATE, "b", body("{}"), T0);
    log.answered("t1", GET, "a");
    assertThat(log.takeUnanswered(t -> true, T0)).extracting(WitnessLog.Witnessed::requestTopic).containsExactly(UPDATE);
    assertThat(log.size()).isZero();
  }

  @Test
  void anAnswerClosesTheOldestMatchingRequestOnly() {
    WitnessLog log = new WitnessLog(Duration.ofMinutes(1), 100);
    log.request("t1", GET, null, body("1"), T0);
    log.request("t1", GET, null, body("2"), T0.plusMillis(1));
    log.request("t1", GET, "x", body("3"), T0.plusMillis(2));
    log.answered("t1", GET, null);
    log.answered("t1", GET, "other-token");
    log.answered("t1", "$aws/things/t1/jobs/start-next", null);
    assertThat(log.takeUnanswered(t -> true, T0)).extracting(w -> new String(w.payload(), StandardCharsets.UTF_8))
        .containsExactly("2", "3");
  }

  @Test
  void takingOverTakesOnlyTheMatchingThingsInArrivalOrder() {
    WitnessLog log = new WitnessLog(Duration.ofMinutes(1), 100);
    log.request("t1", GET, "1", body("1"), T0);
    log.request("t2", "$aws/things/t2/jobs/get", "2", body("2"), T0);
    log.request("t1", UPDATE, "3", body("3"), T0);
    assertThat(log.takeUnanswered("t1"::equals, T0)).extracting(WitnessLog.Witnessed::requestTopic)
        .containsExactly(GET, UPDATE);
    assertThat(log.size()).isEqualTo(1);
    // taken requests are gone: their answers, when they come back, close nothing else
    log.answered("t1", GET, "1");
    assertThat(log.takeUnanswered(t -> true, T0)).extracting(WitnessLog.Witnessed::thing).containsExactly("t2");
  }

  @Test
  void requestsOlderThanTheKeepAreForgotten() {
    WitnessLog log = new WitnessLog(Duration.ofSeconds(30), 100);
    log.request("t1", GET, "old", body("{}"), T0);
    log.request("t1", GET, "new", body("{}"), T0.plusSeconds(20));
    assertThat(log.takeUnanswered(t -> true, T0.plusSeconds(31))).hasSize(1);
  }

  @Test
  void aFullLogLetsTheOldestGoAndCountsThem() {
    WitnessLog log = new WitnessLog(Duration.ofMinutes(1), 3);
    for (int i = 0; i < 5; i++) {
      log.request("t" + i, GET, String.valueOf(i), body("{}"), T0);
    }
    assertThat(log.size()).isEqualTo(3);
    assertThat(log.dropped()).isEqualTo(2);
    assertThat(log.takeUnanswered(t -> true, T0)).extracting(WitnessLog.Witnessed::thing)
        .containsExactlyInAnyOrder("t2", "t3", "t4");
  }

  @Test
  void manyAnsweredRequestsLeaveNothingBehind() {
    WitnessLog log = new WitnessLog(Duration.ofMinutes(1), 10);
    log.request("slow", GET, "held", body("{}"), T0);
    for (int i = 0; i < 100_000; i++) {
      log.request("t" + (i % 50), GET, "k" + i, body("{}"), T0);
      log.answered("t" + (i % 50), GET, "k" + i);
    }
    assertThat(log.size()).isEqualTo(1);
    assertThat(log.dropped()).isZero();
  }
}
