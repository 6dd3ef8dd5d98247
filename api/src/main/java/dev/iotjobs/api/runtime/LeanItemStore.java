package dev.iotjobs.api.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.HashMap;
import java.util.Map;

/**
 * An informer store that keeps what the operator and the bridge read and drops the rest before an object is cached:
 * managedFields (a real API server adds hundreds of bytes per writer to every object) and kubectl's
 * last-applied-configuration annotation (a second copy of the object as applied). Nothing here reads either; an update
 * sent without managedFields leaves the server's own untouched.
 */
public class LeanItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  public LeanItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public T put(String key, T object) {
    return super.put(key, lean(object));
  }

  /**
   * The object without what no reader of a cache needs, and with the strings many objects repeat (namespace, labels,
   * the owner reference) shared instead of copied; the same instance, changed in place.
   */
  public static <T extends HasMetadata> T lean(T object) {
    if (object.getMetadata() != null) {
      var metadata = object.getMetadata();
      metadata.setManagedFields(null);
      metadata.setNamespace(intern(metadata.getNamespace()));
      if (metadata.getLabels() != null) {
        Map<String, String> labels = new HashMap<>(metadata.getLabels().size() * 2);
        metadata.getLabels().forEach((k, v) -> labels.put(intern(k), intern(v)));
        metadata.setLabels(labels);
      }
      if (metadata.getOwnerReferences() != null) {
        metadata.getOwnerReferences().forEach(owner -> {
          owner.setApiVersion(intern(owner.getApiVersion()));
          owner.setKind(intern(owner.getKind()));
          owner.setName(intern(owner.getName()));
          owner.setUid(intern(owner.getUid()));
        });
      }
      Map<String, String> annotations = object.getMetadata().getAnnotations();
      if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
        Map<String, String> kept = new HashMap<>(annotations);
        kept.remove(LAST_APPLIED);
        object.getMetadata().setAnnotations(kept.isEmpty() ? null : kept);
      }
    }
    return object;
  }

  private static String intern(String text) {
    return text == null ? null : text.intern();
  }
}
