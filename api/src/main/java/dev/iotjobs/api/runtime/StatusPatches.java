package dev.iotjobs.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Status writes as small merge patches of the status subresource: what changed from the status the write is based on,
 * with that object's resourceVersion as a precondition, so a concurrent change fails with 409 Conflict exactly as an
 * update would. An update sends (and first copies) the whole object; an execution's write is a few dozen bytes of it.
 */
public final class StatusPatches {
  private StatusPatches() {}

  /** Writes the status of the object as it was read; the stored object comes back. */
  public static <S, R extends CustomResource<?, S>> R write(KubernetesClient client, R basedOn, S status) {
    var json = client.getKubernetesSerialization();
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("metadata").put("resourceVersion", basedOn.getMetadata().getResourceVersion());
    patch.set("status", MergePatchDiff.between(json.convertValue(basedOn.getStatus(), JsonNode.class),
        json.convertValue(status, JsonNode.class)));
    // on the object itself, which names the path: by name alone the client would read the object first
    return client.resource(basedOn).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
  }
}
