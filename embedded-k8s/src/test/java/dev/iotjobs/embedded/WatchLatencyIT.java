package dev.iotjobs.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A watch latency delays what watchers see, in order, for in-process informers and streaming clients alike. */
class WatchLatencyIT {
  private static final Duration LATENCY = Duration.ofMillis(700);
  private final EmbeddedKubernetes api = new EmbeddedKubernetes();

  /** One event as a watcher got it: what, and when (System.nanoTime). */
  record Seen(String what, long at) {}

  @AfterEach
  void stop() {
    api.close();
  }

  private static Thing thing(String name, Map<String, String> labels) {
    Thing thing = new Thing();
    thing.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").withLabels(labels).build());
    thing.setSpec(new ThingSpec());
    return thing;
  }

  /** The events of a streaming watch on the namespace's Things, as they arrive. */
  private List<Seen> stream(String query) throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        api.url() + "apis/iotjobs.dev/v1alpha1/namespaces/default/things?watch=true" + query)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          var event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
          seen.add(new Seen(event.path("type").asText() + " "
              + event.path("object").path("metadata").path("name").asText(), System.nanoTime()));
        }
      } catch (java.io.IOException closed) {
        // the API closed the stream
      }
    });
    reader.setDaemon(true);
    reader.start();
    return seen;
  }

  @Test
  void aWatchThatEndsBeforeItsEventsAreSentDoesNotKeepThemFromTheOthers() throws Exception {
    List<Seen> ending = stream("&timeoutSeconds=1");
    List<Seen> staying = stream("");
    api.watchLatency(Duration.ofMillis(2500));
    api.client().resource(thing("t1", Map.of())).create();

    await().atMost(Duration.ofSeconds(30)).until(() -> staying.size() == 1);
    assertThat(staying).extracting(Seen::what).containsExactly("ADDED t1");
    assertThat(ending).as("ended before the event was due: it reads it when it watches again").isEmpty();
  }

  @Test
  void everyWatcherSeesEachChangeNoSoonerThanTheLatencyAfterItsWriteAndInOrder() throws Exception {
    List<Seen> informer = new CopyOnWriteArrayList<>();
    var watch = api.client().resources(Thing.class).inNamespace("default").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Thing thing) {
        informer.add(new Seen(action + " " + thing.getMetadata().getName(), System.nanoTime()));
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    });
    List<Seen> streaming = stream("");

    api.watchLatency(LATENCY);
    List<Long> writesSent = new ArrayList<>();
    writesSent.add(System.nanoTime());
    api.client().resource(thing("t1", Map.of())).create();
    writesSent.add(System.nanoTime());
    api.client().resources(Thing.class).inNamespace("default").withName("t1")
        .edit(t -> { t.getMetadata().setLabels(Map.of("ring", "canary")); return t; });
    writesSent.add(System.nanoTime());
    api.client().resource(thing("t2", Map.of())).create();

    assertThat(api.client().resources(Thing.class).inNamespace("default").list().getItems())
        .as("reads are not delayed").hasSize(2);
    for (List<Seen> seen : List.of(informer, streaming)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 3);
      assertThat(seen).extracting(Seen::what).containsExactly("ADDED t1", "MODIFIED t1", "ADDED t2");
      for (int i = 0; i < 3; i++) {
        assertThat(seen.get(i).at() - writesSent.get(i)).as("event %d arrives after the latency", i)
            .isGreaterThanOrEqualTo(LATENCY.toNanos());
      }
    }
    watch.close();
  }
}
