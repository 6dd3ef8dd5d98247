package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The label and field selectors of a list or watch ({@code ?labelSelector=...&fieldSelector=...}) as one predicate
 * on an object's JSON, with the API server's syntax: labels take {@code =, ==, !=, in, notin, key, !key}; fields
 * take {@code =, ==, !=} on any dotted path ({@code metadata.name}, {@code involvedObject.uid}, {@code type}).
 */
final class Selectors {
  private static final Pattern SET = Pattern.compile("\\s*([^\\s!=(),]+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*");
  private static final Pattern EQUALITY = Pattern.compile("\\s*([^\\s!=(),]+)\\s*(==|=|!=)\\s*([^\\s,]*)\\s*");
  private static final Pattern EXISTS = Pattern.compile("\\s*(!?)([^\\s!=(),]+)\\s*");

  private Selectors() {}

  /** The query parameters of a request path, decoded; empty when it has none. */
  static Map<String, String> query(String path) {
    int start = path.indexOf('?');
    Map<String, String> parameters = new java.util.LinkedHashMap<>();
    if (start < 0) {
      return parameters;
    }
    for (String pair : path.substring(start + 1).split("&")) {
      int equals = pair.indexOf('=');
      String key = decode(equals < 0 ? pair : pair.substring(0, equals));
      parameters.put(key, equals < 0 ? "" : decode(pair.substring(equals + 1)));
    }
    return parameters;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** Whether the request selects by label or field, which the mock's store cannot filter on. */
  static boolean present(Map<String, String> query) {
    return !query.getOrDefault("labelSelector", "").isBlank() || !query.getOrDefault("fieldSelector", "").isBlank();
  }

  /** The objects a list or watch request selects; everything when it names no selector. */
  static Predicate<JsonNode> of(Map<String, String> query) {
    Predicate<JsonNode> labels = labels(query.getOrDefault("labelSelector", ""));
    Predicate<JsonNode> fields = fields(query.getOrDefault("fieldSelector", ""));
    return labels.and(fields);
  }

  static Predicate<JsonNode> fields(String selector) {
    Predicate<JsonNode> all = object -> true;
    for (String term : terms(selector)) {
      Matcher equality = EQUALITY.matcher(term);
      if (!equality.matches()) {
        throw new IllegalArgumentException("invalid field selector: " + term);
      }
      String path = equality.group(1);
      String value = equality.group(3);
      boolean negated = "!=".equals(equality.group(2));
      all = all.and(object -> value.equals(field(object, path)) != negated);
    }
    return all;
  }

  static Predicate<JsonNode> labels(String selector) {
    Predicate<JsonNode> all = object -> true;
    for (String term : terms(selector)) {
      Matcher set = SET.matcher(term);
      Matcher equality = EQUALITY.matcher(term);
      Matcher exists = EXISTS.matcher(term);
      if (set.matches()) {
        String key = set.group(1);
        Set<String> values = Set.of(java.util.Arrays.stream(set.group(3).split(",")).map(String::trim)
            .filter(v -> !v.isEmpty()).distinct().toArray(String[]::new));
        boolean in = "in".equals(set.group(2));
        all = all.and(object -> {
          String label = label(object, key);
          return in ? label != null && values.contains(label) : label == null || !values.contains(label);
        });
      } else if (equality.matches()) {
        String key = equality.group(1);
        String value = equality.group(3);
        boolean negated = "!=".equals(equality.group(2));
        all = all.and(object -> value.equals(label(object, key)) != negated);
      } else if (exists.matches()) {
        String key = exists.group(2);
        boolean negated = "!".equals(exists.group(1));
        all = all.and(object -> (label(object, key) != null) != negated);
      } else {
        throw new IllegalArgumentException("invalid label selector: " + term);
      }
    }
    return all;
  }

  /** Comma-separated terms, commas inside {@code in (a,b)} kept. */
  private static List<String> terms(String selector) {
    return JsonPaths.splitOutside(selector, ',', '(', ')').stream().filter(t -> !t.isBlank()).toList();
  }

  private static String label(JsonNode object, String key) {
    JsonNode value = object.path("metadata").path("labels").get(key);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** A field's value as the API server compares it: text, and "" for a field that is absent. */
  private static String field(JsonNode object, String path) {
    JsonNode node = JsonPaths.read(object, path);
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }
}
