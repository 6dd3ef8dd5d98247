package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class InformerIndexesTest {
  private static final String BY_THING = "thing";

  private static ConfigMap object(int version) {
    return new ConfigMapBuilder().withNewMetadata().withName("job.thing-1").withNamespace("default")
        .withResourceVersion(String.valueOf(version)).endMetadata().withData(Map.of("thing", "thing-1")).build();
  }

  /** Counts the reads that found nothing while another thread keeps updating the one object the index holds. */
  private static long missesDuringUpdates(CacheImpl<ConfigMap> cache, BooleanSupplier read) throws Exception {
    AtomicBoolean updating = new AtomicBoolean(true);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int version = 2; version < 100_000; version++) {
        cache.put(object(version));
      }
      updating.set(false);
    });
    long misses = 0;
    while (updating.get()) {
      if (!read.getAsBoolean()) {
        misses++;
      }
    }
    writer.get();
    return misses;
  }

  private static CacheImpl<ConfigMap> cache() {
    CacheImpl<ConfigMap> cache = new CacheImpl<>(Cache.NAMESPACE_INDEX, Cache::metaNamespaceIndexFunc,
        Cache::metaNamespaceKeyFunc);
    cache.addIndexFunc(BY_THING, object -> List.of(object.getData().get("thing")));
    cache.put(object(1));
    return cache;
  }

  @Test
  void anObjectBeingUpdatedIsAlwaysFound() throws Exception {
    CacheImpl<ConfigMap> cache = cache();
    assertThat(missesDuringUpdates(cache, () -> !InformerIndexes.byIndex(cache, BY_THING, "thing-1").isEmpty()))
        .isZero();
    assertThat(InformerIndexes.byIndex(cache, BY_THING, "thing-1")).singleElement()
        .satisfies(found -> assertThat(found.getMetadata().getResourceVersion()).isEqualTo("99999"));
    assertThat(InformerIndexes.byIndex(cache, BY_THING, "thing-2")).isEmpty();
  }

  @Test
  void theCachesOwnIndexReadMissesIt() throws Exception {
    // the defect the helper exists for: if this starts to pass with zero misses, Fabric8 fixed #7265
    CacheImpl<ConfigMap> cache = cache();
    assertThat(missesDuringUpdates(cache, () -> !cache.byIndex(BY_THING, "thing-1").isEmpty()))
        .as("unlocked index reads that found nothing; none means Fabric8 fixed #7265 and InformerIndexes can go")
        .isPositive();
  }
}
