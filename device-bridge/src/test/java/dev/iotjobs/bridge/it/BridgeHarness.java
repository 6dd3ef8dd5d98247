package dev.iotjobs.bridge.it;

import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionSpec;
import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.bridge.BridgeSettings;
import dev.iotjobs.bridge.DeviceBridge;
import dev.iotjobs.device.JobsClient;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** An embedded API, a real Mosquitto and the bridge between them, plus the operator's moves done by hand. */
public class BridgeHarness implements AutoCloseable {
  public static final String NS = "fleet";
  public final EmbeddedKubernetes api = new EmbeddedKubernetes();
  public final KubernetesClient client = api.client();
  public final MosquittoBroker broker;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private BridgeSettings settings;
  private DeviceBridge bridge;

  public BridgeHarness(List<String> aclThings) {
    this(aclThings == null ? MosquittoBroker.open() : MosquittoBroker.withAcl(aclThings), aclThings != null);
  }

  /** A harness on this broker (closed with it). */
  public static BridgeHarness on(MosquittoBroker broker) {
    return new BridgeHarness(broker, false);
  }

  private BridgeHarness(MosquittoBroker broker, boolean acl) {
    this.broker = broker;
    settings = BridgeSettings.defaults(broker.url()).withClientId("bridge-" + System.nanoTime()).withHealthPort(0);
    if (acl) {
      settings = settings.withCredentials(MosquittoBroker.BRIDGE_USER, MosquittoBroker.PASSWORD);
    }
  }

  public static ConditionFactory eventually() {
    return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions();
  }

  public BridgeHarness settings(java.util.function.UnaryOperator<BridgeSettings> change) {
    settings = change.apply(settings);
    return this;
  }

  public DeviceBridge startBridge() {
    bridge = new DeviceBridge(client, settings, Clock.systemUTC());
    bridge.start();
    return bridge;
  }

  public void stopBridge() {
    bridge.close();
  }

  public DeviceBridge bridge() {
    return bridge;
  }

  public void thing(String name) {
    Thing thing = new Thing();
    thing.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    client.resource(thing).create();
  }

  public IoTJob job(String jobId, String... things) {
    return client.resource(newJob(jobId, things)).create();
  }

  /** A job not yet created, to set more of its spec first (document and targets are immutable once created). */
  public IoTJob newJob(String jobId, String... things) {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName(jobId).withNamespace(NS).build());
    IoTJobSpec spec = new IoTJobSpec();
    spec.setDocument(Serialization.jsonMapper().createObjectNode().put("operation", "install").put("job", jobId));
    JobTargets targets = new JobTargets();
    targets.setThings(List.of(things));
    spec.setTargets(targets);
    job.setSpec(spec);
    return job;
  }

  /** What the operator does for a new target: the execution, owned by its job (which must exist). */
  public JobExecution queue(String jobId, String thing) {
    IoTJob job = client.resources(IoTJob.class).inNamespace(NS).withName(jobId).get();
    JobExecution execution = new JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName(Executions.name(jobId, thing)).withNamespace(NS)
        .withLabels(Map.of(Executions.JOB_LABEL, jobId, Executions.THING_LABEL, thing))
        .withOwnerReferences(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion(job.getApiVersion())
            .withKind(job.getKind()).withName(jobId).withUid(job.getMetadata().getUid()).withController(true).build())
        .build());
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId(jobId);
    spec.setThingName(thing);
    execution.setSpec(spec);
    // as the operator does: no status, the CRD defaults it to QUEUED
    return client.resource(execution).create();
  }

  public JobExecution execution(String jobId, String thing) {
    return client.resources(JobExecution.class).inNamespace(NS).withName(Executions.name(jobId, thing)).get();
  }

  /** Thing t1 with job1 queued, the bridge started, and t1's device connected. */
  public JobsClient deviceWithJob1Queued() {
    thing("t1");
    job("job1", "t1");
    queue("job1", "t1");
    startBridge();
    return device("t1");
  }

  public JobsClient device(String thing) {
    JobsClient device = JobsClient.connect(broker.uri(), thing, null, BridgeSettings.DEFAULT_TOPIC_ROOT).join();
    toClose.add(device);
    return device;
  }

  public JobsClient deviceWithPassword(String thing, String password) {
    JobsClient device = JobsClient.connect(broker.uri(), thing, password, BridgeSettings.DEFAULT_TOPIC_ROOT).join();
    toClose.add(device);
    return device;
  }

  @Override
  public void close() {
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    if (bridge != null) {
      bridge.close();
    }
    broker.close();
    api.close();
  }
}
