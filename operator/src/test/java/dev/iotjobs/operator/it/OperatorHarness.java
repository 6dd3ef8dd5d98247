package dev.iotjobs.operator.it;

import dev.iotjobs.api.execution.DeviceUpdate;
import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import dev.iotjobs.embedded.MutableClock;
import dev.iotjobs.embedded.Updates;
import dev.iotjobs.operator.IoTJobsOperator;
import dev.iotjobs.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The operator running against an embedded API server, plus the moves a device would make, for integration tests. */
public class OperatorHarness implements AutoCloseable {
  public final EmbeddedKubernetes api = new EmbeddedKubernetes();
  public final KubernetesClient client = api.client();
  public final MutableClock clock;
  private IoTJobsOperator operator;

  public OperatorHarness() {
    this(MutableClock.now());
  }

  public OperatorHarness(MutableClock clock) {
    this.clock = clock;
    startOperator();
  }

  /** Most tests apply their fleet well before their job: a short settle window keeps them quick. */
  private OperatorSettings settings = OperatorSettings.defaults().withSnapshotSettle(Duration.ofMillis(300));

  public OperatorHarness settings(java.util.function.UnaryOperator<OperatorSettings> change) {
    settings = change.apply(settings);
    return this;
  }

  public void startOperator() {
    operator = new IoTJobsOperator(client, settings, clock);
    operator.start();
  }

  public io.prometheus.metrics.model.registry.PrometheusRegistry operatorRegistry() {
    return operator.prometheusRegistry();
  }

  /** Reconciles so far of the controllers whose name contains a text, from JOSDK's counters in the metrics. */
  public double reconciles(String controller) {
    double count = 0;
    for (var metric : operatorRegistry().scrape()) {
      if (!metric.getMetadata().getName().contains("reconciliations_started")) {
        continue;
      }
      for (var point : metric.getDataPoints()) {
        if (point.getLabels().toString().toLowerCase(java.util.Locale.ROOT).contains(controller)
            && point instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot counter) {
          count += counter.getValue();
        }
      }
    }
    return count;
  }

  public boolean operatorReady() {
    return operator.isReady();
  }

  public void stopOperator() {
    operator.close();
  }

  /** Things t000, t001, ... labelled f=1, and the group "all" that selects them. */
  public void fleet(int size) {
    java.util.stream.IntStream.range(0, size).parallel().forEach(i -> client.resource(
        dev.iotjobs.api.Fixtures.thing(String.format("t%03d", i), java.util.Map.of("f", "1"))).create());
    client.resource(dev.iotjobs.api.Fixtures.group("all", null, null, dev.iotjobs.api.Fixtures.labels("f", "1"))).create();
  }

  /** Wakes the job's reconciler with a spec change (metadata changes are filtered): for tests that move the clock. */
  public void poke(String namespace, String jobId) {
    updateJob(namespace, jobId, job -> job.getSpec().setDescription("poked at " + System.nanoTime()));
  }

  /** Changes a job's spec as a user would, trying again when the operator's status write got there first. */
  public void updateJob(String namespace, String jobId, java.util.function.Consumer<IoTJob> change) {
    Updates.retrying(client, IoTJob.class, namespace, jobId, change);
  }

  public static ConditionFactory eventually() {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
  }

  public IoTJob job(String namespace, String name) {
    return client.resources(IoTJob.class).inNamespace(namespace).withName(name).get();
  }

  public List<JobExecution> executions(String namespace, String jobId) {
    return client.resources(JobExecution.class).inNamespace(namespace)
        .withLabel(Executions.JOB_LABEL, Executions.labelValue(jobId)).list().getItems();
  }

  public JobExecution execution(String namespace, String jobId, String thing) {
    return client.resources(JobExecution.class).inNamespace(namespace).withName(Executions.name(jobId, thing)).get();
  }

  /** What the bridge does for a device: a state-machine transition written with optimistic locking. */
  public JobExecution deviceReports(String namespace, String jobId, String thing, ExecutionStatus status) {
    JobExecution execution = execution(namespace, jobId, thing);
    var transition = ExecutionStateMachine.deviceUpdate(Executions.effectiveStatus(execution), DeviceUpdate.of(status),
        null, clock.instant());
    if (!transition.isAccepted()) {
      throw new IllegalStateException(transition.message());
    }
    execution.setStatus(transition.next());
    return client.resource(execution).updateStatus();
  }

  public List<Event> events(String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  @Override
  public void close() {
    operator.close();
    api.close();
  }
}
