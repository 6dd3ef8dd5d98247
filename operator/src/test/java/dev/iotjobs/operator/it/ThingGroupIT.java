package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.group;
import static dev.iotjobs.api.Fixtures.labels;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.operator.groups.ThingGroupReconciler;
import dev.iotjobs.operator.k8s.Conditions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThingGroupIT {
  private final OperatorHarness h = new OperatorHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private Integer memberCount(String name) {
    ThingGroup g = h.client.resources(ThingGroup.class).inNamespace(NS).withName(name).get();
    return g == null || g.getStatus() == null ? null : g.getStatus().getMemberCount();
  }

  @Test
  void aThingsStatusWritesDoNotReconcileItsGroupsButALabelChangeDoes() {
    for (int i = 0; i < 3; i++) {
      h.client.resource(thing("s" + i, Map.of("site", "berlin"))).create();
    }
    h.client.resource(group("berlin", null, null, labels("site", "berlin"))).create();
    h.startOperator();
    eventually().untilAsserted(() -> assertThat(memberCount("berlin")).isEqualTo(3));
    eventually().untilAsserted(() -> assertThat(h.reconciles("thinggroup")).isPositive());
    double before = h.reconciles("thinggroup");

    // what the bridge does all day: lastSeenAt (a status write; membership cannot change)
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 3; i++) {
        Thing seen = h.client.resources(Thing.class).inNamespace(NS).withName("s" + i).get();
        dev.iotjobs.api.model.ThingStatus status = new dev.iotjobs.api.model.ThingStatus();
        status.setLastSeenAt("2026-12-02T10:00:" + String.format("%02d", round) + "Z");
        seen.setStatus(status);
        h.client.resource(seen).updateStatus();
      }
    }
    Thing moved = h.client.resources(Thing.class).inNamespace(NS).withName("s0").get();
    moved.getMetadata().setLabels(Map.of("site", "munich"));
    h.client.resource(moved).update();
    eventually().untilAsserted(() -> assertThat(memberCount("berlin")).isEqualTo(2));

    assertThat(h.reconciles("thinggroup") - before).as("30 status writes and one label change").isBetween(1.0, 3.0);
  }

  @Test
  void aGroupsOwnStatusWritesDoNotReconcileTheGroupsOfItsNamespace() {
    h.client.resource(thing("mover", Map.of("site", "munich"))).create();
    List<String> groups = List.of("g0", "g1", "g2", "g3");
    groups.forEach(g -> h.client.resource(group(g, null, null, labels("site", "berlin"))).create());
    eventually().untilAsserted(() -> assertThat(groups).allSatisfy(g -> assertThat(memberCount(g)).isZero()));
    double before = h.reconciles("thinggroup");

    // each move changes the members of all four groups: each reconciles and writes its memberCount, and that write
    // (status only: membership cannot change) must not wake the four again
    int moves = 10;
    for (int move = 1; move <= moves; move++) {
      String site = move % 2 == 1 ? "berlin" : "munich";
      Thing mover = h.client.resources(Thing.class).inNamespace(NS).withName("mover").get();
      mover.getMetadata().setLabels(Map.of("site", site));
      h.client.resource(mover).update();
      int members = move % 2;
      eventually().untilAsserted(() -> assertThat(groups).allSatisfy(g -> assertThat(memberCount(g)).isEqualTo(members)));
    }

    assertThat(h.reconciles("thinggroup") - before).as("%d moves, each reconciling %d groups", moves, groups.size())
        .isLessThanOrEqualTo(moves * groups.size() + 8.0);
  }

  @Test
  void threeLevelHierarchyWithLabelSelectedGroupFollowsThingLabels() {
    for (int i = 0; i < 6; i++) {
      h.client.resource(thing("t" + i, Map.of("site", i < 3 ? "berlin" : "munich"))).create();
    }
    h.client.resource(thing("hq", Map.of())).create();
    h.client.resource(group("europe", null, List.of("hq"), null)).create();
    h.client.resource(group("germany", "europe", List.of("t0"), null)).create();
    h.client.resource(group("berlin", "germany", List.of("t0"), labels("site", "berlin"))).create();
    h.client.resource(group("munich", "germany", null, labels("site", "munich"))).create();

    eventually().untilAsserted(() -> {
      assertThat(memberCount("berlin")).isEqualTo(3);
      assertThat(memberCount("munich")).isEqualTo(3);
      assertThat(memberCount("germany")).isEqualTo(6);
      assertThat(memberCount("europe")).isEqualTo(7);
    });

    Thing moved = h.client.resources(Thing.class).inNamespace(NS).withName("t3").get();
    moved.getMetadata().setLabels(Map.of("site", "berlin"));
    h.client.resource(moved).update();
    eventually().untilAsserted(() -> {
      assertThat(memberCount("berlin")).isEqualTo(4);
      assertThat(memberCount("munich")).isEqualTo(2);
      assertThat(memberCount("europe")).isEqualTo(7);
    });

    h.client.resources(Thing.class).inNamespace(NS).withName("t0").delete();
    eventually().untilAsserted(() -> {
      assertThat(memberCount("berlin")).isEqualTo(3);
      assertThat(memberCount("germany")).isEqualTo(5);
      assertThat(memberCount("europe")).isEqualTo(6);
    });
  }

  @Test
  void theOperatorReportsReadyOnceItsCachesAreSynced() {
    eventually().untilAsserted(() -> assertThat(h.operatorReady()).isTrue());
  }

  @Test
  void missingParentAndCyclesAreConditions() {
    h.client.resource(group("orphan", "nowhere", null, null)).create();
    h.client.resource(group("x", "y", null, null)).create();
    h.client.resource(group("y", "x", null, null)).create();
    eventually().untilAsserted(() -> {
      ThingGroup orphan = h.client.resources(ThingGroup.class).inNamespace(NS).withName("orphan").get();
      assertThat(Conditions.find(orphan.getStatus().getConditions(), ThingGroupReconciler.READY)).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("ParentGroupNotFound");
        assertThat(c.getMessage()).contains("nowhere");
      });
      ThingGroup x = h.client.resources(ThingGroup.class).inNamespace(NS).withName("x").get();
      assertThat(Conditions.find(x.getStatus().getConditions(), ThingGroupReconciler.READY).orElseThrow().getReason())
          .isEqualTo("CycleDetected");
    });
    assertThat(h.events(NS, "orphan")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ParentGroupNotFound"));

    h.client.resource(group("nowhere", null, null, null)).create();
    eventually().untilAsserted(() -> {
      ThingGroup orphan = h.client.resources(ThingGroup.class).inNamespace(NS).withName("orphan").get();
      assertThat(Conditions.isTrue(orphan.getStatus().getConditions(), ThingGroupReconciler.READY)).isTrue();
    });
  }

  @Test
  void aGroupDeeperThanSevenLevelsIsNotReadyButItsMembersCount() {
    h.client.resource(thing("deep-thing", Map.of())).create();
    h.client.resource(group("level-1", null, null, null)).create();
    for (int level = 2; level <= 8; level++) {
      h.client.resource(group("level-" + level, "level-" + (level - 1),
          level == 8 ? java.util.List.of("deep-thing") : null, null)).create();
    }
    eventually().untilAsserted(() -> {
      var deepest = h.client.resources(dev.iotjobs.api.model.ThingGroup.class).inNamespace(NS).withName("level-8").get();
      var ready = dev.iotjobs.operator.k8s.Conditions.find(deepest.getStatus().getConditions(),
          dev.iotjobs.operator.groups.ThingGroupReconciler.READY).orElseThrow();
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("HierarchyTooDeep");
      assertThat(ready.getMessage()).contains("8 levels deep").contains("level-1 <- level-2");
      var seventh = h.client.resources(dev.iotjobs.api.model.ThingGroup.class).inNamespace(NS).withName("level-7").get();
      assertThat(dev.iotjobs.operator.k8s.Conditions.isTrue(seventh.getStatus().getConditions(),
          dev.iotjobs.operator.groups.ThingGroupReconciler.READY)).isTrue();
      var root = h.client.resources(dev.iotjobs.api.model.ThingGroup.class).inNamespace(NS).withName("level-1").get();
      assertThat(root.getStatus().getMemberCount()).isEqualTo(1);
    });
    assertThat(h.events(NS, "level-8")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("HierarchyTooDeep"));
  }
}
