package dev.iotjobs.api.targets;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.group;
import static dev.iotjobs.api.Fixtures.labels;
import static dev.iotjobs.api.Fixtures.thing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupMembershipTest {

  @Test
  void nestedGroupsWithStaticAndSelectedMembersAreDistinct() {
    InMemoryFleet fleet = new InMemoryFleet()
        .add(thing("a", Map.of("site", "berlin"))).add(thing("b", Map.of("site", "berlin")))
        .add(thing("c", Map.of("site", "paris"))).add(thing("d", Map.of()))
        .add(group("europe", null, List.of("d"), null))
        .add(group("germany", "europe", List.of("a"), null))
        .add(group("berlin", "germany", List.of("a"), labels("site", "berlin")))
        .add(group("france", "europe", null, labels("site", "paris")));

    assertThat(GroupMembership.members(NS, "berlin", fleet)).containsExactly("a", "b");
    assertThat(GroupMembership.members(NS, "germany", fleet)).containsExactly("a", "b");
    assertThat(GroupMembership.members(NS, "europe", fleet)).containsExactly("a", "b", "c", "d");
    assertThat(GroupMembership.members(NS, "france", fleet)).containsExactly("c");
  }

  @Test
  void staticMembersThatDoNotExistAreNotMembers() {
    InMemoryFleet fleet = new InMemoryFleet().add(thing("a", null)).add(group("g", null, List.of("a", "ghost"), null));
    assertThat(GroupMembership.members(NS, "g", fleet)).containsExactly("a");
  }

  @Test
  void matchLabelsUsesTheIndexNotAScan() {
    InMemoryFleet fleet = new InMemoryFleet().add(thing("a", Map.of("site", "x", "model", "t1")))
        .add(thing("b", Map.of("site", "x", "model", "t2")))
        .add(group("g", null, null, new LabelSelectorBuilder().withMatchLabels(Map.of("site", "x"))
            .addNewMatchExpression().withKey("model").withOperator("In").withValues("t1").endMatchExpression().build()));
    assertThat(GroupMembership.members(NS, "g", fleet)).containsExactly("a");
    assertThat(fleet.labelLookups).isEqualTo(1);
    assertThat(fleet.fullScans).isZero();
  }

  @Test
  void expressionOnlySelectorsScanTheNamespace() {
    InMemoryFleet fleet = new InMemoryFleet().add(thing("a", Map.of("beta", "yes"))).add(thing("b", Map.of()))
        .add(group("g", null, null, new LabelSelectorBuilder().addNewMatchExpression().withKey("beta")
            .withOperator("Exists").endMatchExpression().build()));
    assertThat(GroupMembership.members(NS, "g", fleet)).containsExactly("a");
  }

  @Test
  void cyclesAreVisitedOnceAndReported() {
    InMemoryFleet fleet = new InMemoryFleet().add(thing("a", null)).add(thing("b", null))
        .add(group("x", "y", List.of("a"), null)).add(group("y", "x", List.of("b"), null));
    assertThat(GroupMembership.members(NS, "x", fleet)).containsExactly("a", "b");
    GroupMembership.ParentChain chain = GroupMembership.parentChain(fleet.group(NS, "x").orElseThrow(), fleet);
    assertThat(chain.hasCycle()).isTrue();
    assertThat(chain.cycleAt()).isEqualTo("x");
  }

  @Test
  void missingParentIsReported() {
    InMemoryFleet fleet = new InMemoryFleet().add(group("berlin", "germany", null, null));
    GroupMembership.ParentChain chain = GroupMembership.parentChain(fleet.group(NS, "berlin").orElseThrow(), fleet);
    assertThat(chain.missingParent()).isEqualTo("germany");
    assertThat(chain.hasCycle()).isFalse();
  }

  @Test
  void labelSelectorSemantics() {
    LabelSelector in = new LabelSelectorBuilder().addNewMatchExpression().withKey("m").withOperator("In")
        .withValues("a", "b").endMatchExpression().build();
    LabelSelector notIn = new LabelSelectorBuilder().addNewMatchExpression().withKey("m").withOperator("NotIn")
        .withValues("a").endMatchExpression().build();
    LabelSelector absent = new LabelSelectorBuilder().addNewMatchExpression().withKey("m").withOperator("DoesNotExist")
        .endMatchExpression().build();
    assertThat(LabelSelectors.matches(in, Map.of("m", "b"))).isTrue();
    assertThat(LabelSelectors.matches(in, Map.of("m", "c"))).isFalse();
    assertThat(LabelSelectors.matches(in, null)).isFalse();
    assertThat(LabelSelectors.matches(notIn, Map.of())).isTrue();
    assertThat(LabelSelectors.matches(notIn, Map.of("m", "a"))).isFalse();
    assertThat(LabelSelectors.matches(absent, Map.of())).isTrue();
    assertThat(LabelSelectors.matches(absent, Map.of("m", "x"))).isFalse();
    assertThat(LabelSelectors.matches(new LabelSelector(), Map.of("any", "thing"))).as("empty selects all").isTrue();
    assertThat(LabelSelectors.matches(null, Map.of("any", "thing"))).as("null selects none").isFalse();
  }

  @Test
  void invalidSelectorsAreExplained() {
    LabelSelector bad = new LabelSelectorBuilder().addNewMatchExpression().withKey("m").withOperator("Like")
        .endMatchExpression().build();
    assertThat(LabelSelectors.violation(bad)).contains("Like");
    LabelSelector noValues = new LabelSelectorBuilder().addNewMatchExpression().withKey("m").withOperator("In")
        .endMatchExpression().build();
    assertThat(LabelSelectors.violation(noValues)).contains("needs values");
    assertThatThrownBy(() -> LabelSelectors.matches(bad, Map.of("m", "x"))).isInstanceOf(IllegalArgumentException.class);
  }
}
