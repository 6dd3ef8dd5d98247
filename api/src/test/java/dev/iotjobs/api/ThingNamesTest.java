package dev.iotjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.Thing;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThingNamesTest {
  private static Thing thing(String namespace, String created) {
    Thing thing = new Thing();
    thing.setMetadata(new ObjectMetaBuilder().withName("t1").withNamespace(namespace).withCreationTimestamp(created)
        .build());
    return thing;
  }

  @Test
  void theOldestHoldsTheNameAndTiesGoToTheFirstNamespaceByName() {
    Thing older = thing("zeta", "2026-12-01T10:00:00Z");
    Thing newer = thing("alpha", "2026-12-01T10:00:01Z");
    assertThat(ThingNames.holder(List.of(newer, older))).contains(older);
    assertThat(ThingNames.holdsName(newer, List.of(newer, older))).isFalse();
    assertThat(ThingNames.holdsName(older, List.of(newer, older))).isTrue();

    Thing sameSecond = thing("alpha", "2026-12-01T10:00:00Z");
    assertThat(ThingNames.holder(List.of(older, sameSecond))).contains(sameSecond);
    assertThat(ThingNames.holdsName(older, List.of(older))).isTrue();
  }
}
