package dev.iotjobs.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema and CEL rules of the committed CRDs accept good resources and refuse bad ones with a clear message. */
class CrdValidationTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, Class<? extends CustomResource<?, ?>>> KINDS = Map.of(
      "IoTJob", IoTJob.class, "JobExecution", JobExecution.class, "Thing", Thing.class, "ThingGroup", ThingGroup.class,
      "JobTemplate", dev.iotjobs.api.model.JobTemplate.class);
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  static Stream<Path> valid() throws IOException {
    Stream<Path> examples = Files.walk(Path.of("..", "examples"))
        .filter(p -> p.toString().endsWith(".yaml"));
    return Stream.concat(Files.list(FIXTURES.resolve("valid")), examples).sorted();
  }

  static Stream<Path> invalid() throws IOException {
    return Files.list(FIXTURES.resolve("invalid")).sorted();
  }

  @ParameterizedTest
  @MethodSource("valid")
  void acceptsValidResources(Path file) throws IOException {
    for (JsonNode resource : YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file)).readAll()) {
      if (!resource.path("apiVersion").asText().startsWith("iotjobs.dev/")) {
        continue;
      }
      assertThat(validator(resource).validateCreate(resource)).as(file.toString()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refusesInvalidResourcesWithTheSchemasMessage(Path file) throws IOException {
    String text = Files.readString(file);
    String expected = text.lines().findFirst().orElseThrow().replace("# expect: ", "").trim();
    JsonNode resource = YAML.readTree(text);
    List<String> problems = validator(resource).validateCreate(resource);
    assertThat(problems).as(file.toString()).isNotEmpty().anySatisfy(p -> assertThat(p).contains(expected));
  }

  @Test
  void documentTargetsAndTargetSelectionAreImmutable() throws IOException {
    JsonNode old = YAML.readTree(FIXTURES.resolve("valid/job-full.yaml").toFile());
    CrdSchemaValidator validator = validatorFor(IoTJob.class);

    assertThat(validator.validateUpdate(old, edit(old, "document", "{\"operation\":\"reboot\"}")))
        .anySatisfy(p -> assertThat(p).contains("document is immutable"));
    assertThat(validator.validateUpdate(old, edit(old, "targets", "{\"things\":[\"other\"]}")))
        .anySatisfy(p -> assertThat(p).contains("targets is immutable"));
    assertThat(validator.validateUpdate(old, edit(old, "targetSelection", "\"CONTINUOUS\"")))
        .anySatisfy(p -> assertThat(p).contains("targetSelection is immutable"));

    JsonNode source = YAML.readTree(FIXTURES.resolve("valid/job-document-source.yaml").toFile());
    assertThat(validator.validateUpdate(source, edit(source, "documentSource", "{\"configMapKeyRef\":{\"name\":\"x\",\"key\":\"y\"}}")))
        .anySatisfy(p -> assertThat(p).contains("documentSource is immutable"));
  }

  @Test
  void wavesAndTheTemplateReferenceAreImmutable() throws IOException {
    CrdSchemaValidator validator = validatorFor(IoTJob.class);
    JsonNode staged = YAML.readTree(FIXTURES.resolve("valid/job-waves.yaml").toFile());
    assertThat(validator.validateUpdate(staged, edit(staged, "waves", "[{\"name\":\"all\"}]")))
        .anySatisfy(p -> assertThat(p).contains("waves is immutable"));
    assertThat(validator.validateUpdate(staged, edit(staged, "description", "\"later\""))).isEmpty();
    JsonNode fromTemplate = YAML.readerFor(JsonNode.class).<JsonNode>readValues(
        FIXTURES.resolve("valid/job-template.yaml").toFile()).readAll().get(1);
    assertThat(validator.validateUpdate(fromTemplate, edit(fromTemplate, "jobTemplateRef", "{\"name\":\"other\"}")))
        .anySatisfy(p -> assertThat(p).contains("jobTemplateRef is immutable"));
  }

  @Test
  void schedulingConfigMayChangeUntilTheJobStartsAndNotAfter() throws IOException {
    JsonNode old = YAML.readTree(FIXTURES.resolve("valid/job-full.yaml").toFile());
    CrdSchemaValidator validator = validatorFor(IoTJob.class);
    JsonNode later = edit(old, "schedulingConfig", "{\"startTime\":\"2030-01-01T00:00:00Z\"}");
    assertThat(validator.validateUpdate(old, later)).isEmpty();

    ObjectNode started = old.deepCopy();
    started.set("status", YAML.readTree("{\"status\":\"IN_PROGRESS\",\"startedAt\":\"2026-11-27T10:00:00Z\"}"));
    ObjectNode edited = edit(started, "schedulingConfig", "{\"startTime\":\"2030-01-01T00:00:00Z\"}").deepCopy();
    assertThat(validator.validateUpdate(started, edited))
        .anySatisfy(p -> assertThat(p).contains("schedulingConfig cannot change once the job has started"));
    ObjectNode unchanged = edit(started, "suspend", "true").deepCopy();
    assertThat(validator.validateUpdate(started, unchanged)).isEmpty();
  }

  @Test
  void rolloutAbortTimeoutRetryAndCancelMayChange() throws IOException {
    JsonNode old = YAML.readTree(FIXTURES.resolve("valid/job-full.yaml").toFile());
    CrdSchemaValidator validator = validatorFor(IoTJob.class);
    JsonNode updated = edit(old, "jobExecutionsRolloutConfig", "{\"maximumPerMinute\":20}");
    updated = edit(updated, "timeoutConfig", "{\"inProgressTimeoutInMinutes\":5}");
    updated = edit(updated, "suspend", "true");
    updated = edit(updated, "cancel", "{\"force\":true}");
    assertThat(validator.validateUpdate(old, updated)).isEmpty();
  }

  @Test
  void retriesMayOnlyBeLoweredToZero() throws IOException {
    JsonNode old = YAML.readTree(FIXTURES.resolve("valid/job-full.yaml").toFile());
    CrdSchemaValidator validator = validatorFor(IoTJob.class);
    assertThat(validator.validateUpdate(old, edit(old, "jobExecutionsRetryConfig",
        "{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":0}]}"))).isEmpty();
    assertThat(validator.validateUpdate(old, edit(old, "jobExecutionsRetryConfig",
        "{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":5}]}")))
        .anySatisfy(p -> assertThat(p).contains("may only be lowered to 0"));
    assertThat(validator.validateUpdate(old, edit(old, "jobExecutionsRetryConfig",
        "{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":2}]}")))
        .anySatisfy(p -> assertThat(p).contains("may only be lowered to 0"));
    JsonNode withoutRetries = YAML.readTree(FIXTURES.resolve("valid/job-document-source.yaml").toFile());
    assertThat(validator.validateUpdate(withoutRetries, edit(withoutRetries, "jobExecutionsRetryConfig",
        "{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1}]}")))
        .anySatisfy(p -> assertThat(p).contains("cannot be added"));
  }

  @Test
  void omittedTargetSelectionEqualsSnapshot() throws IOException {
    JsonNode old = YAML.readTree(FIXTURES.resolve("valid/job-full.yaml").toFile());
    ObjectNode updated = old.deepCopy();
    ((ObjectNode) updated.get("spec")).remove("targetSelection");
    assertThat(validatorFor(IoTJob.class).validateUpdate(old, updated)).isEmpty();
  }

  @Test
  void executionJobAndThingAreImmutable() throws IOException {
    JsonNode old = YAML.readTree(FIXTURES.resolve("valid/execution.yaml").toFile());
    assertThat(validatorFor(JobExecution.class).validateUpdate(old, edit(old, "thingName", "\"other\"")))
        .anySatisfy(p -> assertThat(p).contains("thingName is immutable"));
  }

  private static JsonNode edit(JsonNode resource, String specField, String json) throws IOException {
    ObjectNode copy = resource.deepCopy();
    ((ObjectNode) copy.get("spec")).set(specField, YAML.readTree(json));
    return copy;
  }

  /** Validates against the committed CRDs in crds/, which CommittedCrdsTest keeps equal to the model. */
  private static CrdSchemaValidator validator(JsonNode resource) {
    return validatorFor(KINDS.get(resource.get("kind").asText()));
  }

  private static CrdSchemaValidator validatorFor(Class<? extends CustomResource<?, ?>> kind) {
    try {
      return new CrdSchemaValidator(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
          Files.readString(Path.of("..", "crds", CustomResource.getCRDName(kind) + ".yaml")),
          io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
