package dev.iotjobs.bridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PresenceBacklogTest {
  private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");
  private final PresenceBacklog backlog = new PresenceBacklog(3);

  @Test
  void thingsComeOutInTheOrderTheyFirstCameWithTheirLatestTime() {
    backlog.offer("a", T0);
    backlog.offer("b", T0.plusSeconds(1));
    backlog.offer("a", T0.plusSeconds(2));

    assertThat(backlog.poll()).isEqualTo(new PresenceBacklog.Seen("a", T0.plusSeconds(2), null));
    assertThat(backlog.poll()).isEqualTo(new PresenceBacklog.Seen("b", T0.plusSeconds(1), null));
    assertThat(backlog.poll()).isNull();
  }

  @Test
  void anOlderTimeDoesNotReplaceANewerOne() {
    backlog.offer("a", T0.plusSeconds(5));
    backlog.offer("a", T0);

    assertThat(backlog.poll().at()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void theConnectionStateToldLastWinsAndARequestDoesNotChangeIt() {
    backlog.offer("a", T0, true);
    backlog.offer("a", T0.plusSeconds(1));
    assertThat(backlog.poll()).isEqualTo(new PresenceBacklog.Seen("a", T0.plusSeconds(1), true));

    backlog.offer("b", T0.plusSeconds(5), true);
    backlog.offer("b", T0.plusSeconds(5), false);
    assertThat(backlog.poll()).isEqualTo(new PresenceBacklog.Seen("b", T0.plusSeconds(5), false));
  }

  @Test
  void oneEntryPerThingHoweverOftenItIsSeen() {
    for (int i = 0; i < 100; i++) {
      backlog.offer("a", T0.plusSeconds(i));
    }
    assertThat(backlog.size()).isEqualTo(1);
  }

  @Test
  void beyondItsCapacityANewThingIsDroppedButWaitingOnesStillMoveForward() {
    backlog.offer("a", T0);
    backlog.offer("b", T0);
    backlog.offer("c", T0);
    backlog.offer("d", T0);
    backlog.offer("a", T0.plusSeconds(9));

    assertThat(backlog.size()).isEqualTo(3);
    assertThat(backlog.poll()).isEqualTo(new PresenceBacklog.Seen("a", T0.plusSeconds(9), null));
  }

  @Test
  void exactlyOneDrainRunsWhileAnythingWaits() {
    assertThat(backlog.offer("a", T0)).as("the first thing starts a drain").isTrue();
    assertThat(backlog.offer("b", T0)).as("one runs").isFalse();
    backlog.poll();
    backlog.poll();
    assertThat(backlog.offer("c", T0)).as("the drain has not yet found the backlog empty: it takes c too").isFalse();
    assertThat(backlog.poll().thing()).isEqualTo("c");
    assertThat(backlog.poll()).as("found empty: the drain ends").isNull();

    assertThat(backlog.offer("d", T0)).as("so the next thing starts one").isTrue();
  }

  @Test
  void aThingDroppedForCapacityStartsNoDrain() {
    PresenceBacklog full = new PresenceBacklog(0);

    assertThat(full.offer("a", T0)).isFalse();
    assertThat(full.poll()).isNull();
  }
}
