package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRDs' schemas as an API server publishes them: OpenAPI v3 per group-version ({@code /openapi/v3} lists them),
 * which is what {@code kubectl explain} reads, and OpenAPI v2 as JSON. Each schema is named by its reversed group
 * and carries {@code x-kubernetes-group-version-kind}, by which clients find it.
 */
final class OpenApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, ObjectNode> v3 = new LinkedHashMap<>();
  private final ObjectNode v3Index = JSON.createObjectNode();
  private final ObjectNode v2 = JSON.createObjectNode();

  OpenApi(List<CustomResourceDefinition> crds) {
    ObjectNode paths = v3Index.putObject("paths");
    v2.put("swagger", "2.0").putObject("info").put("title", "Kubernetes").put("version", "v1.33.0");
    ObjectNode definitions = v2.putObject("definitions");
    v2.putObject("paths");
    for (CustomResourceDefinition crd : crds) {
      String group = crd.getSpec().getGroup();
      for (var version : crd.getSpec().getVersions()) {
        String groupVersion = "apis/" + group + "/" + version.getName();
        ObjectNode document = v3.computeIfAbsent(groupVersion, key -> {
          ObjectNode doc = JSON.createObjectNode().put("openapi", "3.0.0");
          doc.putObject("info").put("title", "Kubernetes CRD Swagger").put("version", "v0.1.0");
          doc.putObject("paths");
          doc.putObject("components").putObject("schemas");
          return doc;
        });
        ObjectNode schema = JSON.valueToTree(version.getSchema().getOpenAPIV3Schema());
        schema.putArray("x-kubernetes-group-version-kind").addObject().put("group", group)
            .put("kind", crd.getSpec().getNames().getKind()).put("version", version.getName());
        String name = schemaName(group, version.getName(), crd.getSpec().getNames().getKind());
        ((ObjectNode) document.path("components").path("schemas")).set(name, schema);
        // clients find a resource's kind through its paths (kubectl explain does)
        String collection = "/apis/" + group + "/" + version.getName()
            + ("Namespaced".equals(crd.getSpec().getScope()) ? "/namespaces/{namespace}/" : "/")
            + crd.getSpec().getNames().getPlural();
        operation(document, collection + "/{name}", "get", group, version.getName(), crd.getSpec().getNames().getKind(), name);
        operation(document, collection, "list", group, version.getName(), crd.getSpec().getNames().getKind(), name);
        definitions.set(name, schema.deepCopy());
      }
    }
    v3.forEach((groupVersion, document) -> paths.putObject(groupVersion)
        .put("serverRelativeURL", "/openapi/v3/" + groupVersion + "?hash=" + Integer.toHexString(document.hashCode())));
  }

  private static void operation(ObjectNode document, String path, String action, String group, String version,
      String kind, String schemaName) {
    ObjectNode get = ((ObjectNode) document.path("paths")).putObject(path).putObject("get");
    get.put("x-kubernetes-action", action);
    get.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", version).put("kind", kind);
    get.putObject("responses").putObject("200").put("description", "OK").putObject("content")
        .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + schemaName);
  }

  /** {@code dev.iotjobs.v1alpha1.IoTJob} for iotjobs.dev/v1alpha1 IoTJob. */
  private static String schemaName(String group, String version, String kind) {
    List<String> parts = new java.util.ArrayList<>(List.of(group.split("\\.")));
    java.util.Collections.reverse(parts);
    return String.join(".", parts) + "." + version + "." + kind;
  }

  JsonNode v3Index() {
    return v3Index;
  }

  /** The document for {@code apis/{group}/{version}}, or null. */
  JsonNode v3(String groupVersion) {
    return v3.get(groupVersion);
  }

  JsonNode v2() {
    return v2;
  }
}
