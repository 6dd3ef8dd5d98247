package dev.iotjobs.operator.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.IoTJob;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotSettleTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private final Map<String, Instant> changes = new HashMap<>();
  private final SnapshotSettle settle = new SnapshotSettle(Duration.ofSeconds(2), changes::get);

  private static IoTJob job(String uid) {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName("j").withNamespace("fleet").withUid(uid).build());
    return job;
  }

  @Test
  void aJobWaitsTheWindowFromWhenItWasFirstSeenAndFromTheLastFleetChange() {
    IoTJob job = job("u1");
    settle.seen(job, T0);
    settle.seen(job, T0.plusSeconds(5)); // seen again: the first time counts
    assertThat(settle.settledAt(job, T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(2));

    changes.put("fleet", T0.plusSeconds(3)); // the fleet kept changing after the job came
    assertThat(settle.settledAt(job, T0.plusSeconds(4))).isEqualTo(T0.plusSeconds(5));
    changes.put("other", T0.plusSeconds(30));
    assertThat(settle.settledAt(job, T0.plusSeconds(4))).as("other namespaces do not count").isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void aForgottenOrUnseenJobCountsFromNow() {
    IoTJob job = job("u2");
    settle.seen(job, T0);
    settle.forget(job);
    assertThat(settle.settledAt(job, T0.plusSeconds(10))).isEqualTo(T0.plusSeconds(12));
  }
}
