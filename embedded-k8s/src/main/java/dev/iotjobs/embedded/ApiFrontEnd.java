package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The port kubectl and other clients talk to. Requests go to the dispatcher through the mock server's own request
 * handling (so WebSocket watches, which Fabric8 clients use, work as before), except watches made the way client-go
 * makes them, as a chunked HTTP stream, which the mock server cannot answer: those are served from the
 * {@link WatchHub}.
 */
final class ApiFrontEnd implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Vertx vertx = Vertx.vertx();
  private final StrictCrudDispatcher dispatcher;
  private final HttpServer server;

  ApiFrontEnd(StrictCrudDispatcher dispatcher, InetAddress address, int port) {
    this.dispatcher = dispatcher;
    HttpServerRequestHandler mockHandling = new HttpServerRequestHandler(vertx) {
      @Override
      protected MockResponse onHttpRequest(RecordedRequest request) {
        return dispatcher.dispatch(request);
      }
    };
    server = vertx.createHttpServer(new HttpServerOptions().setHost(address.getHostAddress()).setPort(port))
        .requestHandler(request -> {
          if (isStreamingWatch(request)) {
            watch(request);
          } else {
            mockHandling.handle(request);
          }
        });
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalArgumentException("cannot listen on " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
    }
  }

  int port() {
    return server.actualPort();
  }

  private static boolean isStreamingWatch(HttpServerRequest request) {
    String watch = request.getParam("watch");
    return request.method() == HttpMethod.GET && ("true".equals(watch) || "1".equals(watch))
        && !"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
  }

  /**
   * A client-go watch: the objects when no resourceVersion is given (as a list would show them), then every change
   * after it, one JSON event per line, until the client leaves or timeoutSeconds pass.
   */
  private void watch(HttpServerRequest request) {
    String uri = request.uri();
    ResourcePath path = ResourcePath.parse(uri);
    HttpServerResponse response = request.response();
    if (path == null) {
      response.setStatusCode(404).end();
      return;
    }
    Map<String, String> query = Selectors.query(uri);
    Predicate<JsonNode> selected;
    try {
      selected = dispatcher.selector(path.type(), query);
    } catch (IllegalArgumentException e) {
      response.setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(Statuses.failure(400, "BadRequest", e.getMessage()));
      return;
    }
    if (path.name() != null) {
      selected = selected.and(object -> path.name().equals(object.path("metadata").path("name").asText()));
    }
    StrictCrudDispatcher.View view = dispatcher.view(path.type(), request.getHeader(HttpHeaders.ACCEPT));
    if (view == null) {
      response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(Statuses.failure(404, "NotFound", "the server could not find the requested resource"));
      return;
    }
    Predicate<JsonNode> asSeen = selected;
    selected = stored -> asSeen.test(view.convert(stored));
    String from = query.getOrDefault("resourceVersion", "");
    long after;
    List<JsonNode> initial;
    if (from.isEmpty() || "0".equals(from)) {
      StrictCrudDispatcher.Snapshot snapshot = dispatcher.snapshot(view.stored(), path.namespace(), selected);
      after = snapshot.resourceVersion();
      initial = snapshot.items();
    } else {
      after = WatchHub.parseVersion(from);
      initial = List.of();
    }
    response.setChunked(true).setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    // a client waits for the headers before it counts the watch as started
    response.writeHead();
    WatchHub.Watch watch = new WatchHub.Watch(view.stored(), path.namespace(), selected, (type, object) -> {
      ObjectNode event = JSON.createObjectNode().put("type", type);
      event.set("object", view.render(object));
      response.write(event.toString() + "\n");
    });
    if (!dispatcher.watches().start(watch, after, initial)) {
      ObjectNode event = JSON.createObjectNode().put("type", "ERROR");
      event.set("object", Statuses.node(410, "Expired", "too old resource version: " + after));
      response.end(event.toString() + "\n");
      return;
    }
    Runnable stop = () -> dispatcher.watches().stop(watch);
    response.closeHandler(ignored -> stop.run());
    response.exceptionHandler(ignored -> stop.run());
    long timeout = WatchHub.parseVersion(query.getOrDefault("timeoutSeconds", ""));
    if (timeout > 0) {
      vertx.setTimer(TimeUnit.SECONDS.toMillis(timeout), id -> {
        stop.run();
        if (!response.ended()) {
          response.end();
        }
      });
    }
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    vertx.close();
  }
}
