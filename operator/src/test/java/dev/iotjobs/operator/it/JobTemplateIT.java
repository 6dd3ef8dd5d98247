package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.api.model.JobTemplate;
import dev.iotjobs.api.model.JobTemplateRef;
import dev.iotjobs.api.model.JobTemplateSpec;
import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.api.model.TimeoutConfig;
import dev.iotjobs.api.model.Wave;
import dev.iotjobs.operator.jobs.JobConditions;
import dev.iotjobs.operator.k8s.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jobs from JobTemplates on the embedded API: the template's settings where the job has none, pinned at start. */
class JobTemplateIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OperatorHarness h = new OperatorHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private JobTemplate template(String name, String version) {
    JobTemplateSpec spec = new JobTemplateSpec();
    spec.setDescription("Install firmware");
    spec.setDocument(JSON.valueToTree(Map.of("operation", "install", "version", "${aws:iot:parameter:version}",
        "url", "https://downloads.example.com/${aws:iot:parameter:version}.bin")));
    spec.setDocumentParameters(Map.of("version", version));
    TimeoutConfig timeout = new TimeoutConfig();
    timeout.setInProgressTimeoutInMinutes(30L);
    spec.setTimeoutConfig(timeout);
    RolloutConfig rollout = new RolloutConfig();
    rollout.setMaximumPerMinute(6000L);
    spec.setJobExecutionsRolloutConfig(rollout);
    Wave canary = new Wave();
    canary.setName("canary");
    canary.setCount(1L);
    Wave rest = new Wave();
    rest.setName("rest");
    spec.setWaves(List.of(canary, rest));
    JobTemplate template = new JobTemplate();
    template.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    template.setSpec(spec);
    return template;
  }

  private IoTJob job(String name, String template, Map<String, String> parameters) {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    IoTJobSpec spec = new IoTJobSpec();
    JobTemplateRef ref = new JobTemplateRef();
    ref.setName(template);
    spec.setJobTemplateRef(ref);
    spec.setDocumentParameters(parameters);
    JobTargets targets = new JobTargets();
    targets.setThings(List.of("t1", "t2", "t3"));
    spec.setTargets(targets);
    job.setSpec(spec);
    return job;
  }

  private void things() {
    IntStream.rangeClosed(1, 3).forEach(i -> h.client.resource(thing("t" + i, Map.of())).create());
  }

  @Test
  void aJobUsesItsTemplatesSettingsWithItsOwnParametersAndTheTemplateIsPinnedAtStart() {
    things();
    h.client.resource(template("firmware", "2.0.0")).create();
    IoTJob job = job("fw", "firmware", Map.of("version", "2.1.0"));
    RolloutConfig ownRate = new RolloutConfig();
    ownRate.setMaximumPerMinute(1200L);
    job.getSpec().setJobExecutionsRolloutConfig(ownRate);
    h.client.resource(job).create();

    eventually().untilAsserted(() -> {
      IoTJob started = h.job(NS, "fw");
      assertThat(started.getStatus().getStartedAt()).isNotNull();
      assertThat(started.getStatus().getDocument().get("version").asText()).isEqualTo("2.1.0");
      assertThat(started.getStatus().getDocument().get("url").asText())
          .isEqualTo("https://downloads.example.com/2.1.0.bin");
      assertThat(started.getStatus().getTemplate().getName()).isEqualTo("firmware");
      assertThat(started.getStatus().getWaves()).as("the template's waves").hasSize(2);
      assertThat(started.getStatus().getRollout().getCurrentRatePerMinute()).as("the job's own rate wins").isEqualTo(1200);
    });
    assertThat(h.executions(NS, "fw")).as("the canary of the template's waves").hasSize(1);

    // a later edit of the template changes no running job
    h.client.resources(JobTemplate.class).inNamespace(NS).withName("firmware").edit(t -> {
      t.getSpec().getWaves().get(0).setCount(3L);
      t.getSpec().setDocumentParameters(Map.of("version", "9.9.9"));
      return t;
    });
    String pinned = h.job(NS, "fw").getStatus().getTemplate().getResourceVersion();
    h.poke(NS, "fw");
    eventually().untilAsserted(() -> assertThat(h.job(NS, "fw").getStatus().getObservedGeneration())
        .isEqualTo(h.job(NS, "fw").getMetadata().getGeneration()));
    assertThat(h.job(NS, "fw").getStatus().getTemplate().getResourceVersion()).isEqualTo(pinned);
    assertThat(h.job(NS, "fw").getStatus().getWaves().get(0).getTargetCount()).isEqualTo(1);
    assertThat(h.job(NS, "fw").getStatus().getDocument().get("version").asText()).isEqualTo("2.1.0");
  }

  @Test
  void aJobWaitsForAMissingTemplateAndForParametersWithoutAValue() {
    things();
    h.client.resource(job("waits", "later", null)).create();
    eventually().untilAsserted(() -> {
      IoTJob waiting = h.job(NS, "waits");
      assertThat(waiting.getStatus().getStatus()).isEqualTo(JobStatus.SCHEDULED);
      var progressing = Conditions.find(waiting.getStatus().getConditions(), JobConditions.PROGRESSING).orElseThrow();
      assertThat(progressing.getReason()).isEqualTo("TemplateNotFound");
      assertThat(progressing.getMessage()).isEqualTo("JobTemplate later does not exist in namespace " + NS
          + "; the job starts once it does.");
    });
    JobTemplate noDefault = template("later", "x");
    noDefault.getSpec().setDocumentParameters(null);
    h.client.resource(noDefault).create();
    eventually().untilAsserted(() -> {
      var progressing = Conditions.find(h.job(NS, "waits").getStatus().getConditions(), JobConditions.PROGRESSING)
          .orElseThrow();
      assertThat(progressing.getReason()).isEqualTo("InvalidDocument");
      assertThat(progressing.getMessage()).contains("parameters with no value: version");
    });
    assertThat(h.executions(NS, "waits")).isEmpty();
  }
}
