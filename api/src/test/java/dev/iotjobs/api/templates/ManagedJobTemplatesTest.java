package dev.iotjobs.api.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iotjobs.api.model.JobTemplate;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped equivalents of AWS's managed templates: with their parameters filled, each document is one the AWS IoT
 * Device Client's jobs feature accepts (its job document schema, version 1.0, as its README specifies) and names a
 * handler its sample handlers provide.
 */
class ManagedJobTemplatesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path TEMPLATES = Path.of("..", "examples", "job-templates", "templates.yaml");
  /** The Device Client's sample handlers (sample-job-handlers/). */
  private static final Set<String> SAMPLE_HANDLERS = Set.of("reboot.sh", "download-file.sh", "install-packages.sh",
      "remove-packages.sh", "start-services.sh", "stop-services.sh", "restart-services.sh");
  private static final Map<String, List<String>> PARAMETERS = Map.of(
      "aws-reboot", List.of(),
      "aws-download-file", List.of("downloadUrl", "filePath"),
      "aws-install-application", List.of("packages"),
      "aws-remove-application", List.of("packages"),
      "aws-start-application", List.of("services"),
      "aws-stop-application", List.of("services"),
      "aws-restart-application", List.of("services"),
      "aws-run-command", List.of("command"));

  @Test
  void everyManagedTemplateRendersToADocumentTheDeviceClientRuns() throws Exception {
    List<JobTemplate> templates = YAML.readerFor(JobTemplate.class).<JobTemplate>readValues(TEMPLATES.toFile()).readAll();
    assertThat(templates).extracting(t -> t.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(PARAMETERS.keySet());
    for (JobTemplate template : templates) {
      String name = template.getMetadata().getName();
      Map<String, String> values = new HashMap<>(template.getSpec().getDocumentParameters());
      DocumentParameters.Rendered bare = DocumentParameters.render(template.getSpec().getDocument(), values);
      assertThat(bare.missing()).as(name + ": what a job must give").containsExactlyInAnyOrderElementsOf(PARAMETERS.get(name));
      PARAMETERS.get(name).forEach(p -> values.put(p, "value-of-" + p));
      DocumentParameters.Rendered rendered = DocumentParameters.render(template.getSpec().getDocument(), values);
      assertThat(rendered.missing()).isEmpty();
      assertDeviceClientAccepts(name, rendered.document());
    }
  }

  private static void assertDeviceClientAccepts(String name, JsonNode document) {
    assertThat(document.path("version").asText()).as(name + " version").isEqualTo("1.0");
    assertThat(document.path("steps").isArray() && document.path("steps").size() > 0).as(name + " steps").isTrue();
    for (JsonNode step : document.get("steps")) {
      JsonNode action = step.get("action");
      assertThat(action.path("name").isTextual()).as(name + " action name").isTrue();
      assertThat(action.path("runAsUser").asText()).as(name + " runAsUser").isEqualTo("root");
      JsonNode input = action.get("input");
      switch (action.path("type").asText()) {
        case "runHandler" -> {
          assertThat(input.path("handler").asText()).as(name + " handler").isIn(SAMPLE_HANDLERS);
          assertThat(input.path("path").asText()).as(name + " handler directory").isEqualTo("default");
          input.path("args").forEach(arg -> assertThat(arg.isTextual()).as(name + " args are strings").isTrue());
        }
        case "runCommand" -> assertThat(input.path("command").asText()).as(name + " command").isEqualTo("value-of-command");
        default -> throw new AssertionError(name + ": the Device Client runs runHandler and runCommand actions only");
      }
    }
  }
}
