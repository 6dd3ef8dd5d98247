package dev.iotjobs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset CRD printer columns use: {@code .a.b}, an index {@code .items[0]} and a filter on a field's
 * value {@code .conditions[?(@.type=="Ready")].status} (the first match, as kubectl prints one value).
 */
final class JsonPaths {
  private static final Pattern SEGMENT = Pattern.compile("([^.\\[]+)?((?:\\[[^\\]]*\\])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)\\]");
  private static final Pattern FILTER = Pattern.compile("\\[\\?\\(@\\.([\\w.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)\\]");

  private JsonPaths() {}

  static JsonNode read(JsonNode root, String path) {
    JsonNode node = root;
    for (String segment : split(path)) {
      Matcher parts = SEGMENT.matcher(segment);
      if (!parts.matches()) {
        return MissingNode.getInstance();
      }
      if (parts.group(1) != null) {
        node = node.path(parts.group(1));
      }
      String selectors = parts.group(2);
      int at = 0;
      while (at < selectors.length()) {
        Matcher index = INDEX.matcher(selectors).region(at, selectors.length());
        Matcher filter = FILTER.matcher(selectors).region(at, selectors.length());
        if (index.lookingAt()) {
          node = node.path(Integer.parseInt(index.group(1)));
          at = index.end();
        } else if (filter.lookingAt()) {
          node = first(node, filter.group(1), filter.group(2));
          at = filter.end();
        } else {
          return MissingNode.getInstance();
        }
      }
    }
    return node;
  }

  private static JsonNode first(JsonNode array, String field, String value) {
    for (JsonNode element : array) {
      if (value.equals(read(element, field).asText(null))) {
        return element;
      }
    }
    return MissingNode.getInstance();
  }

  /** Segments split at dots outside brackets. */
  private static java.util.List<String> split(String path) {
    return splitOutside(path.replaceFirst("^\\.", ""), '.', '[', ']').stream().filter(s -> !s.isEmpty()).toList();
  }

  /** The parts of a text between separators, a separator inside open...close (nested) not counting. */
  static java.util.List<String> splitOutside(String text, char separator, char open, char close) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    StringBuilder part = new StringBuilder();
    int depth = 0;
    for (char c : text.toCharArray()) {
      depth += c == open ? 1 : c == close ? -1 : 0;
      if (c == separator && depth == 0) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return parts;
  }
}
