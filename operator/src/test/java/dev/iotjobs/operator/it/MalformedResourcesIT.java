package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.job;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.RolloutConfig;
import dev.iotjobs.operator.jobs.JobConditions;
import dev.iotjobs.operator.k8s.Conditions;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No single resource, however malformed, stops a watch or the operator: it gets a condition and an event. */
class MalformedResourcesIT {
  private final OperatorHarness h = new OperatorHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private static IoTJob withRate(String name, long perMinute) {
    IoTJob job = job(name, List.of("a"), null);
    RolloutConfig rollout = new RolloutConfig();
    rollout.setMaximumPerMinute(perMinute);
    job.getSpec().setJobExecutionsRolloutConfig(rollout);
    return job;
  }

  @Test
  void aRateBeyondIntegersIsRefusedAtApplyTime() {
    assertThatThrownBy(() -> h.client.resource(withRate("huge", 2_147_483_648L)).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("maximumPerMinute");
  }

  @Test
  void aJobStoredPastTheSchemaIsHeldWithAConditionWhileOthersRunOn() {
    h.client.resource(thing("a", Map.of())).create();
    // stored as an older CRD without bounds admitted it, before the operator starts (it once crashed at every start)
    h.api.withoutValidation(() -> h.client.resource(withRate("huge", 2_147_483_648L)).create());
    h.client.resource(job("fine", List.of("a"), null)).create();
    h.startOperator();

    eventually().untilAsserted(() -> {
      assertThat(h.executions(NS, "fine")).hasSize(1);
      IoTJob huge = h.job(NS, "huge");
      assertThat(huge.getStatus().getStatus()).isEqualTo(JobStatus.SCHEDULED);
      assertThat(Conditions.find(huge.getStatus().getConditions(), JobConditions.PROGRESSING)).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("InvalidSpec");
        assertThat(c.getMessage()).contains("spec.jobExecutionsRolloutConfig.maximumPerMinute is 2147483648");
      });
    });
    assertThat(h.executions(NS, "huge")).isEmpty();
    assertThat(h.events(NS, "huge")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("InvalidSpec");
    });
    assertThat(h.operatorReady()).isTrue();

    // fixed: the job starts
    h.updateJob(NS, "huge", j -> j.getSpec().getJobExecutionsRolloutConfig().setMaximumPerMinute(600L));
    eventually().untilAsserted(() -> assertThat(h.executions(NS, "huge")).hasSize(1));
  }

  /** A JobExecution created by hand with the name of one of a job's executions does not block the job. */
  @Test
  void aForeignExecutionHoldingAJobsNameIsReplacedWithAnEvent() {
    h.client.resource(thing("a", Map.of())).create();
    h.client.resource(thing("b", Map.of())).create();
    dev.iotjobs.api.model.JobExecution foreign = new dev.iotjobs.api.model.JobExecution();
    foreign.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("fw.b").withNamespace(NS).build());
    dev.iotjobs.api.model.JobExecutionSpec spec = new dev.iotjobs.api.model.JobExecutionSpec();
    spec.setJobId("fw");
    spec.setThingName("b");
    foreign.setSpec(spec);
    h.client.resource(foreign).create();
    h.client.resource(job("fw", List.of("a", "b"), null)).create();

    eventually().untilAsserted(() -> {
      assertThat(h.executions(NS, "fw")).hasSize(2).allSatisfy(e -> assertThat(e.getMetadata().getOwnerReferences())
          .anySatisfy(o -> assertThat(o.getUid()).isEqualTo(h.job(NS, "fw").getMetadata().getUid())));
      assertThat(h.job(NS, "fw").getStatus().getTargetCount()).isEqualTo(2);
      assertThat(h.job(NS, "fw").getStatus().getJobProcessDetails().getNumberOfQueuedThings()).isEqualTo(2);
      assertThat(h.job(NS, "fw").getStatus().getJobProcessDetails().getNumberOfDeletedThings()).isZero();
    });
    assertThat(h.events(NS, "fw")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("ForeignExecutionReplaced");
      assertThat(e.getMessage()).contains("fw.b");
    });
  }

  /** A thing name is an MQTT identity: a second Thing of the same name in another namespace is refused. */
  @Test
  void aThingNameTakenInAnotherNamespaceIsRefusedUntilItIsFree() {
    h.client.resource(thing("dup", Map.of())).create();
    dev.iotjobs.api.model.Thing twin = thing("dup", Map.of());
    twin.getMetadata().setNamespace("other");
    h.client.resource(twin).create();
    IoTJob elsewhere = job("there", List.of("dup"), null);
    elsewhere.getMetadata().setNamespace("other");
    h.client.resource(elsewhere).create();
    h.client.resource(job("here", List.of("dup"), null)).create();

    eventually().untilAsserted(() -> {
      assertThat(h.executions(NS, "here")).hasSize(1);
      var refused = h.client.resources(dev.iotjobs.api.model.Thing.class).inNamespace("other").withName("dup").get();
      assertThat(Conditions.find(refused.getStatus().getConditions(), "Ready")).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("DuplicateThingName");
        assertThat(c.getMessage()).contains("namespace " + NS);
      });
      assertThat(h.job("other", "there").getStatus().getStatus()).isEqualTo(JobStatus.SCHEDULED);
    });
    assertThat(h.executions("other", "there")).isEmpty();
    assertThat(h.client.resources(dev.iotjobs.api.model.Thing.class).inNamespace(NS).withName("dup").get().getStatus())
        .as("the holder gets no status write").isNull();

    h.client.resources(dev.iotjobs.api.model.Thing.class).inNamespace(NS).withName("dup").delete();
    eventually().untilAsserted(() -> {
      var freed = h.client.resources(dev.iotjobs.api.model.Thing.class).inNamespace("other").withName("dup").get();
      assertThat(freed.getStatus().getConditions()).isNullOrEmpty();
      assertThat(h.executions("other", "there")).hasSize(1);
    });
  }
}
