package dev.iotjobs.api.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.model.AbortConfig;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobTemplateSpec;
import dev.iotjobs.api.model.SchedulingConfig;
import dev.iotjobs.api.model.TimeoutConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JobTemplateSpec template() {
    JobTemplateSpec template = new JobTemplateSpec();
    template.setDescription("template");
    template.setDocument(JSON.valueToTree(Map.of("operation", "reboot")));
    template.setDocumentParameters(Map.of("user", "root", "path", "default"));
    template.setAbortConfig(AbortConfig.cancelWhen(AbortConfig.AbortFailureType.ALL, 10, 5));
    TimeoutConfig timeout = new TimeoutConfig();
    timeout.setInProgressTimeoutInMinutes(30L);
    template.setTimeoutConfig(timeout);
    SchedulingConfig.MaintenanceWindow window = new SchedulingConfig.MaintenanceWindow();
    window.setStartTime("0 2 * * *");
    window.setDurationInMinutes(60L);
    template.setMaintenanceWindows(List.of(window));
    template.setTimeZone("Europe/Berlin");
    return template;
  }

  @Test
  void theJobsOwnFieldsWinWholeAndTheTemplateFillsTheRest() {
    IoTJobSpec job = new IoTJobSpec();
    job.setDescription("mine");
    job.setAbortConfig(AbortConfig.cancelWhen(AbortConfig.AbortFailureType.FAILED, 50, 2));
    job.setDocumentParameters(Map.of("user", "pi"));
    SchedulingConfig scheduling = new SchedulingConfig();
    scheduling.setEndTime("2026-12-31T00:00:00Z");
    job.setSchedulingConfig(scheduling);

    IoTJobSpec merged = EffectiveSpec.merge(job, template());
    assertThat(merged.getDescription()).isEqualTo("mine");
    assertThat(merged.getAbortConfig().getCriteriaList()).singleElement()
        .satisfies(c -> assertThat(c.getFailureType()).isEqualTo(AbortConfig.AbortFailureType.FAILED));
    assertThat(merged.getTimeoutConfig().getInProgressTimeoutInMinutes()).isEqualTo(30L);
    assertThat(merged.getDocument().get("operation").asText()).isEqualTo("reboot");
    assertThat(merged.getDocumentParameters()).containsExactlyInAnyOrderEntriesOf(Map.of("user", "pi", "path", "default"));
    assertThat(merged.getSchedulingConfig().getEndTime()).isEqualTo("2026-12-31T00:00:00Z");
    assertThat(merged.getSchedulingConfig().getMaintenanceWindows()).hasSize(1);
    assertThat(merged.getSchedulingConfig().getTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(job.getTimeoutConfig()).as("the job's own spec is untouched").isNull();
  }

  @Test
  void aJobsOwnDocumentOrWindowsReplaceTheTemplates() {
    IoTJobSpec job = new IoTJobSpec();
    job.setDocumentSource(JSON.convertValue(Map.of("configMapKeyRef", Map.of("name", "doc", "key", "k")),
        dev.iotjobs.api.model.DocumentSource.class));
    SchedulingConfig scheduling = new SchedulingConfig();
    scheduling.setMaintenanceWindows(List.of());
    job.setSchedulingConfig(scheduling);
    IoTJobSpec merged = EffectiveSpec.merge(job, template());
    assertThat(merged.getDocument()).isNull();
    assertThat(merged.getDocumentSource().getConfigMapKeyRef().getName()).isEqualTo("doc");
    assertThat(merged.getSchedulingConfig().getMaintenanceWindows()).isEmpty();
  }

  @Test
  void aJobReadsThroughThePinnedTemplateOnlyOnceItIsPinned() {
    IoTJob job = new IoTJob();
    job.setSpec(new IoTJobSpec());
    assertThat(EffectiveSpec.of(job).getTimeoutConfig()).isNull();
    IoTJobStatus status = new IoTJobStatus();
    IoTJobStatus.PinnedTemplate pinned = new IoTJobStatus.PinnedTemplate();
    pinned.setSpec(template());
    status.setTemplate(pinned);
    job.setStatus(status);
    assertThat(EffectiveSpec.of(job).getTimeoutConfig().getInProgressTimeoutInMinutes()).isEqualTo(30L);
  }

  @Test
  void parametersFillEveryPlaceholderAndMissingOnesAreNamed() throws Exception {
    JsonNode document = JSON.readTree("{\"steps\":[{\"action\":{\"input\":{\"args\":[\"${aws:iot:parameter:url}\","
        + "\"${aws:iot:parameter:dir}/${aws:iot:parameter:file}\"]},\"runAsUser\":\"${aws:iot:parameter:user}\"}}],"
        + "\"version\":\"1.0\",\"retries\":3}");
    DocumentParameters.Rendered rendered = DocumentParameters.render(document,
        Map.of("url", "https://x/$1.bin", "dir", "/tmp", "file", "a.bin"));
    assertThat(rendered.missing()).containsExactly("user");
    JsonNode action = rendered.document().at("/steps/0/action");
    assertThat(action.at("/input/args/0").asText()).isEqualTo("https://x/$1.bin");
    assertThat(action.at("/input/args/1").asText()).isEqualTo("/tmp/a.bin");
    assertThat(action.get("runAsUser").asText()).isEqualTo("${aws:iot:parameter:user}");
    assertThat(rendered.document().get("retries").asInt()).isEqualTo(3);
    assertThat(document.at("/steps/0/action/input/args/0").asText()).as("the template's document is untouched")
        .isEqualTo("${aws:iot:parameter:url}");
  }
}
