package dev.iotjobs.operator.k8s;

import dev.iotjobs.api.runtime.StatusPatches;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The one writer of a kind's status. Writes replace the whole status with the resourceVersion it was computed from
 * (optimistic locking: a 409 re-reads the object and writes again), sent as a merge patch of what changed; a status equal to the stored one is not written.
 * It remembers what it wrote, so a reconcile that runs before the informer has seen the write builds on the written
 * status instead of rolling it back.
 */
public class StatusWriter<S, R extends CustomResource<?, S>> {
  private static final int ATTEMPTS = 5;
  /** Versions older than the last write that the informer may still deliver; the oldest are long gone. */
  private static final int MAX_SUPERSEDED = 256;
  private final KubernetesClient client;
  private final UnaryOperator<S> copier;
  private final Map<String, Written<S, R>> written = new ConcurrentHashMap<>();

  public StatusWriter(KubernetesClient client, UnaryOperator<S> copier) {
    this.client = client;
    this.copier = copier;
  }

  /** The freshest status known for this object: its own, or the one written after the version the cache holds. */
  public S latest(R cached) {
    Written<S, R> last = newerThan(cached);
    if (last != null) {
      return copier.apply(last.status());
    }
    return cached.getStatus() == null ? null : copier.apply(cached.getStatus());
  }

  /** Stores the status unless it is what the object already has; returns the object as stored. */
  public R write(R cached, S status) {
    if (Objects.equals(status, latest(cached))) {
      return cached;
    }
    Written<S, R> previous = written.get(cached.getMetadata().getUid());
    // based on our own last write when the cache has not caught up with it: the cached version would only earn a 409
    Written<S, R> newer = newerThan(cached);
    R target = newer == null ? cached : newer.stored();
    for (int attempt = 1; ; attempt++) {
      try {
        R stored = StatusPatches.write(client, target, status);
        LinkedHashSet<String> superseded = new LinkedHashSet<>(previous == null ? Set.of() : previous.superseded());
        superseded.add(target.getMetadata().getResourceVersion());
        superseded.add(cached.getMetadata().getResourceVersion());
        superseded.remove(stored.getMetadata().getResourceVersion());
        while (superseded.size() > MAX_SUPERSEDED) {
          superseded.remove(superseded.iterator().next());
        }
        written.put(cached.getMetadata().getUid(), new Written<>(superseded, copier.apply(status), stored));
        return stored;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
        R fresh = client.resource(cached).get();
        if (fresh == null) {
          throw e;
        }
        target = fresh;
      }
    }
  }

  public void forget(R resource) {
    written.remove(resource.getMetadata().getUid());
  }

  /** Our last write of the object, when the cached version is one it superseded. */
  private Written<S, R> newerThan(R cached) {
    Written<S, R> last = written.get(cached.getMetadata().getUid());
    return last != null && last.superseded().contains(cached.getMetadata().getResourceVersion()) ? last : null;
  }

  private record Written<S, R>(Set<String> superseded, S status, R stored) {}

}
