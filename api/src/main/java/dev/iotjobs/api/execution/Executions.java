package dev.iotjobs.api.execution;

import dev.iotjobs.api.Times;
import dev.iotjobs.api.model.ApiGroup;
import dev.iotjobs.api.model.ExecutionStatus;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/** Naming and labelling of JobExecution objects, and their effective status. */
public final class Executions {
  public static final String JOB_LABEL = ApiGroup.GROUP + "/job";
  public static final String THING_LABEL = ApiGroup.GROUP + "/thing";
  /** When the operator queued the execution, to the millisecond (creationTimestamp has whole seconds only). */
  /** The wave of a staged rollout the execution was queued in (set at creation, never changed). */
  public static final String WAVE_LABEL = ApiGroup.GROUP + "/wave";
  /** The wave an execution was queued in, or null outside a staged rollout. */
  public static String waveOf(JobExecution execution) {
    Map<String, String> labels = execution.getMetadata().getLabels();
    return labels == null ? null : labels.get(WAVE_LABEL);
  }

  public static final String QUEUED_AT_ANNOTATION = ApiGroup.GROUP + "/queued-at";
  private static final int MAX_LABEL_VALUE = 63;
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  private Executions() {}

  /** {@code <jobId>.<thingName>}: one object per (job, thing). */
  public static String name(String jobId, String thingName) {
    return jobId + "." + thingName;
  }

  public static Map<String, String> labels(String jobId, String thingName) {
    return Map.of(JOB_LABEL, labelValue(jobId), THING_LABEL, labelValue(thingName));
  }

  /** A name as a label value; names too long for a label are shortened and made unique by a hash. */
  public static String labelValue(String name) {
    if (name.length() <= MAX_LABEL_VALUE && LABEL_VALUE.matcher(name).matches()) {
      return name;
    }
    String hash = sha256(name).substring(0, 12);
    String prefix = name.substring(0, Math.min(name.length(), MAX_LABEL_VALUE - hash.length() - 1));
    return prefix.replaceAll("[^-A-Za-z0-9_.]", "-") + "-" + hash;
  }

  /**
   * The execution's status as the state machine sees it. The operator creates executions without a status: the CRD
   * defaults it to QUEUED, attempt 1, version 1 (an API server drops status on create, and writing it would cost a
   * second write per execution). What defaults cannot give, when it was queued, comes from the creation: the
   * queued-at annotation, else the creationTimestamp.
   */
  public static JobExecutionStatus effectiveStatus(JobExecution execution) {
    JobExecutionStatus status = execution.getStatus();
    if (status != null && status.getStatus() != null && status.getQueuedAt() != null) {
      return status;
    }
    Instant created = createdAt(execution);
    if (status == null || status.getStatus() == null) {
      return ExecutionStateMachine.queued(created);
    }
    JobExecutionStatus filled = ExecutionStateMachine.copy(status);
    filled.setQueuedAt(Times.formatPrecise(created));
    if (filled.getLastUpdatedAt() == null) {
      filled.setLastUpdatedAt(Times.format(created));
    }
    return filled;
  }

  /** When the execution's first attempt was queued, without copying its status. */
  public static Instant firstQueuedAt(JobExecution execution) {
    JobExecutionStatus status = execution.getStatus();
    if (status != null && status.getAttempts() != null && !status.getAttempts().isEmpty()) {
      Instant first = Times.parse(status.getAttempts().get(0).getQueuedAt());
      if (first != null) {
        return first;
      }
    }
    Instant queued = status == null ? null : Times.parse(status.getQueuedAt());
    return queued != null ? queued : createdAt(execution);
  }

  private static Instant createdAt(JobExecution execution) {
    Map<String, String> annotations = execution.getMetadata().getAnnotations();
    Instant queued = annotations == null ? null : Times.parse(annotations.get(QUEUED_AT_ANNOTATION));
    if (queued == null) {
      queued = Times.parse(execution.getMetadata().getCreationTimestamp());
    }
    return queued == null ? Instant.EPOCH : queued;
  }

  public static ExecutionStatus statusOf(JobExecution execution) {
    ExecutionStatus status = execution.statusValue(); // a cached execution's status is not built for it
    return status == null ? ExecutionStatus.QUEUED : status;
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Whether the execution is the job's own: its controller owner reference names the job by uid. Anything else
   * (created by hand, or left by an earlier job of the same name) is not served to devices nor counted.
   */
  public static boolean ownedBy(JobExecution execution, dev.iotjobs.api.model.IoTJob job) {
    return job != null && execution.ownerReferences() != null
        && execution.ownerReferences().stream().anyMatch(o -> Boolean.TRUE.equals(o.getController())
            && job.getMetadata().getUid() != null && job.getMetadata().getUid().equals(o.getUid()));
  }
}
