package dev.iotjobs.api.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills the {@code ${aws:iot:parameter:NAME}} placeholders of a template's document, as AWS managed templates do. */
public final class DocumentParameters {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{aws:iot:parameter:([A-Za-z0-9_-]+)}");

  private DocumentParameters() {}

  /** The document with every placeholder filled, and the names that had no value (left as they were). */
  public record Rendered(JsonNode document, Set<String> missing) {}

  public static Rendered render(JsonNode document, Map<String, String> values) {
    Set<String> missing = new TreeSet<>();
    JsonNode rendered = render(document.deepCopy(), values == null ? Map.of() : values, missing);
    return new Rendered(rendered, missing);
  }

  private static JsonNode render(JsonNode node, Map<String, String> values, Set<String> missing) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        field.setValue(render(field.getValue(), values, missing));
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, render(array.get(i), values, missing));
      }
      return array;
    }
    if (node.isTextual()) {
      Matcher matcher = PLACEHOLDER.matcher(node.asText());
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        String value = values.get(matcher.group(1));
        if (value == null) {
          missing.add(matcher.group(1));
        }
        matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
      }
      matcher.appendTail(out);
      return new TextNode(out.toString());
    }
    return node;
  }
}
