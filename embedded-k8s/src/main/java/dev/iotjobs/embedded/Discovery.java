package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents kubectl reads before anything else ({@code /version}, {@code /api}, {@code /api/v1},
 * {@code /apis}, {@code /apis/{group}/{version}}, a minimal {@code /openapi/v2}), built from the CRDs and the few
 * built-in kinds the sandbox serves.
 */
final class Discovery {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
      "update", "watch");
  private final Map<String, ObjectNode> documents = new LinkedHashMap<>();
  /** Kind by resource type, for every type listed. */
  private final Map<ResourcePath.Type, String> kinds = new LinkedHashMap<>();

  Discovery(List<CustomResourceDefinition> crds) {
    documents.put("/version", version());
    documents.put("/api", apiVersions());
    documents.put("/api/v1", coreResources());
    Map<String, ArrayNode> resourcesByGroupVersion = new LinkedHashMap<>();
    builtIn(resourcesByGroupVersion, "coordination.k8s.io/v1", "leases", "Lease", true, null);
    builtIn(resourcesByGroupVersion, "apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition",
        false, List.of("crd", "crds"));
    builtIn(resourcesByGroupVersion, "events.k8s.io/v1", "events", "Event", true, List.of("ev"));
    for (CustomResourceDefinition crd : crds) {
      var names = crd.getSpec().getNames();
      for (var version : crd.getSpec().getVersions()) {
        String groupVersion = crd.getSpec().getGroup() + "/" + version.getName();
        ArrayNode resources = resourcesByGroupVersion.computeIfAbsent(groupVersion, k -> JSON.createArrayNode());
        ObjectNode resource = resource(names.getPlural(), names.getKind(), "Namespaced".equals(crd.getSpec().getScope()),
            names.getShortNames());
        resource.put("singularName", names.getSingular());
        if (names.getCategories() != null) {
          ArrayNode categories = resource.putArray("categories");
          names.getCategories().forEach(categories::add);
        }
        resources.add(resource);
        if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
          ObjectNode status = resource(names.getPlural() + "/status", names.getKind(),
              "Namespaced".equals(crd.getSpec().getScope()), null);
          status.putArray("verbs").add("get").add("patch").add("update");
          resources.add(status);
        }
      }
    }
    ObjectNode groups = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groupList = groups.putArray("groups");
    Map<String, ObjectNode> byGroup = new LinkedHashMap<>();
    resourcesByGroupVersion.forEach((groupVersion, resources) -> {
      String group = groupVersion.substring(0, groupVersion.indexOf('/'));
      String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
      ObjectNode entry = byGroup.computeIfAbsent(group, g -> {
        ObjectNode node = groupList.addObject().put("name", g);
        node.putArray("versions");
        node.putObject("preferredVersion").put("groupVersion", groupVersion).put("version", version);
        return node;
      });
      ((ArrayNode) entry.get("versions")).addObject().put("groupVersion", groupVersion).put("version", version);
      ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
          .put("groupVersion", groupVersion);
      list.set("resources", resources);
      documents.put("/apis/" + groupVersion, list);
    });
    documents.put("/apis", groups);
    documents.forEach((path, document) -> document.path("resources").forEach(resource -> {
      String name = resource.path("name").asText();
      if (!name.contains("/")) {
        String groupVersion = path.equals("/api/v1") ? "/v1" : path.substring("/apis/".length());
        int slash = groupVersion.lastIndexOf('/');
        kinds.put(new ResourcePath.Type(groupVersion.substring(0, slash), groupVersion.substring(slash + 1), name),
            resource.path("kind").asText());
      }
    }));
  }

  /** Whether the sandbox serves this resource type. */
  boolean serves(ResourcePath.Type type) {
    return kinds.containsKey(type);
  }

  /** The kind of a served type. */
  String kind(ResourcePath.Type type) {
    return kinds.get(type);
  }

  private static void builtIn(Map<String, ArrayNode> byGroupVersion, String groupVersion, String plural, String kind,
      boolean namespaced, List<String> shortNames) {
    byGroupVersion.computeIfAbsent(groupVersion, k -> JSON.createArrayNode())
        .add(resource(plural, kind, namespaced, shortNames));
  }

  private static ObjectNode resource(String plural, String kind, boolean namespaced, List<String> shortNames) {
    ObjectNode resource = JSON.createObjectNode().put("name", plural).put("singularName", "")
        .put("namespaced", namespaced).put("kind", kind);
    ArrayNode verbs = resource.putArray("verbs");
    VERBS.forEach(verbs::add);
    if (shortNames != null && !shortNames.isEmpty()) {
      ArrayNode shorts = resource.putArray("shortNames");
      shortNames.forEach(shorts::add);
    }
    return resource;
  }

  private static ObjectNode version() {
    return JSON.createObjectNode().put("major", "1").put("minor", "33").put("gitVersion", "v1.33.0-iotjobs-sandbox")
        .put("platform", "linux/amd64");
  }

  private static ObjectNode apiVersions() {
    ObjectNode node = JSON.createObjectNode().put("kind", "APIVersions");
    node.putArray("versions").add("v1");
    node.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1");
    return node;
  }

  private static ObjectNode coreResources() {
    ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("groupVersion", "v1");
    ArrayNode resources = list.putArray("resources");
    resources.add(resource("namespaces", "Namespace", false, List.of("ns")));
    resources.add(resource("events", "Event", true, List.of("ev")));
    resources.add(resource("configmaps", "ConfigMap", true, List.of("cm")));
    resources.add(resource("secrets", "Secret", true, null));
    return list;
  }

  /**
   * An empty OpenAPI v2 document in the protobuf form kubectl asks for: kubectl finds no client-side schema for a
   * kind and leaves validation to the server, which here validates custom resources against their CRD.
   * Fields of gnostic's openapi_v2.Document: swagger (1), info (2: title 1, version 2), paths (8).
   */
  static byte[] emptyOpenApiV2() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] swagger = "2.0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] title = "iot-jobs sandbox".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] version = "v1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.write(0x0A);
    out.write(swagger.length);
    out.writeBytes(swagger);
    out.write(0x12);
    out.write(2 + title.length + 2 + version.length);
    out.write(0x0A);
    out.write(title.length);
    out.writeBytes(title);
    out.write(0x12);
    out.write(version.length);
    out.writeBytes(version);
    out.write(0x42);
    out.write(0);
    return out.toByteArray();
  }

  /** The document for a discovery path, or null when the path is not a discovery path. */
  ObjectNode document(String path) {
    return documents.get(path);
  }
}
