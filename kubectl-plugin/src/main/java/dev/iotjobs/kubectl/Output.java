package dev.iotjobs.kubectl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** -o json|yaml for the commands that list. */
enum Output {
  TEXT, JSON, YAML;

  /** Made on first use: a command that prints text does not pay for them at start. */
  private static final class Mappers {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    static final ObjectMapper YAML = YAMLMapper.builder()
        .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES).build()
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  String render(Object data) {
    try {
      return this == YAML ? Mappers.YAML.writeValueAsString(data) : Mappers.JSON.writeValueAsString(data) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Output parse(String text) {
    return switch (text == null ? "" : text.toLowerCase(java.util.Locale.ROOT)) {
      case "", "text", "wide" -> TEXT;
      case "json" -> JSON;
      case "yaml" -> YAML;
      default -> throw new IllegalArgumentException("--output must be json or yaml, not " + text);
    };
  }
}
