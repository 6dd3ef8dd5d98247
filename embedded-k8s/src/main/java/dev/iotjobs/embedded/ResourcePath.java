package dev.iotjobs.embedded;

/**
 * A request path taken apart: {@code /api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]} or
 * {@code /apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]}, query string ignored.
 */
record ResourcePath(Type type, String namespace, String name, String subresource) {
  /** A resource type: group ("" for the core group), version and plural. */
  record Type(String group, String version, String plural) {
    String groupVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }

    /** The collection path, in a namespace or across all when namespace is null. */
    String collection(String namespace) {
      String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
      return root + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
    }
  }

  /** The path without its query string. */
  static String withoutQuery(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** The parsed path, or null when it names no resource (discovery, /version, /openapi, namespaces themselves). */
  static ResourcePath parse(String path) {
    String[] parts = withoutQuery(path).split("/");
    int i;
    String group;
    String version;
    if (parts.length >= 4 && "api".equals(parts[1])) {
      group = "";
      version = parts[2];
      i = 3;
    } else if (parts.length >= 5 && "apis".equals(parts[1])) {
      group = parts[2];
      version = parts[3];
      i = 4;
    } else {
      return null;
    }
    String namespace = null;
    if ("namespaces".equals(parts[i]) && parts.length > i + 2) {
      namespace = parts[i + 1];
      i += 2;
    }
    String plural = parts[i];
    String name = parts.length > i + 1 ? parts[i + 1] : null;
    String subresource = parts.length > i + 2 ? parts[i + 2] : null;
    return new ResourcePath(new Type(group, version, plural), namespace, name, subresource);
  }
}
