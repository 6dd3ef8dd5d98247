package dev.iotjobs.api.targets;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.group;
import static dev.iotjobs.api.Fixtures.labels;
import static dev.iotjobs.api.Fixtures.thing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.JobTargets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
  private final InMemoryFleet fleet = new InMemoryFleet()
      .add(thing("a", Map.of("site", "berlin"))).add(thing("b", null)).add(thing("c", Map.of("site", "berlin")))
      .add(group("parent", null, List.of("b"), null))
      .add(group("child", "parent", null, labels("site", "berlin")));

  private static JobTargets targets(List<String> things, List<String> groups) {
    JobTargets targets = new JobTargets();
    targets.setThings(things);
    targets.setThingGroups(groups);
    return targets;
  }

  @Test
  void thingsReachedSeveralWaysAreTargetedOnce() {
    TargetResolver.Resolution r = TargetResolver.resolve(NS, targets(List.of("a", "b"), List.of("parent", "child")), fleet);
    assertThat(r.isComplete()).isTrue();
    assertThat(r.things()).containsExactly("a", "b", "c");
    assertThat(r.groupsWalked()).containsExactly("parent", "child");
  }

  @Test
  void missingThingsAndGroupsAreNamed() {
    TargetResolver.Resolution r = TargetResolver.resolve(NS, targets(List.of("a", "ghost"), List.of("nowhere")), fleet);
    assertThat(r.isComplete()).isFalse();
    assertThat(r.missingThings()).containsExactly("ghost");
    assertThat(r.missingGroups()).containsExactly("nowhere");
    assertThat(r.missingMessage())
        .isEqualTo("ThingGroup nowhere does not exist; Thing ghost does not exist. The job starts once they exist.");
  }
}
