package dev.iotjobs.api;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.IoTJobSpec;
import dev.iotjobs.api.model.JobTargets;
import dev.iotjobs.api.model.SchedulingConfig;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.api.model.ThingGroupSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** Small builders for resources in tests. */
public final class Fixtures {
  public static final String NS = "fleet";

  private Fixtures() {}

  /** Job fw's execution on the thing, in the status given, last changed at the time given (or never). */
  public static dev.iotjobs.api.model.JobExecution execution(String thing, dev.iotjobs.api.model.ExecutionStatus status,
      String lastUpdatedAt) {
    dev.iotjobs.api.model.JobExecution execution = new dev.iotjobs.api.model.JobExecution();
    execution.setMetadata(new ObjectMetaBuilder().withName("fw." + thing).build());
    dev.iotjobs.api.model.JobExecutionSpec spec = new dev.iotjobs.api.model.JobExecutionSpec();
    spec.setJobId("fw");
    spec.setThingName(thing);
    execution.setSpec(spec);
    dev.iotjobs.api.model.JobExecutionStatus s = new dev.iotjobs.api.model.JobExecutionStatus();
    s.setStatus(status);
    s.setLastUpdatedAt(lastUpdatedAt);
    execution.setStatus(s);
    return execution;
  }

  public static Thing thing(String name, Map<String, String> labels) {
    Thing thing = new Thing();
    thing.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withLabels(labels).build());
    return thing;
  }

  public static ThingGroup group(String name, String parent, List<String> things, LabelSelector selector) {
    ThingGroup group = new ThingGroup();
    group.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    ThingGroupSpec spec = new ThingGroupSpec();
    spec.setParentGroup(parent);
    spec.setThings(things);
    spec.setSelector(selector);
    group.setSpec(spec);
    return group;
  }

  /** A schedule with one maintenance window (cron in the time zone, or UTC when null). */
  public static SchedulingConfig window(String timeZone, String cron, long minutes) {
    SchedulingConfig.MaintenanceWindow window = new SchedulingConfig.MaintenanceWindow();
    window.setStartTime(cron);
    window.setDurationInMinutes(minutes);
    SchedulingConfig config = new SchedulingConfig();
    config.setTimeZone(timeZone);
    config.setMaintenanceWindows(List.of(window));
    return config;
  }

  public static LabelSelector labels(String key, String value) {
    return new LabelSelectorBuilder().withMatchLabels(Map.of(key, value)).build();
  }

  public static IoTJob job(String name, List<String> things, List<String> groups) {
    IoTJob job = new IoTJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    IoTJobSpec spec = new IoTJobSpec();
    JobTargets targets = new JobTargets();
    targets.setThings(things);
    targets.setThingGroups(groups);
    spec.setTargets(targets);
    spec.setDocument(io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().createObjectNode().put("operation", "install"));
    job.setSpec(spec);
    return job;
  }
}
