package dev.iotjobs.bridge.protocol;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.IoTJobStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.JobStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Executions in a map with resourceVersions, for testing the device API without a cluster. */
public class InMemoryRepository implements ExecutionRepository {
  static final String NS = "fleet";
  private final Map<String, JobExecution> executions = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, IoTJob> jobs = new java.util.concurrent.ConcurrentHashMap<>();
  private final Set<String> things = new HashSet<>();
  private long version = 1;
  /** Runs before the next write, once: to make a concurrent change land first. */
  Consumer<JobExecution> beforeNextWrite;
  Consumer<String> onChange = thing -> { };

  public InMemoryRepository thing(String name) {
    things.add(name);
    return this;
  }

  public IoTJob job(String jobId) {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName(jobId).withNamespace(NS).withUid("uid-" + jobId).build());
    IoTJobSpec spec = new IoTJobSpec();
    spec.setDocument(Serialization.jsonMapper().createObjectNode().put("operation", jobId));
    job.setSpec(spec);
    IoTJobStatus status = new IoTJobStatus();
    status.setStatus(JobStatus.IN_PROGRESS);
    job.setStatus(status);
    jobs.put(jobId, job);
    return job;
  }

  /** Queues an execution of a new job for the thing, as the operator would. */
  public JobExecution queue(String jobId, String thing, Instant at) {
    if (!jobs.containsKey(jobId)) {
      job(jobId);
    }
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName(Executions.name(jobId, thing)).withNamespace(NS)
        .withResourceVersion(String.valueOf(version++)).withCreationTimestamp(Times.format(at))
        .withOwnerReferences(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withKind("IoTJob")
            .withName(jobId).withUid(jobs.get(jobId).getMetadata().getUid()).withController(true).build())
        .build());
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId(jobId);
    spec.setThingName(thing);
    execution.setSpec(spec);
    execution.setStatus(ExecutionStateMachine.queued(at));
    executions.put(execution.getMetadata().getName(), execution);
    onChange.accept(thing);
    return execution;
  }

  /** A change made by someone else (the operator), bumping the resourceVersion. */
  public void change(String jobId, String thing, JobExecutionStatus status) {
    JobExecution execution = Serialization.clone(executions.get(Executions.name(jobId, thing)));
    execution.setStatus(status);
    execution.getMetadata().setResourceVersion(String.valueOf(version++));
    executions.put(execution.getMetadata().getName(), execution);
    onChange.accept(thing);
  }

  public void delete(String jobId, String thing) {
    executions.remove(Executions.name(jobId, thing));
    onChange.accept(thing);
  }

  public JobExecution get(String jobId, String thing) {
    return executions.get(Executions.name(jobId, thing));
  }

  @Override
  public Collection<JobExecution> executionsOf(String thingName) {
    List<JobExecution> result = new ArrayList<>();
    executions.values().forEach(e -> {
      if (e.getSpec().getThingName().equals(thingName)) {
        result.add(e);
      }
    });
    return result;
  }

  @Override
  public Optional<JobExecution> execution(String thingName, String jobId) {
    return Optional.ofNullable(executions.get(Executions.name(jobId, thingName)));
  }

  @Override
  public Optional<IoTJob> job(String namespace, String jobId) {
    return Optional.ofNullable(jobs.get(jobId));
  }

  @Override
  public boolean thingKnown(String thingName) {
    return things.contains(thingName);
  }

  @Override
  public JobExecution writeStatus(JobExecution basedOn, JobExecutionStatus status) throws Conflict, Gone {
    if (beforeNextWrite != null) {
      Consumer<JobExecution> hook = beforeNextWrite;
      beforeNextWrite = null;
      hook.accept(basedOn);
    }
    JobExecution current = executions.get(basedOn.getMetadata().getName());
    if (current == null) {
      throw new Gone();
    }
    if (!current.getMetadata().getResourceVersion().equals(basedOn.getMetadata().getResourceVersion())) {
      throw new Conflict();
    }
    JobExecution stored = Serialization.clone(current);
    stored.setStatus(status);
    stored.getMetadata().setResourceVersion(String.valueOf(version++));
    executions.put(stored.getMetadata().getName(), stored);
    onChange.accept(stored.getSpec().getThingName());
    return stored;
  }

  @Override
  public Optional<JobExecution> reread(JobExecution execution) {
    return Optional.ofNullable(executions.get(execution.getMetadata().getName()));
  }
}
