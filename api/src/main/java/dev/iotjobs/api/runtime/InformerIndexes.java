package dev.iotjobs.api.runtime;

import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import java.util.List;

/**
 * Index reads of an informer cache that never miss an object because it is being updated. Fabric8's cache updates an
 * index by removing the object's key and adding it again, and its index reads take no lock, so a read racing an
 * update finds the object missing (fabric8io/kubernetes-client#7265): a Thing whose lastSeenAt was just written
 * looked absent to a device's request, and could look absent from its groups to a job. Reading under the cache's own
 * lock, which its writes hold, sees every object; the reads are short, so the lock costs little.
 */
public final class InformerIndexes {
  private InformerIndexes() {}

  public static <T> List<T> byIndex(Indexer<T> indexer, String index, String key) {
    if (indexer instanceof CacheImpl<?> cache) {
      synchronized (cache.getLockObject()) {
        return indexer.byIndex(index, key);
      }
    }
    return indexer.byIndex(index, key);
  }
}
