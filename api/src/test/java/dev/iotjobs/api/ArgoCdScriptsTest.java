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

/**
 * The Argo CD Lua scripts (health checks for IoTJob and ThingGroup, IoTJob resource actions) against their fixtures,
 * in Argo CD's layout ({@code health_test.yaml}, {@code actions/action_test.yaml}), run by lua5.1 as Argo CD runs
 * them: the object as {@code obj}, nulls stripped.
 */
class ArgoCdScriptsTest {
  private static final Path ROOT = Path.of("..", "argocd");
  private static final Path KINDS = ROOT.resolve("iotjobs.dev");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> healthCases() throws Exception {
    List<Arguments> cases = new ArrayList<>();
    for (String kind : List.of("IoTJob", "ThingGroup")) {
      Path dir = KINDS.resolve(kind);
      for (JsonNode test : YAML.readTree(dir.resolve("health_test.yaml").toFile()).get("tests")) {
        cases.add(Arguments.of(kind, test.get("inputPath").asText(), test.get("healthStatus")));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("healthCases")
  void healthMatchesTheFixture(String kind, String input, JsonNode expected) throws Exception {
    Path dir = KINDS.resolve(kind);
    assertThat(run(dir.resolve("health.lua"), dir.resolve(input))).isEqualTo(expected);
  }

  static Stream<Arguments> discoveryCases() throws Exception {
    Path dir = KINDS.resolve("IoTJob/actions");
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode test : YAML.readTree(dir.resolve("action_test.yaml").toFile()).get("discoveryTests")) {
      cases.add(Arguments.of(test.get("inputPath").asText(), test.get("result")));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("discoveryCases")
  void actionsOfferedMatchTheFixture(String input, JsonNode expected) throws Exception {
    Path dir = KINDS.resolve("IoTJob/actions");
    JsonNode offered = run(dir.resolve("discovery.lua"), dir.resolve(input));
    ObjectNode byName = JSON.createObjectNode();
    expected.forEach(action -> byName.putObject(action.get("name").asText()).put("disabled", action.get("disabled").asBoolean()));
    assertThat(offered).isEqualTo(byName);
  }

  static Stream<Arguments> actionCases() throws Exception {
    Path dir = KINDS.resolve("IoTJob/actions");
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode test : YAML.readTree(dir.resolve("action_test.yaml").toFile()).get("actionTests")) {
      cases.add(Arguments.of(test.get("action").asText(), test.get("inputPath").asText(),
          test.get("expectedOutputPath").asText()));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("actionCases")
  void anActionChangesTheObjectAsTheFixtureSays(String action, String input, String output) throws Exception {
    Path dir = KINDS.resolve("IoTJob/actions");
    JsonNode changed = run(dir.resolve(action).resolve("action.lua"), dir.resolve(input));
    assertThat(changed).isEqualTo(withoutNulls(YAML.readTree(dir.resolve(output).toFile())));
  }

  private static JsonNode run(Path script, Path input) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/lua5.1")), "lua5.1 is not installed (apt-get install lua5.1 lua-cjson)");
    Path json = Files.createTempFile("object", ".json");
    Files.writeString(json, JSON.writeValueAsString(withoutNulls(YAML.readTree(input.toFile()))));
    Process lua = new ProcessBuilder("lua5.1", ROOT.resolve("run_lua.lua").toString(), script.toString(), json.toString())
        .redirectErrorStream(true).start();
    String output = new String(lua.getInputStream().readAllBytes());
    assertThat(lua.waitFor()).as(output).isZero();
    return JSON.readTree(output);
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
      node.forEach(ArgoCdScriptsTest::withoutNulls);
    }
    return node;
  }
}
