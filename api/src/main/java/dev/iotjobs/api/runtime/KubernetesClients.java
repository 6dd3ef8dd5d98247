package dev.iotjobs.api.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import okhttp3.OkHttpClient;

/**
 * The operator's and the bridge's client: configured from the environment as Fabric8's default, with Jackson binding
 * through Blackbird's generated accessors instead of reflection. Reading watch events (three per execution in each
 * process) was a quarter of both processes' CPU, much of it in reflective getters and setters.
 *
 * <p>The HTTP client is OkHttp, named here rather than left to whichever factory the classpath offers: with the JDK's
 * client (the classpath's pick before) a third of both processes' CPU went to its asynchronous plumbing; with OkHttp
 * both spend about 40% less per execution (docs/benchmarks.md).
 */
public final class KubernetesClients {
  private static final int IDLE_CONNECTIONS = 32;
  private static final java.time.Duration KEEP_ALIVE = java.time.Duration.ofMinutes(5);

  private KubernetesClients() {}

  public static KubernetesClient fromEnvironment() {
    return builder().build();
  }

  /**
   * The same, with watch events taken through the informers to their handlers on the thread that read them from the
   * connection (OkHttp keeps one per watch, so one watch's events stay in order and never wait for another's).
   * Fabric8 hands every event to its task executor twice on the way (the watch's, then the handlers'), a thread
   * wake-up each: with three events per execution, a tenth of a millisecond of the bridge's CPU per execution. Only
   * for a process whose handlers return at once, handing any work on (the bridge's do: its notifier has a thread of its
   * own); a handler that blocks stops its watch for that long. Fabric8 says as much: with OkHttp the reading thread can
   * process events itself, the executor is there to keep slow handlers off it.
   */
  public static KubernetesClient fromEnvironmentWithEventsHandledInPlace() {
    return builder().withTaskExecutor(Runnable::run).build();
  }

  private static KubernetesClientBuilder builder() {
    return new KubernetesClientBuilder().withHttpClientFactory(httpClients())
        .withKubernetesSerialization(serialization());
  }

  /**
   * Fabric8's OkHttp factory with a connection pool that keeps as many idle connections as the processes' writers use
   * at once: OkHttp keeps 5, so bursts from the bridge's 8 workers closed and opened connections all along (against a
   * real API server a TLS handshake each). Its clean-up runs when due rather than after every call
   * ({@link LazyPoolCleanup}).
   */
  static OkHttpClientFactory httpClients() {
    return new OkHttpClientFactory() {
      @Override
      protected void additionalConfig(OkHttpClient.Builder builder) {
        builder.connectionPool(LazyPoolCleanup.pool(IDLE_CONNECTIONS, KEEP_ALIVE));
      }
    };
  }

  /**
   * Fabric8's serialization (its modules, its registered kinds) on a mapper with Blackbird, with our kinds registered:
   * a watch event's object is bound by its kind, and an unknown kind becomes a GenericKubernetesResource that the watch
   * then converts to the watched class, through a JSON tree again (a quarter of reading each event). Our kinds' watch
   * events are bound from the stream, without a tree ({@link WatchEventObjects}).
   */
  public static KubernetesSerialization serialization() {
    WatchEventObjects.register(dev.iotjobs.api.model.GeneratedCrds.KINDS);
    KubernetesSerialization serialization = new JsonTextReaders(new ObjectMapper()
        .registerModule(new BlackbirdModule())
        .registerModule(WatchEventObjects.module())
        .addMixIn(io.fabric8.kubernetes.api.model.ObjectMeta.class, ObjectMetaWithoutManagedFields.class));
    dev.iotjobs.api.model.GeneratedCrds.KINDS.forEach(serialization::registerKubernetesResource);
    return serialization;
  }

  /**
   * Text that is JSON (every watch event is read from a String) is read by one reader per class, kept; anything else
   * (YAML) as Fabric8 reads it. Fabric8 turns the text into bytes, wraps them in a buffered stream (an 8 KiB buffer
   * per event) to sniff JSON from YAML, and builds a reader for the class every time: 3% of the bridge's samples.
   */
  static final class JsonTextReaders extends KubernetesSerialization {
    private final ObjectMapper mapper;
    private final java.util.Map<Class<?>, com.fasterxml.jackson.databind.ObjectReader> readers =
        new java.util.concurrent.ConcurrentHashMap<>();

    JsonTextReaders(ObjectMapper mapper) {
      super(mapper, true);
      this.mapper = mapper;
    }

    @Override
    public <T> T unmarshal(String text, Class<T> type) {
      if (!startsAsJson(text)) {
        return super.unmarshal(text, type);
      }
      try {
        return readers.computeIfAbsent(type, mapper::readerFor).readValue(text);
      } catch (java.io.IOException e) {
        throw io.fabric8.kubernetes.client.KubernetesClientException.launderThrowable(e);
      }
    }

    /** Fabric8's own test: the first character that is not white space opens an object or an array. */
    static boolean startsAsJson(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (!Character.isWhitespace(c)) {
          return c == '{' || c == '[';
        }
      }
      return false;
    }
  }

  /**
   * managedFields are skipped when an object is read (written as they are): neither process reads them, the caches
   * drop them, and a real server sends hundreds of bytes of them per writer with every object, every watch event and
   * every write's answer, each bound as maps of maps before being thrown away.
   */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(value = "managedFields", allowGetters = true,
      ignoreUnknown = true)
  abstract static class ObjectMetaWithoutManagedFields {}
}
