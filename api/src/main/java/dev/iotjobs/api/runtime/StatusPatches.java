package dev.iotjobs.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;

/**
 * Status writes as small merge patches of the status subresource: what changed from the status the write is based on,
 * with that object's resourceVersion as a precondition, so a concurrent change fails with 409 Conflict exactly as an
 * update would. An update sends (and first copies) the whole object; an execution's write is a few dozen bytes of it.
 * The patch goes through the client's HTTP client directly ({@link ResourceRequests}): Fabric8's resource operation
 * copied the whole object and built the URL from it on every write, 14% of the bridge's CPU (docs/benchmarks.md).
 */
public final class StatusPatches {
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final com.fasterxml.jackson.core.JsonFactory STREAMS = new com.fasterxml.jackson.core.JsonFactory();

  private StatusPatches() {}

  /**
   * Writes the status of the object as it was read; the stored object comes back. A refusal is a
   * {@link KubernetesClientException} with the server's code (409 when the object changed, 404 when it is gone).
   */
  public static <S, R extends CustomResource<?, S>> R write(KubernetesClient client, R basedOn, S status) {
    var json = client.getKubernetesSerialization();
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectMeta metadata = basedOn.getMetadata();
    patch.putObject("metadata").put("resourceVersion", metadata.getResourceVersion());
    JsonNode written = json.convertValue(status, JsonNode.class);
    patch.set("status", MergePatchDiff.between(json.convertValue(basedOn.getStatus(), JsonNode.class), written));
    byte[] answer = patch(client, basedOn, patch.toString());
    @SuppressWarnings("unchecked")
    Class<R> type = (Class<R>) basedOn.getClass();
    String resourceVersion = resourceVersionOf(answer);
    if (resourceVersion == null || status == null) {
      return json.unmarshal(new ByteArrayInputStream(answer), type);
    }
    return stored(basedOn, metadata, resourceVersion, json.convertValue(written, statusClass(basedOn, status)), type);
  }

  /**
   * Merges the given status fields into the object's status, whatever its resourceVersion, and reads nothing of the
   * answer: for hints such as a Thing's lastSeenAt, where the last write wins and nothing waits for the stored object.
   * The object names the resource (its name and namespace); its status holds only the fields to set.
   */
  public static void merge(KubernetesClient client, CustomResource<?, ?> target) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.set("status", client.getKubernetesSerialization().convertValue(target.getStatus(), JsonNode.class));
    patch(client, target, patch.toString());
  }

  private static byte[] patch(KubernetesClient client, HasMetadata target, String body) {
    String url = ResourceRequests.objectUrl(client.getMasterUrl().toString(), target) + "/status";
    return ResourceRequests.send(client, "PATCH", url, MERGE_PATCH, body);
  }

  /**
   * What the server stored, without binding its answer (the whole object, managedFields and all: 7% of the bridge's
   * CPU): the object the patch was based on, with the status written and the new resourceVersion. The patch was
   * guarded by the old one, so nothing else changed in between; the informer soon delivers the server's own copy.
   */
  private static <S, R extends CustomResource<?, S>> R stored(R basedOn, ObjectMeta metadata, String resourceVersion,
      S status, Class<R> type) {
    try {
      R stored = type.getDeclaredConstructor().newInstance();
      stored.setMetadata(new ObjectMetaBuilder(metadata).withResourceVersion(resourceVersion).build());
      copySpec(basedOn, stored);
      stored.setStatus(status);
      return stored;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type + " cannot be built", e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void copySpec(CustomResource from, CustomResource to) {
    to.setSpec(from.getSpec()); // read, never changed: shared as the cache shares it
  }

  @SuppressWarnings("unchecked")
  private static <S> Class<S> statusClass(CustomResource<?, S> basedOn, S status) {
    return (Class<S>) status.getClass();
  }

  /** The top-level metadata.resourceVersion of an object's JSON, read without binding it; null if it has none. */
  static String resourceVersionOf(byte[] body) {
    try (JsonParser parser = STREAMS.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!"metadata".equals(field) || value != JsonToken.START_OBJECT) {
          parser.skipChildren();
          continue;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken inner = parser.nextToken();
          if ("resourceVersion".equals(name) && inner == JsonToken.VALUE_STRING) {
            return parser.getText();
          }
          parser.skipChildren();
        }
        return null;
      }
      return null;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
