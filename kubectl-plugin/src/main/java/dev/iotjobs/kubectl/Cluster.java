package dev.iotjobs.kubectl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cluster, reached through kubectl. The plugin runs under kubectl, so it uses exactly the kubeconfig, context,
 * credentials and credential plugins the user's kubectl does; and a JVM that only parses JSON starts in about half
 * the time of one that sets up a Kubernetes client, TLS and all (docs/benchmarks.md). Calls start at once and are
 * read when needed, so the reads a command makes run side by side.
 */
final class Cluster {
  /** Made on first use, so that kubectl is already running while Jackson sets itself up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  static ObjectMapper mapper() {
    return Json.MAPPER;
  }

  static final String JOBS = "iotjobs.iotjobs.dev";
  static final String EXECUTIONS = "jobexecutions.iotjobs.dev";
  static final String THINGS = "things.iotjobs.dev";
  static final String GROUPS = "thinggroups.iotjobs.dev";
  static final String TEMPLATES = "jobtemplates.iotjobs.dev";

  private final List<String> kubectl;
  private final String namespace;
  private String currentNamespace;

  /**
   * @param kubectl the program and the global flags to give it (--kubeconfig, --context)
   * @param namespace the namespace asked for, or null for the context's
   */
  Cluster(List<String> kubectl, String namespace) {
    this.kubectl = List.copyOf(kubectl);
    this.namespace = namespace;
  }

  /** kubectl (the KUBECTL variable names another) with the kubeconfig and context given, in the namespace asked for. */
  static Cluster of(java.util.Map<String, String> env, String kubeconfig, String context, String namespace) {
    List<String> kubectl = new ArrayList<>(List.of(env.getOrDefault("KUBECTL", "kubectl")));
    if (kubeconfig != null) {
      kubectl.addAll(List.of("--kubeconfig", kubeconfig));
    }
    if (context != null) {
      kubectl.addAll(List.of("--context", context));
    }
    return new Cluster(kubectl, namespace);
  }

  /** The same kubectl and flags, and the same namespace asked for. */
  boolean sameAs(Cluster other) {
    return kubectl.equals(other.kubectl) && java.util.Objects.equals(namespace, other.namespace);
  }

  /** The same kubectl, in this namespace. */
  Cluster in(String otherNamespace) {
    return new Cluster(kubectl, otherNamespace);
  }

  /** The namespace asked for, else the kubeconfig context's, else default (asked of kubectl only when needed). */
  String namespace() {
    if (namespace != null) {
      return namespace;
    }
    if (currentNamespace == null) {
      String configured = start(List.of("config", "view", "--minify", "-o", "jsonpath={..namespace}"), null).text().strip();
      currentNamespace = configured.isEmpty() ? "default" : configured;
    }
    return currentNamespace;
  }

  /** {@code kubectl get TYPE NAME -o json}, started now; empty when there is no such object. */
  Call get(String type, String name) {
    return start(namespaced("get", type, name, "-o", "json"), null);
  }

  /** {@code kubectl get TYPE [-l SELECTOR] -o json}, started now. */
  Call list(String type, String labelSelector) {
    return list(type, labelSelector, null);
  }

  /** {@code kubectl get TYPE [-l SELECTOR] [--field-selector SELECTOR] -o json}, started now. */
  Call list(String type, String labelSelector, String fieldSelector) {
    List<String> args = namespaced("get", type, "-o", "json");
    if (labelSelector != null) {
      args.addAll(List.of("-l", labelSelector));
    }
    if (fieldSelector != null) {
      args.addAll(List.of("--field-selector", fieldSelector));
    }
    return start(args, null);
  }

  /**
   * {@code kubectl patch TYPE NAME --type merge}: only the fields named change (RFC 7386).
   * @return false when there is no such object
   */
  boolean mergePatch(String type, String name, String patch) {
    return start(namespaced("patch", type, name, "--type", "merge", "-p", patch), null).text() != null;
  }

  /** {@code kubectl create -f -}; kubectl's own error when the API refuses it, NotFound included. */
  void create(Object object) {
    byte[] manifest;
    try {
      manifest = mapper().writeValueAsBytes(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Call create = start(namespaced("create", "-f", "-"), manifest);
    if (create.text() == null) {
      throw new KubectlFailed(create.errors);
    }
  }

  private List<String> namespaced(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (namespace != null) {
      all.addAll(List.of("-n", namespace));
    }
    return all;
  }

  private Call start(List<String> args, byte[] stdin) {
    List<String> command = new ArrayList<>(kubectl);
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      return new Call(process);
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + kubectl.get(0) + " (kubectl iotjobs works through kubectl,"
          + " which must be on the PATH): " + e.getMessage());
    }
  }

  /** A kubectl run under way. */
  static final class Call {
    private final Process process;
    /** What kubectl said on its error stream, once it has finished. */
    private String errors;

    Call(Process process) {
      this.process = process;
    }

    <T> Optional<T> as(Class<T> type) {
      String out = text();
      return out == null ? Optional.empty() : Optional.of(read(out, mapper().getTypeFactory().constructType(type)));
    }

    /** The object as a JSON tree (no binding: Jackson's introspection of the model costs a JVM's start dearly). */
    Optional<JsonNode> tree() {
      String out = text();
      try {
        return out == null ? Optional.empty() : Optional.of(mapper().readTree(out));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A list's items as JSON trees. */
    List<JsonNode> itemTrees() {
      List<JsonNode> items = new ArrayList<>();
      tree().ifPresent(list -> list.path("items").forEach(items::add));
      return items;
    }

    <T> List<T> items(Class<T> type) {
      String out = text();
      if (out == null) {
        return List.of();
      }
      Items<T> list = read(out, mapper().getTypeFactory().constructParametricType(Items.class, type));
      return list.items() == null ? List.of() : list.items();
    }

    private static <T> T read(String text, com.fasterxml.jackson.databind.JavaType type) {
      try {
        return mapper().readValue(text, type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** What kubectl printed, or null when it said NotFound. */
    String text() {
      try (InputStream out = process.getInputStream(); InputStream err = process.getErrorStream()) {
        String printed = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        errors = new String(err.readAllBytes(), StandardCharsets.UTF_8).strip().replaceFirst("^(?i)error: ", "");
        if (process.waitFor() == 0) {
          return printed;
        }
        if (errors.contains("(NotFound)")) {
          return null;
        }
        throw new KubectlFailed(errors);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
  }

  /** A list as kubectl prints it; only its items matter here. */
  record Items<T>(List<T> items) {}

  /** kubectl refused: its message, as the user would have seen it from kubectl itself. */
  static final class KubectlFailed extends RuntimeException {
    KubectlFailed(String message) {
      super(message);
    }
  }
}
