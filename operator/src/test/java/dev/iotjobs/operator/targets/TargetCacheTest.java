package dev.iotjobs.operator.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.targets.TargetResolver.Resolution;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TargetCacheTest {
  private final TargetCache cache = new TargetCache();
  private final AtomicInteger resolutions = new AtomicInteger();

  private Supplier<Resolution> resolver(String... things) {
    return () -> {
      resolutions.incrementAndGet();
      return new Resolution(new TreeSet<>(List.of(things)), List.of(), List.of());
    };
  }

  @Test
  void aResolutionIsKeptUntilTheFleetOfItsNamespaceChanges() {
    assertThat(cache.resolve("fleet", "job", false, resolver("a")).things()).containsExactly("a");
    assertThat(cache.resolve("fleet", "job", false, resolver("a", "b")).things()).containsExactly("a");
    assertThat(resolutions).hasValue(1);

    cache.fleetChanged("elsewhere");
    assertThat(cache.resolve("fleet", "job", false, resolver("a", "b")).things()).as("another namespace")
        .containsExactly("a");

    cache.fleetChanged("fleet");
    assertThat(cache.resolve("fleet", "job", false, resolver("a", "b")).things()).containsExactly("a", "b");
    assertThat(resolutions).hasValue(2);
  }

  @Test
  void aChangeWhileResolvingMakesThatResolutionStale() {
    // the reconcile reads the fleet, the thing joins and its event is handled, then the reconcile keeps what it read
    Supplier<Resolution> racing = () -> {
      Resolution before = resolver("a").get();
      cache.fleetChanged("fleet");
      return before;
    };
    assertThat(cache.resolve("fleet", "job", false, racing).things()).containsExactly("a");

    assertThat(cache.resolve("fleet", "job", false, resolver("a", "joined")).things())
        .as("the next reconcile sees the thing that joined").containsExactly("a", "joined");
  }

  @Test
  void aFleetIndependentResolutionSurvivesFleetChanges() {
    cache.resolve("fleet", "snapshot", true, resolver("a"));
    cache.fleetChanged("fleet");
    assertThat(cache.resolve("fleet", "snapshot", true, resolver("a", "b")).things()).containsExactly("a");
    assertThat(resolutions).hasValue(1);
  }

  @Test
  void incompleteOrEmptyResolutionsAndForgottenJobsAreResolvedAgain() {
    Supplier<Resolution> incomplete = () -> {
      resolutions.incrementAndGet();
      return new Resolution(new TreeSet<>(List.of("a")), List.of(), List.of("missing-group"));
    };
    cache.resolve("fleet", "job", false, incomplete);
    cache.resolve("fleet", "job", false, incomplete);
    cache.resolve("fleet", "empty", false, resolver());
    cache.resolve("fleet", "empty", false, resolver());
    assertThat(resolutions).hasValue(4);

    cache.resolve("fleet", "kept", false, resolver("a"));
    cache.forget("kept");
    assertThat(cache.resolve("fleet", "kept", false, resolver("b")).things()).containsExactly("b");
  }
}
