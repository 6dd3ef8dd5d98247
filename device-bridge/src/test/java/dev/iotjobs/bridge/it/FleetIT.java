package dev.iotjobs.bridge.it;

import static dev.iotjobs.bridge.it.BridgeHarness.NS;
import static dev.iotjobs.bridge.it.BridgeHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobProcessDetails;
import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.api.model.ThingGroupSpec;
import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.device.DeviceBehavior;
import dev.iotjobs.device.FleetSimulator;
import dev.iotjobs.operator.IoTJobsOperator;
import dev.iotjobs.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A job over 200 simulated devices runs to COMPLETED through MQTT alone: operator, bridge, Mosquitto, devices. */
class FleetIT {

  @Test
  void twoHundredDevicesCompleteAJobThroughMqtt() {
    int size = 200;
    List<String> things = IntStream.range(0, size).mapToObj(i -> String.format("device-%03d", i)).toList();
    DeviceBehavior behavior = DeviceBehavior.succeeding().withFailRate(0.1).withRejectRate(0.05)
        .withSteps(2, Duration.ofMillis(20));
    try (BridgeHarness h = new BridgeHarness(null);
         IoTJobsOperator operator = new IoTJobsOperator(h.client, OperatorSettings.defaults(), Clock.systemUTC());
         FleetSimulator fleet = new FleetSimulator()) {
      things.parallelStream().forEach(name -> {
        Thing thing = new Thing();
        thing.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withLabels(Map.of("fleet", "a")).build());
        h.client.resource(thing).create();
      });
      ThingGroup group = new ThingGroup();
      group.setMetadata(new ObjectMetaBuilder().withName("fleet-a").withNamespace(NS).build());
      ThingGroupSpec spec = new ThingGroupSpec();
      spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("fleet", "a")).build());
      group.setSpec(spec);
      h.client.resource(group).create();
      operator.start();
      h.startBridge();
      fleet.start(h.broker.uri(), things, behavior, null, BridgeSettings.DEFAULT_TOPIC_ROOT);

      IoTJob job = new IoTJob();
      job.setMetadata(new ObjectMetaBuilder().withName("fw-3").withNamespace(NS).build());
      job.setSpec(new dev.iotjobs.api.model.IoTJobSpec());
      job.getSpec().setDocument(Serialization.jsonMapper().createObjectNode().put("operation", "install"));
      dev.iotjobs.api.model.JobTargets targets = new dev.iotjobs.api.model.JobTargets();
      targets.setThingGroups(List.of("fleet-a"));
      job.getSpec().setTargets(targets);
      h.client.resource(job).create();

      long failing = things.stream().filter(t -> behavior.outcomeFor(t, "fw-3", 1) == DeviceBehavior.Outcome.FAIL).count();
      long rejecting = things.stream().filter(t -> behavior.outcomeFor(t, "fw-3", 1) == DeviceBehavior.Outcome.REJECT).count();
      assertThat(failing).isPositive();
      assertThat(rejecting).isPositive();
      eventually().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
        IoTJob current = h.client.resources(IoTJob.class).inNamespace(NS).withName("fw-3").get();
        assertThat(current.getStatus().getStatus()).isEqualTo(JobStatus.COMPLETED);
        JobProcessDetails c = current.getStatus().getJobProcessDetails();
        assertThat(c.getNumberOfFailedThings()).isEqualTo(failing);
        assertThat(c.getNumberOfRejectedThings()).isEqualTo(rejecting);
        assertThat(c.getNumberOfSucceededThings()).isEqualTo(size - failing - rejecting);
        assertThat(c.total()).isEqualTo(size);
      });
      eventually().untilAsserted(() -> assertThat(fleet.finished()).isEqualTo(size));
    }
  }
}
