package dev.iotjobs.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A read from another thread at the exact moment the cache is between removing an updated object's index entry and
 * adding it back: the index function is called for the new version after the old entry is gone, so the test reads
 * from there. No timing involved.
 */
class InformerIndexesTest {
  private static final String BY_THING = "thing";

  private static ConfigMap version(int version) {
    return new ConfigMapBuilder().withNewMetadata().withName("job.thing-1").withNamespace("default")
        .withResourceVersion(String.valueOf(version)).endMetadata().withData(Map.of("thing", "thing-1")).build();
  }

  /** A cache whose index function, when it indexes version 2, runs this while the update is half done. */
  private static CacheImpl<ConfigMap> cache(Function<CacheImpl<ConfigMap>, Void> midUpdate) {
    CacheImpl<ConfigMap> cache = new CacheImpl<>(Cache.NAMESPACE_INDEX, Cache::metaNamespaceIndexFunc,
        Cache::metaNamespaceKeyFunc);
    cache.addIndexFunc(BY_THING, object -> {
      if ("2".equals(object.getMetadata().getResourceVersion()) && Thread.currentThread().getName().equals("writer")) {
        midUpdate.apply(cache);
      }
      return List.of(object.getData().get("thing"));
    });
    cache.put(version(1));
    return cache;
  }

  private static void update(CacheImpl<ConfigMap> cache) throws Exception {
    Thread writer = new Thread(() -> cache.put(version(2)), "writer");
    writer.start();
    writer.join(TimeUnit.SECONDS.toMillis(10));
  }

  @Test
  void theCachesOwnIndexReadMissesAnObjectBeingUpdated() throws Exception {
    // the defect InformerIndexes exists for: if this fails, Fabric8 fixed #7265 and InformerIndexes can go
    CompletableFuture<List<ConfigMap>> seen = new CompletableFuture<>();
    CacheImpl<ConfigMap> cache = cache(c -> {
      seen.complete(CompletableFuture.supplyAsync(() -> c.byIndex(BY_THING, "thing-1")).join());
      return null;
    });
    update(cache);
    assertThat(seen.get(5, TimeUnit.SECONDS)).as("read from another thread in the middle of the update").isEmpty();
  }

  @Test
  void aLockedReadWaitsForTheUpdateAndFindsTheNewVersion() throws Exception {
    CompletableFuture<CompletableFuture<List<ConfigMap>>> read = new CompletableFuture<>();
    CacheImpl<ConfigMap> cache = cache(c -> {
      CompletableFuture<List<ConfigMap>> locked = CompletableFuture.supplyAsync(() -> InformerIndexes.byIndex(c,
          BY_THING, "thing-1"));
      // it cannot finish while the update holds the cache's lock
      assertThat(locked.completeOnTimeout(null, 200, TimeUnit.MILLISECONDS).join()).isNull();
      read.complete(CompletableFuture.supplyAsync(() -> InformerIndexes.byIndex(c, BY_THING, "thing-1")));
      return null;
    });
    update(cache);
    assertThat(read.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS)).singleElement()
        .satisfies(found -> assertThat(found.getMetadata().getResourceVersion()).isEqualTo("2"));
    assertThat(InformerIndexes.byIndex(cache, BY_THING, "thing-2")).isEmpty();
  }
}
