package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;

/**
 * The mock server's CRUD dispatcher with behaviours of a real API server added, so code tested here is right on a
 * real cluster: a {@code /status} write with a query string is a status write (the mock drops it), a status write
 * whose resourceVersion is stale is refused with 409 (the mock accepts it), which is what optimistic concurrency
 * between the operator and the bridge relies on, and a SelfSubjectRulesReview is answered (allow all: the sandbox
 * has no authorization).
 */
public class StrictCrudDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private volatile Discovery discovery;
  private boolean statusAdmitted;
  final ApiWrites writes = new ApiWrites();
  private final IndexedStore store = new IndexedStore();
  /** Off only to store what an older CRD admitted: objects written before today's bounds existed. */
  volatile boolean validating = true;
  private final java.util.Map<String, CrdSchemaValidator> validators = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Map<String, TablePrinter> printers = new java.util.concurrent.ConcurrentHashMap<>();

  public StrictCrudDispatcher() {
    super();
    useIndexedStore();
  }

  /** The mock's store is a final field of its base class: swapped once, here, before any request. */
  private void useIndexedStore() {
    try {
      java.lang.reflect.Field field = io.fabric8.mockwebserver.crud.CrudDispatcher.class.getDeclaredField("map");
      field.setAccessible(true);
      field.set(this, java.util.Collections.synchronizedMap(store));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the mock server's store has changed shape", e);
    }
  }

  @Override
  public java.util.Map.Entry<io.fabric8.mockwebserver.crud.AttributeSet, String> findResource(
      io.fabric8.mockwebserver.crud.AttributeSet attributes) {
    // an exact miss is an answer too: a create looks for an object that does not exist yet
    return store.answers(attributes) ? store.find(attributes) : super.findResource(attributes);
  }

  /** One stored object as JSON, by its path; null when there is none. */
  private String stored(String path) {
    io.fabric8.mockwebserver.crud.AttributeSet query = getKey(path);
    java.util.Map.Entry<io.fabric8.mockwebserver.crud.AttributeSet, String> found = findResource(query);
    return found == null ? null : found.getValue();
  }

  /** Serves discovery for these CRDs and validates their resources on create and update, as an API server does. */
  void serve(java.util.List<io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition> crds) {
    discovery = new Discovery(crds);
    for (var crd : crds) {
      for (var version : crd.getSpec().getVersions()) {
        String key = "/apis/" + crd.getSpec().getGroup() + "/" + version.getName() + "/" + crd.getSpec().getNames().getPlural();
        validators.put(key, new CrdSchemaValidator(crd));
        java.util.List<io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition> columns =
            version.getAdditionalPrinterColumns() != null && !version.getAdditionalPrinterColumns().isEmpty()
                ? version.getAdditionalPrinterColumns()
                // without printer columns an API server shows the age
                : java.util.List.of(new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder()
                    .withName("AGE").withType("date").withJsonPath(".metadata.creationTimestamp").build());
        printers.put(key, new TablePrinter(columns, java.time.Clock.systemUTC()));
      }
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response = route(request);
    writes.record(request.getMethod(), request.getPath(), response.code());
    return response;
  }

  private MockResponse route(RecordedRequest request) {
    if (request.method() == HttpMethod.GET) {
      String path = request.getPath();
      int query = path.indexOf('?');
      com.fasterxml.jackson.databind.node.ObjectNode document = discovery == null ? null
          : discovery.document(query < 0 ? path : path.substring(0, query));
      if (document != null) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(document.toString());
      }
      String accept = request.getHeader("Accept");
      if (accept != null && accept.contains("as=Table")) {
        MockResponse table = asTable(path, query < 0 ? path : path.substring(0, query), request);
        if (table != null) {
          return table;
        }
      }
      if (path.startsWith("/openapi/v2")) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
            .clearHeaders().addHeader("Content-Type: application/octet-stream")
            .setBody(Discovery.emptyOpenApiV2());
      }
      return super.dispatch(request);
    }
    synchronized (this) {
      long start = System.nanoTime();
      try {
        return dispatchWrite(request);
      } finally {
        writes.busy(System.nanoTime() - start);
      }
    }
  }

  private MockResponse dispatchWrite(RecordedRequest request) {
    String path = request.getPath();
    if (request.method() == HttpMethod.POST && path.contains("/selfsubjectrulesreviews")) {
      return allowEverything(request.getUtf8Body());
    }
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    boolean statusWrite = bare.endsWith("/status")
        && (request.method() == HttpMethod.PUT || request.method() == HttpMethod.PATCH);
    if (!statusWrite) {
      if (request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT) {
        Admission admission = admit(request.method(), bare, request.getUtf8Body());
        if (admission.refusal() != null) {
          return admission.refusal();
        }
        RecordedRequest admitted = new RecordedRequest(request.getHttpVersion(), request.method(), path,
            request.getHeaders(), new Buffer(admission.body().getBytes(StandardCharsets.UTF_8)));
        if (request.method() != HttpMethod.POST || !admission.ours()) {
          return super.dispatch(admitted);
        }
        // the status was dropped and defaulted above: the mock would drop the defaulted one too
        statusAdmitted = true;
        try {
          return super.dispatch(admitted);
        } finally {
          statusAdmitted = false;
        }
      }
      return super.dispatch(request);
    }
    // reading the body consumes it: read it once and hand a fresh buffer on
    String body = request.getUtf8Body();
    if (request.method() == HttpMethod.PUT) {
      Admission admission = admit(HttpMethod.PUT, bare, body);
      if (admission.refusal() != null) {
        return admission.refusal();
      }
      body = admission.body();
    }
    RecordedRequest withoutQuery = new RecordedRequest(request.getHttpVersion(), request.method(), bare,
        request.getHeaders(), new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    if (request.method() == HttpMethod.PUT) {
      MockResponse conflict = staleVersion(bare, body);
      if (conflict != null) {
        return conflict;
      }
    }
    return super.dispatch(withoutQuery);
  }

  /** The GET answered as a Table with the CRD's printer columns, or null when the kind has none. */
  private MockResponse asTable(String path, String bare, RecordedRequest request) {
    String[] parts = bare.split("/");
    // /apis/{g}/{v}/{plural}[/{name}] or /apis/{g}/{v}/namespaces/{ns}/{plural}[/{name}]
    if (parts.length < 5 || !"apis".equals(parts[1])) {
      return null;
    }
    String plural = "namespaces".equals(parts[4]) ? (parts.length > 6 ? parts[6] : null) : parts[4];
    TablePrinter printer = plural == null ? null : printers.get("/apis/" + parts[2] + "/" + parts[3] + "/" + plural);
    if (printer == null || path.contains("watch=true")) {
      return null;
    }
    MockResponse response = super.dispatch(request);
    if (response.code() != HttpURLConnection.HTTP_OK) {
      return response;
    }
    try {
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(printer.table(response.getBody().readUtf8()));
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * What the API server makes of a create or update of one of our kinds: status dropped on create (it belongs to the
   * status subresource), the schema's defaults filled in, then schema and CEL validation. The body to store, or a
   * 422 naming every violation; other resources pass unchanged.
   */
  private Admission admit(HttpMethod method, String path, String body) {
    String[] parts = path.split("/");
    // /apis/{group}/{version}/namespaces/{ns}/{plural}[/{name}[/status]]
    if (parts.length < 7 || !"apis".equals(parts[1]) || !"namespaces".equals(parts[4])) {
      return new Admission(body, false, null);
    }
    CrdSchemaValidator validator = validators.get("/apis/" + parts[2] + "/" + parts[3] + "/" + parts[6]);
    if (validator == null) {
      return new Admission(body, false, null);
    }
    try {
      JsonNode resource = JSON.readTree(body);
      if (method == HttpMethod.POST && resource instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
        object.remove("status");
      }
      validator.applyDefaults(resource);
      if (parts.length == 9) {
        return new Admission(resource.toString(), true, null);
      }
      java.util.List<String> problems;
      if (!validating) {
        problems = java.util.List.of();
      } else if (method == HttpMethod.PUT && parts.length == 8) {
        String stored = stored(path);
        JsonNode old = stored == null ? null : JSON.readTree(stored);
        problems = old == null ? validator.validateCreate(resource) : validator.validateUpdate(old, resource);
      } else {
        problems = validator.validateCreate(resource);
      }
      if (problems.isEmpty()) {
        return new Admission(resource.toString(), true, null);
      }
      String kind = resource.path("kind").asText();
      String name = resource.path("metadata").path("name").asText();
      String message = kind + "." + parts[2] + " \"" + name + "\" is invalid: " + String.join("; ", problems);
      com.fasterxml.jackson.databind.node.ObjectNode status = JSON.createObjectNode().put("apiVersion", "v1")
          .put("kind", "Status").put("status", "Failure").put("reason", "Invalid").put("code", 422)
          .put("message", message);
      return new Admission(null, true, new MockResponse().setResponseCode(422).setBody(status.toString()));
    } catch (IOException e) {
      return new Admission(null, true, new MockResponse().setResponseCode(HttpURLConnection.HTTP_BAD_REQUEST).setBody(
          "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"BadRequest\",\"code\":400,\"message\":\"body is not JSON\"}"));
    }
  }

  /** The body to hand on (ours: one of the served CRDs' resources), or the refusal to answer with. */
  private record Admission(String body, boolean ours, MockResponse refusal) {}

  /**
   * The mock drops the status of a created resource whose kind has the status subresource; while a create whose
   * status was already dropped and defaulted by {@link #admit} is stored, it must keep the defaulted one (writes are
   * serialized, so a field is enough).
   */
  @Override
  public boolean isStatusSubresourceEnabledForResource(String path) {
    return !statusAdmitted && super.isStatusSubresourceEnabledForResource(path);
  }

  /** The sandbox has no authorization: a rules review (JOSDK asks one before leader election) allows everything. */
  private static MockResponse allowEverything(String body) {
    try {
      com.fasterxml.jackson.databind.node.ObjectNode review = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body);
      review.putObject("status").put("incomplete", false).putArray("resourceRules").addObject()
          .<com.fasterxml.jackson.databind.node.ObjectNode>set("verbs", JSON.createArrayNode().add("*"))
          .<com.fasterxml.jackson.databind.node.ObjectNode>set("apiGroups", JSON.createArrayNode().add("*"))
          .set("resources", JSON.createArrayNode().add("*"));
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_CREATED).setBody(JSON.writeValueAsString(review));
    } catch (IOException e) {
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_BAD_REQUEST).setBody(e.getMessage());
    }
  }

  private MockResponse staleVersion(String statusPath, String body) {
    try {
      String sent = JSON.readTree(body).path("metadata").path("resourceVersion").asText("");
      if (sent.isEmpty()) {
        return null;
      }
      String resourcePath = statusPath.substring(0, statusPath.length() - "/status".length());
      String stored = stored(resourcePath);
      if (stored == null) {
        return null;
      }
      JsonNode current = JSON.readTree(stored);
      String version = current.path("metadata").path("resourceVersion").asText("");
      if (version.equals(sent)) {
        return null;
      }
      String name = current.path("metadata").path("name").asText();
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_CONFLICT).setBody(
          "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409,"
              + "\"message\":\"Operation cannot be fulfilled on " + name
              + ": the object has been modified; please apply your changes to the latest version and try again\"}");
    } catch (IOException e) {
      return null;
    }
  }
}
