package dev.iotjobs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Argo CD health check against its fixtures, run by lua5.1 as Argo CD runs it (nulls stripped). */
class ArgoCdHealthTest {
  private static final Path DIR = Path.of("..", "argocd", "iotjobs.dev", "IoTJob");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode test : YAML.readTree(DIR.resolve("health_test.yaml").toFile()).get("tests")) {
      cases.add(Arguments.of(test.get("inputPath").asText(), test.get("healthStatus").get("status").asText(),
          test.get("healthStatus").get("message").asText()));
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void healthMatchesTheFixture(String input, String status, String message) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/lua5.1")), "lua5.1 is not installed (apt-get install lua5.1 lua-cjson)");
    JsonNode object = withoutNulls(YAML.readTree(DIR.resolve(input).toFile()));
    Path json = Files.createTempFile("object", ".json");
    Files.writeString(json, JSON.writeValueAsString(object));
    Process lua = new ProcessBuilder("lua5.1", Path.of("..", "argocd", "run_health.lua").toString(),
        DIR.resolve("health.lua").toString(), json.toString()).redirectErrorStream(true).start();
    String output = new String(lua.getInputStream().readAllBytes());
    assertThat(lua.waitFor()).as(output).isZero();
    assertThat(output.lines().toList()).containsExactly(status, message);
  }

  private static JsonNode withoutNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (object.get(name).isNull()) {
          it.remove();
        } else {
          withoutNulls(object.get(name));
        }
      }
    } else if (node.isArray()) {
      node.forEach(ArgoCdHealthTest::withoutNulls);
    }
    return node;
  }
}
