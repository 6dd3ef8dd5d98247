package dev.iotjobs.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.api.model.ThingGroupSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** The objects the benchmarks apply, built one way. */
final class BenchmarkResources {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchmarkResources() {}

  static Thing thing(String namespace, String name, Map<String, String> labels) {
    Thing thing = new Thing();
    thing.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build());
    return thing;
  }

  /** A group of every Thing with these labels. */
  static ThingGroup group(String namespace, String name, Map<String, String> labels) {
    ThingGroup group = new ThingGroup();
    group.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    ThingGroupSpec spec = new ThingGroupSpec();
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(labels).build());
    group.setSpec(spec);
    return group;
  }

  /** A job without a rollout limit, for the things or groups given, with a small firmware document. */
  static IoTJob job(String namespace, String name, List<String> things, List<String> groups) {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    IoTJobSpec spec = new IoTJobSpec();
    spec.setDocument(JSON.createObjectNode().put("operation", "install").put("version", "2.1.0"));
    JobTargets targets = new JobTargets();
    targets.setThings(things);
    targets.setThingGroups(groups);
    spec.setTargets(targets);
    job.setSpec(spec);
    return job;
  }

  /** An execution as the operator creates it: owned by the stored job, named and labelled by job and thing. */
  static JobExecution execution(IoTJob job, String thing) {
    JobExecution execution = execution(job.getMetadata().getNamespace(), job.getMetadata().getName(), thing);
    execution.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withApiVersion(job.getApiVersion()).withKind(job.getKind()).withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid()).withController(true).build()));
    return execution;
  }

  /** An execution named and labelled by job and thing, no status and no owner (for measuring the API alone). */
  static JobExecution execution(String namespace, String job, String thing) {
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName(Executions.name(job, thing)).withNamespace(namespace)
        .withLabels(Executions.labels(job, thing)).build());
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId(job);
    spec.setThingName(thing);
    execution.setSpec(spec);
    return execution;
  }
}
