package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The mock server's CRUD dispatcher with the behaviours of a real API server that clients rely on: every write path
 * (create, update, each patch type, status) runs the same name, schema and CEL validation, with transition rules
 * against the stored object; merge patches follow RFC 7386; server-side apply with field managers and conflicts;
 * optimistic locking on status writes; label and field selectors on lists and watches; events in core/v1 and
 * events.k8s.io/v1; discovery, OpenAPI v3 and server-side printing; a SelfSubjectRulesReview allows everything (the
 * sandbox has no authorization). Writes are serialized, as etcd would order them.
 */
public class StrictCrudDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  /** metadata.name of a namespaced object: a DNS-1123 subdomain, as the API server requires. */
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final ResourcePath.Type CORE_EVENTS = new ResourcePath.Type("", "v1", "events");
  private static final ResourcePath.Type EVENTS_V1 = new ResourcePath.Type("events.k8s.io", "v1", "events");

  private volatile Discovery discovery;
  private volatile OpenApi openApi;
  private boolean statusAdmitted;
  final ApiWrites writes = new ApiWrites();
  private final IndexedStore store = new IndexedStore();
  final WatchLatency watchLatency = new WatchLatency();
  private final WatchHub watches = new WatchHub(20_000, watchLatency);
  private final Clock clock = Clock.systemUTC();
  /** Off only to store what an older CRD admitted: objects written before today's bounds existed. */
  volatile boolean validating = true;
  private final Map<ResourcePath.Type, CrdSchemaValidator> validators = new ConcurrentHashMap<>();
  private final Map<ResourcePath.Type, TablePrinter> printers = new ConcurrentHashMap<>();
  /** The fields a custom resource may be selected by: metadata.name, metadata.namespace and its selectableFields. */
  private final Map<ResourcePath.Type, java.util.Set<String>> selectableFields = new ConcurrentHashMap<>();

  public StrictCrudDispatcher() {
    super();
    useIndexedStore();
    delayWebSocketWatches();
    printers.put(CORE_EVENTS, TablePrinter.events(clock));
    printers.put(EVENTS_V1, TablePrinter.eventsV1(clock));
  }

  /** The mock's store is a final field of its base class: swapped once, here, before any request. */
  private void useIndexedStore() {
    try {
      java.lang.reflect.Field field = io.fabric8.mockwebserver.crud.CrudDispatcher.class.getDeclaredField("map");
      field.setAccessible(true);
      field.set(this, Collections.synchronizedMap(store));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the mock server's store has changed shape", e);
    }
  }

  /**
   * The mock sends each change to its WebSocket watchers (the in-process clients' informers) by iterating a set of
   * listeners; that set, a final field of the base class, is swapped once for one that iterates through
   * {@link #watchLatency}.
   */
  private void delayWebSocketWatches() {
    try {
      java.lang.reflect.Field field = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
      field.setAccessible(true);
      field.set(this, new DelayedListeners(watchLatency));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the mock server's watch listeners have changed shape", e);
    }
  }

  /** The mock's watch listeners, handed each event through the latency queue (the listeners at the change). */
  private static final class DelayedListeners extends java.util.concurrent.CopyOnWriteArraySet<Object> {
    private final transient WatchLatency latency;

    DelayedListeners(WatchLatency latency) {
      this.latency = latency;
    }

    @Override
    public void forEach(java.util.function.Consumer<? super Object> send) {
      latency.fanOut(this, this::contains, send::accept);
    }
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    // an exact miss is an answer too: a create looks for an object that does not exist yet
    return store.answers(attributes) ? store.find(attributes) : super.findResource(attributes);
  }

  /**
   * Every change the store makes also goes to the streaming watches. The mock calls this with the key the object was
   * stored under (null for a create) and its new JSON (null for a delete).
   */
  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldKey,
      GenericKubernetesResource resource, String value) {
    String before = oldKey == null ? null : store.get(oldKey);
    super.processEvent(path, pathAttributes, oldKey, resource, value);
    ResourcePath parsed = ResourcePath.parse(path);
    if (parsed == null || java.util.Objects.equals(before, value)) {
      return;
    }
    if (value == null) {
      // a deletion is a change of its own, with a resourceVersion of its own, as on a real API server
      ObjectNode deleted = (ObjectNode) read(before);
      deleted.with("metadata").put("resourceVersion", String.valueOf(requestResourceVersion()));
      watches.publish("DELETED", parsed.type(), deleted);
    } else {
      watches.publish(before == null ? "ADDED" : "MODIFIED", parsed.type(),
          resource != null ? resource : (ObjectNode) read(value));
    }
  }

  WatchHub watches() {
    return watches;
  }

  /** One stored object as JSON, by its path; null when there is none. */
  private String stored(String path) {
    Map.Entry<AttributeSet, String> found = findResource(getKey(path));
    return found == null ? null : found.getValue();
  }

  /** Serves discovery, OpenAPI and printing for these CRDs and validates their resources on every write. */
  void serve(List<CustomResourceDefinition> crds) {
    discovery = new Discovery(crds);
    openApi = new OpenApi(crds);
    for (CustomResourceDefinition crd : crds) {
      for (var version : crd.getSpec().getVersions()) {
        ResourcePath.Type type = new ResourcePath.Type(crd.getSpec().getGroup(), version.getName(),
            crd.getSpec().getNames().getPlural());
        validators.put(type, new CrdSchemaValidator(crd));
        java.util.Set<String> fields = new java.util.HashSet<>(List.of("metadata.name", "metadata.namespace"));
        if (version.getSelectableFields() != null) {
          version.getSelectableFields().forEach(field -> fields.add(field.getJsonPath().replaceFirst("^\\.", "")));
        }
        selectableFields.put(type, java.util.Set.copyOf(fields));
        List<CustomResourceColumnDefinition> columns =
            version.getAdditionalPrinterColumns() != null && !version.getAdditionalPrinterColumns().isEmpty()
                ? version.getAdditionalPrinterColumns()
                // without printer columns an API server shows the age
                : List.of(new CustomResourceColumnDefinitionBuilder()
                    .withName("AGE").withType("date").withJsonPath(".metadata.creationTimestamp").build());
        printers.put(type, new TablePrinter(columns, clock));
      }
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response;
    try {
      response = route(request);
    } catch (IllegalArgumentException e) {
      response = Statuses.response(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", e.getMessage());
    }
    if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
      response.addHeader("Content-Type", "application/json");
    }
    writes.record(request.getMethod(), request.getPath(), response.code());
    return response;
  }

  private MockResponse route(RecordedRequest request) {
    if (request.method() != HttpMethod.GET) {
      synchronized (this) {
        long start = System.nanoTime();
        try {
          return dispatchWrite(request);
        } finally {
          writes.busy(System.nanoTime() - start);
        }
      }
    }
    String path = request.getPath();
    String bare = ResourcePath.withoutQuery(path);
    ObjectNode document = discovery == null ? null : discovery.document(bare);
    if (document != null) {
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(document.toString());
    }
    if (bare.startsWith("/openapi/")) {
      return openApi(bare, request.getHeader("Accept"));
    }
    ResourcePath resource = ResourcePath.parse(path);
    if (resource == null || path.contains("watch=true") || path.contains("watch=1")) {
      return super.dispatch(request);
    }
    View view = view(resource.type(), request.getHeader("Accept"));
    if (view == null) {
      return super.dispatch(request);
    }
    Map<String, String> parameters = Selectors.query(path);
    if (resource.name() != null) {
      String json = stored(view.stored().collection(resource.namespace()) + "/" + resource.name());
      if (json == null) {
        return notFound(resource);
      }
      return ok(view.render(read(json)));
    }
    Snapshot snapshot = snapshot(view.stored(), resource.namespace(), object -> true);
    Predicate<JsonNode> selected = selector(resource.type(), parameters);
    ArrayNode items = JSON.createArrayNode();
    snapshot.items().stream().map(view::convert).filter(selected).forEach(items::add);
    ObjectNode list = JSON.createObjectNode().put("apiVersion", resource.type().groupVersion())
        .put("kind", discovery.kind(resource.type()) + "List");
    list.putObject("metadata").put("resourceVersion", String.valueOf(snapshot.resourceVersion()));
    list.set("items", items);
    return ok(view.asTable() ? view.table(list) : list);
  }

  private static MockResponse ok(JsonNode body) {
    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(body.toString());
  }

  private static MockResponse notFound(ResourcePath resource) {
    return Statuses.response(HttpURLConnection.HTTP_NOT_FOUND, "NotFound",
        resource.type().plural() + (resource.type().group().isEmpty() ? "" : "." + resource.type().group())
            + " \"" + resource.name() + "\" not found");
  }

  /** A resource type as a client sees it: how it is stored, converted and, when asked for, printed as a Table. */
  record View(ResourcePath.Type stored, java.util.function.UnaryOperator<JsonNode> converter, TablePrinter printer) {
    JsonNode convert(JsonNode object) {
      return converter.apply(object);
    }

    boolean asTable() {
      return printer != null;
    }

    JsonNode render(JsonNode storedObject) {
      JsonNode converted = convert(storedObject);
      return asTable() ? table(converted) : converted;
    }

    JsonNode table(JsonNode objectOrList) {
      return printer.table(objectOrList);
    }
  }

  /**
   * The label and field selectors of a list or watch; a custom resource can be selected only by metadata.name,
   * metadata.namespace and the fields its CRD declares selectable, as on a real API server (Kubernetes 1.31+).
   */
  Predicate<JsonNode> selector(ResourcePath.Type type, Map<String, String> query) {
    java.util.Set<String> allowed = selectableFields.get(type);
    if (allowed != null) {
      for (String term : query.getOrDefault("fieldSelector", "").split(",")) {
        String field = term.split("!=|==|=", 2)[0].trim();
        if (!field.isEmpty() && !allowed.contains(field)) {
          throw new IllegalArgumentException("field label not supported: " + field);
        }
      }
    }
    return Selectors.of(query);
  }

  /** How a served type is read; null for a type this API does not serve. */
  View view(ResourcePath.Type type, String accept) {
    if (discovery == null || !discovery.serves(type)) {
      return null;
    }
    boolean table = accept != null && accept.contains("as=Table");
    if (type.equals(EVENTS_V1)) {
      return new View(CORE_EVENTS, EventsV1::fromCore, table ? printers.get(EVENTS_V1) : null);
    }
    return new View(type, java.util.function.UnaryOperator.identity(), table ? printers.get(type) : null);
  }

  /** The stored objects of a type (in a namespace, or all for null) that a predicate selects, and the version now. */
  record Snapshot(long resourceVersion, List<JsonNode> items) {}

  Snapshot snapshot(ResourcePath.Type type, String namespace, Predicate<JsonNode> selected) {
    MockResponse list = super.handleGet(type.collection(namespace));
    JsonNode body = read(list.getBody().readUtf8());
    List<JsonNode> items = new ArrayList<>();
    body.path("items").forEach(item -> {
      if (selected.test(item)) {
        items.add(item);
      }
    });
    long version = WatchHub.parseVersion(body.path("metadata").path("resourceVersion").asText(""));
    // in key order, namespace then name, as etcd returns them to a real API server
    items.sort(java.util.Comparator.comparing((JsonNode item) -> item.path("metadata").path("namespace").asText(""))
        .thenComparing(item -> item.path("metadata").path("name").asText("")));
    return new Snapshot(version, items);
  }

  private MockResponse openApi(String path, String accept) {
    if (path.startsWith("/openapi/v2")) {
      boolean json = accept != null && accept.contains("application/json") && !accept.contains("protobuf");
      return json ? ok(openApi.v2())
          : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).addHeader("Content-Type: application/octet-stream")
              .setBody(Discovery.emptyOpenApiV2());
    }
    JsonNode document = "/openapi/v3".equals(path) ? openApi.v3Index() : openApi.v3(path.substring("/openapi/v3/".length()));
    return document == null ? Statuses.response(404, "NotFound", "no OpenAPI document at " + path) : ok(document);
  }

  private MockResponse dispatchWrite(RecordedRequest request) {
    String path = request.getPath();
    if (request.method() == HttpMethod.POST && path.contains("/selfsubjectrulesreviews")) {
      return allowEverything(request.getUtf8Body());
    }
    ResourcePath resource = ResourcePath.parse(path);
    if (resource != null && resource.type().equals(EVENTS_V1)) {
      return eventsV1Write(request, resource);
    }
    String manager = manager(request);
    return switch (request.method()) {
      case PATCH -> patch(request, resource, manager);
      case POST, PUT -> write(request, request.method(), path, request.getUtf8Body(), manager, true);
      default -> super.dispatch(request);
    };
  }

  /** Who is writing, for field ownership: the fieldManager parameter, or the client's user agent as the API server does. */
  private static String manager(RecordedRequest request) {
    String given = Selectors.query(request.getPath()).get("fieldManager");
    if (given != null && !given.isEmpty()) {
      return given;
    }
    String agent = request.getHeader("User-Agent");
    return agent == null || agent.isBlank() ? "unknown" : agent.split("/")[0];
  }

  /**
   * A create or update (of the resource or its status), validated as the API server does: for our kinds, status
   * dropped on create, schema defaults filled in, name, schema and CEL rules checked (transition rules against the
   * stored object), field ownership kept; stale resourceVersions refused.
   */
  private MockResponse write(RecordedRequest request, HttpMethod method, String path, String body, String manager,
      boolean trackOwnership) {
    String bare = ResourcePath.withoutQuery(path);
    ResourcePath resource = ResourcePath.parse(bare);
    JsonNode sent;
    try {
      sent = read(body);
    } catch (IllegalArgumentException e) {
      return Statuses.response(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "the request body is not JSON");
    }
    if (method == HttpMethod.POST) {
      String name = sent.path("metadata").path("name").asText("");
      if (!name.isEmpty() && (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
        return invalid(sent, resource, List.of("metadata.name: Invalid value: \"" + name + "\": a lowercase RFC 1123"
            + " subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an"
            + " alphanumeric character"));
      }
    }
    CrdSchemaValidator validator = resource == null ? null : validators.get(resource.type());
    if (validator == null || resource.namespace() == null) {
      return super.dispatch(copy(request, method, path, body));
    }
    boolean statusWrite = "status".equals(resource.subresource());
    String mainPath = statusWrite ? bare.substring(0, bare.length() - "/status".length()) : bare;
    String storedJson = method == HttpMethod.PUT ? stored(mainPath) : null;
    if (method == HttpMethod.PUT && storedJson == null) {
      return notFound(resource);
    }
    JsonNode old = storedJson == null ? null : read(storedJson);
    ObjectNode admitted = (ObjectNode) sent;
    if (method == HttpMethod.POST) {
      admitted.remove("status");
    }
    if (statusWrite) {
      ObjectNode candidate = ((ObjectNode) old).deepCopy();
      candidate.remove("status");
      if (admitted.hasNonNull("status")) {
        candidate.set("status", admitted.get("status").deepCopy());
      }
      validator.applyDefaults(candidate);
      List<String> problems = validating ? ratcheted(validator, old, validator.validateUpdate(old, candidate)) : List.of();
      if (!problems.isEmpty()) {
        return invalid(candidate, resource, problems);
      }
      admitted.set("status", candidate.get("status"));
      MockResponse conflict = staleVersion(old, admitted);
      if (conflict != null) {
        return conflict;
      }
      return super.dispatch(copy(request, method, bare, admitted.toString()));
    }
    validator.applyDefaults(admitted);
    List<String> problems = !validating ? List.of()
        : old == null ? validator.validateCreate(admitted) : ratcheted(validator, old, validator.validateUpdate(old, admitted));
    if (!problems.isEmpty()) {
      return invalid(admitted, resource, problems);
    }
    if (trackOwnership) {
      List<ManagedFields.Entry> entries = old == null ? List.of() : ManagedFields.read(old);
      entries = ManagedFields.recordUpdate(entries, manager, admitted.path("apiVersion").asText(), null,
          ManagedFields.changed(old == null ? null : withoutStatus(old), withoutStatus(admitted)), admitted, clock.instant());
      ManagedFields.write(admitted, entries);
    }
    if (method != HttpMethod.POST) {
      return super.dispatch(copy(request, method, path, admitted.toString()));
    }
    // the status was dropped and defaulted above: the mock would drop the defaulted one too
    statusAdmitted = true;
    try {
      return super.dispatch(copy(request, method, path, admitted.toString()));
    } finally {
      statusAdmitted = false;
    }
  }

  /**
   * Validation ratcheting, as Kubernetes 1.30+ does for CRDs: a violation the stored object already had does not
   * refuse an update (an object stored under a looser CRD can still get its status written and be fixed).
   */
  private static List<String> ratcheted(CrdSchemaValidator validator, JsonNode old, List<String> problems) {
    if (problems.isEmpty()) {
      return problems;
    }
    java.util.Set<String> preexisting = new java.util.HashSet<>(validator.validateCreate(old));
    return problems.stream().filter(problem -> !preexisting.contains(problem)).toList();
  }

  private static JsonNode withoutStatus(JsonNode object) {
    ObjectNode copy = ((ObjectNode) object).deepCopy();
    copy.remove("status");
    return copy;
  }

  private static RecordedRequest copy(RecordedRequest request, HttpMethod method, String path, String body) {
    return new RecordedRequest(request.getHttpVersion(), method, path, request.getHeaders(),
        new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A patch becomes the object it produces, then goes through {@link #write} as an update: the same validation as
   * any other write. JSON patch, RFC 7386 merge patch, server-side apply; strategic merge patch only for built-in
   * kinds (as on a real API server, custom resources refuse it).
   */
  private MockResponse patch(RecordedRequest request, ResourcePath resource, String manager) {
    String path = request.getPath();
    String bare = ResourcePath.withoutQuery(path);
    if (resource == null || resource.name() == null) {
      return Statuses.response(HttpURLConnection.HTTP_BAD_METHOD, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }
    boolean status = "status".equals(resource.subresource());
    String mainPath = status ? bare.substring(0, bare.length() - "/status".length()) : bare;
    String contentType = java.util.Objects.requireNonNullElse(request.getHeader("Content-Type"), "").split(";")[0].trim();
    boolean ours = validators.containsKey(resource.type());
    String storedJson = stored(mainPath);
    Map<String, String> parameters = Selectors.query(path);
    try {
      if ("application/apply-patch+yaml".equals(contentType)) {
        return apply(request, resource, bare, mainPath, storedJson, manager, "true".equals(parameters.get("force")));
      }
      if (storedJson == null) {
        return notFound(resource);
      }
      JsonNode current = read(storedJson);
      JsonNode patch = read(request.getUtf8Body());
      JsonNode patched = switch (contentType) {
        case "application/json-patch+json" -> JsonPatch.apply(patch, current);
        case "application/merge-patch+json" -> MergePatch.apply(current, patch);
        case "application/strategic-merge-patch+json" -> {
          if (ours) {
            yield null;
          }
          yield MergePatch.apply(current, withoutDirectives(patch));
        }
        default -> throw new UnsupportedOperationException(contentType);
      };
      if (patched == null || !patched.isObject()) {
        return Statuses.response(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
            + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
            + "application/apply-patch+yaml");
      }
      ObjectNode object = (ObjectNode) patched;
      String sentVersion = patch.path("metadata").path("resourceVersion").asText("");
      String storedVersion = current.path("metadata").path("resourceVersion").asText("");
      if (!sentVersion.isEmpty() && !sentVersion.equals(storedVersion)) {
        return conflict(current.path("metadata").path("name").asText());
      }
      object.with("metadata").put("resourceVersion", storedVersion);
      if (!status && ours) {
        // the status belongs to its subresource: a patch of the resource leaves it as stored
        object.remove("status");
        if (current.has("status")) {
          object.set("status", current.get("status").deepCopy());
        }
      }
      return write(request, HttpMethod.PUT, bare, object.toString(), manager, true);
    } catch (UnsupportedOperationException e) {
      return Statuses.response(415, "UnsupportedMediaType", "unsupported patch type " + contentType);
    } catch (io.fabric8.zjsonpatch.JsonPatchException | IllegalArgumentException e) {
      return Statuses.response(422, "Invalid", "the patch cannot be applied: " + e.getMessage());
    }
  }

  private MockResponse apply(RecordedRequest request, ResourcePath resource, String bare, String mainPath,
      String storedJson, String manager, boolean force) throws IllegalArgumentException {
    JsonNode config;
    try {
      config = YAML.readTree(request.getUtf8Body());
    } catch (IOException e) {
      return Statuses.response(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "the applied configuration is not YAML: " + e.getMessage());
    }
    if (config == null || !config.isObject()) {
      return Statuses.response(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "the applied configuration is not an object");
    }
    String name = config.path("metadata").path("name").asText("");
    if (!name.equals(resource.name())) {
      return Statuses.response(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "the name of the object (" + name
          + ") does not match the name on the URL (" + resource.name() + ")");
    }
    boolean status = "status".equals(resource.subresource());
    JsonNode live = storedJson == null ? null : read(storedJson);
    if (live == null && status) {
      return notFound(resource);
    }
    ServerSideApply.Outcome outcome = ServerSideApply.apply(live, config, manager, force, status ? "status" : null,
        clock.instant());
    if (outcome.refused()) {
      ObjectNode refusal = Statuses.node(HttpURLConnection.HTTP_CONFLICT, "Conflict",
          ManagedFields.conflictMessage(outcome.conflicts()));
      ArrayNode causes = refusal.putObject("details").put("name", name).put("kind", resource.type().plural())
          .putArray("causes");
      outcome.conflicts().forEach((owner, fields) -> fields.forEach(field -> causes.addObject()
          .put("type", "FieldManagerConflict").put("message", "conflict with " + owner)
          .put("field", ManagedFields.dotted(field))));
      return Statuses.response(refusal);
    }
    ObjectNode object = outcome.object();
    if (live == null) {
      object.with("metadata").put("namespace", resource.namespace());
      return write(request, HttpMethod.POST, resource.type().collection(resource.namespace()), object.toString(),
          manager, false);
    }
    object.with("metadata").put("resourceVersion", live.path("metadata").path("resourceVersion").asText());
    return write(request, HttpMethod.PUT, status ? bare : mainPath, object.toString(), manager, false);
  }

  /** Strategic merge patch directives ($patch, $retainKeys, ...) have no meaning for a merge. */
  private static JsonNode withoutDirectives(JsonNode patch) {
    if (patch.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      patch.fields().forEachRemaining(field -> {
        if (!field.getKey().startsWith("$")) {
          copy.set(field.getKey(), withoutDirectives(field.getValue()));
        }
      });
      return copy;
    }
    return patch;
  }

  /** Events written through events.k8s.io/v1 are stored as the core/v1 events they are, and answered in kind. */
  private MockResponse eventsV1Write(RecordedRequest request, ResourcePath resource) {
    String corePath = CORE_EVENTS.collection(resource.namespace()) + (resource.name() == null ? "" : "/" + resource.name());
    if (request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT) {
      JsonNode core = EventsV1.toCore(read(request.getUtf8Body()));
      MockResponse response = write(request, request.method(), corePath, core.toString(), manager(request), false);
      if (response.code() >= 300) {
        return response;
      }
      return new MockResponse().setResponseCode(response.code())
          .setBody(EventsV1.fromCore(read(response.getBody().readUtf8())).toString());
    }
    return super.dispatch(copy(request, request.method(), corePath, request.getUtf8Body()));
  }

  private MockResponse invalid(JsonNode resource, ResourcePath path, List<String> problems) {
    String kind = resource.path("kind").asText();
    String group = path == null ? "" : path.type().group();
    String name = resource.path("metadata").path("name").asText();
    String message = kind + (group.isEmpty() ? "" : "." + group) + " \"" + name + "\" is invalid: " + String.join("; ", problems);
    return Statuses.response(422, "Invalid", message);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("the request body is not JSON: " + e.getMessage());
    }
  }

  /**
   * The mock drops the status of a created resource whose kind has the status subresource; while a create whose
   * status was already dropped and defaulted by {@link #write} is stored, it must keep the defaulted one (writes are
   * serialized, so a field is enough).
   */
  @Override
  public boolean isStatusSubresourceEnabledForResource(String path) {
    return !statusAdmitted && super.isStatusSubresourceEnabledForResource(path);
  }

  /** The sandbox has no authorization: a rules review (JOSDK asks one before leader election) allows everything. */
  private static MockResponse allowEverything(String body) {
    try {
      ObjectNode review = (ObjectNode) JSON.readTree(body);
      review.putObject("status").put("incomplete", false).putArray("resourceRules").addObject()
          .<ObjectNode>set("verbs", JSON.createArrayNode().add("*"))
          .<ObjectNode>set("apiGroups", JSON.createArrayNode().add("*"))
          .set("resources", JSON.createArrayNode().add("*"));
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_CREATED).setBody(JSON.writeValueAsString(review));
    } catch (IOException e) {
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_BAD_REQUEST).setBody(e.getMessage());
    }
  }

  /** A status write must carry the stored resourceVersion when it carries one (the mock accepts any). */
  private static MockResponse staleVersion(JsonNode current, JsonNode sent) {
    String version = sent.path("metadata").path("resourceVersion").asText("");
    if (version.isEmpty() || version.equals(current.path("metadata").path("resourceVersion").asText(""))) {
      return null;
    }
    return conflict(current.path("metadata").path("name").asText());
  }

  private static MockResponse conflict(String name) {
    return Statuses.response(HttpURLConnection.HTTP_CONFLICT, "Conflict", "Operation cannot be fulfilled on " + name
        + ": the object has been modified; please apply your changes to the latest version and try again");
  }
}
