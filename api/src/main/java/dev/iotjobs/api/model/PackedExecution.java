package dev.iotjobs.api.model;

import dev.iotjobs.api.execution.Executions;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cached execution in a few hundred bytes instead of a graph of some forty objects: the strings only it has (name,
 * uid, resourceVersion, times, clientTokens) in one byte array, what it shares with other executions (namespace, job,
 * thing, owner references, statusDetails) by reference. The metadata, spec and status are built again on every read,
 * exactly as they were packed. Only the usual shape is packed ({@link #of} answers null for anything else: a deletion
 * in progress, finalizers, unknown fields, a string too long for a one-byte length); such an execution stays as it is.
 */
final class PackedExecution {
  private static final int NULL = 255;
  private static final int SAME_AS = 254; // followed by the index of an earlier slot holding the same text
  private static final int JOB_DOT_THING = 253; // the name executions are given: <jobId>.<thingName>
  private static final int UUID_BYTES = 252; // followed by 16 bytes: a uid as an API server makes them
  private static final int INSTANT = 251; // followed by 6 bytes of epoch milliseconds: a time as ISO_INSTANT writes it
  private static final int MAX_LENGTH = 250;
  private static final int MAX_SLOTS = 250; // an earlier slot is named in one byte

  private static final int NAME = 0;
  private static final int UID = 1;
  private static final int RESOURCE_VERSION = 2;
  private static final int CREATED = 3;
  private static final int QUEUED_ANNOTATION = 4;
  private static final int QUEUED_AT = 5;
  private static final int STARTED_AT = 6;
  private static final int LAST_UPDATED_AT = 7;
  private static final int TIMEOUT_AT = 8;
  private static final int IN_PROGRESS_DEADLINE = 9;
  private static final int STEP_DEADLINE = 10;
  private static final int FIRST_ANSWERED = 11; // then a clientToken and a versionNumber per answered request

  /**
   * Labels or annotations that are exactly the usual ones, rebuilt from the execution's own fields on a read: an
   * instance of its own, compared by identity (never the shared {@code Map.of()}, which an empty map may be).
   */
  private static final Map<String, String> USUAL = java.util.Collections.unmodifiableMap(new java.util.HashMap<>());

  /**
   * The parts of a status kept by reference, one copy per distinct set of values (most of a job's executions end
   * alike), never handed out: a read copies its fields. Cleared when it grows past what a few jobs' outcomes need.
   */
  private static final class Shapes {
    private static final int MAX = 10_000;
    private final Map<JobExecutionStatus, JobExecutionStatus> shared = new java.util.concurrent.ConcurrentHashMap<>();

    JobExecutionStatus share(JobExecutionStatus shape) {
      if (shared.size() > MAX) {
        shared.clear();
      }
      JobExecutionStatus known = shared.putIfAbsent(shape, shape);
      return known == null ? shape : known;
    }
  }

  private static final Shapes SHAPES = new Shapes();

  private final byte[] text;
  private final String namespace;
  private final String jobId;
  private final String thing;
  private final List<OwnerReference> owners;
  private final Map<String, String> labels;
  private final Map<String, String> annotations;
  private final Long generation;
  private final JobExecutionSpec.ExecutionCancel cancel;
  private final JobExecutionStatus statusShape; // null, or a status holding only what is kept by reference
  private final int answered; // -1: no list
  private final String cacheKey;

  private PackedExecution(byte[] text, ObjectMeta metadata, JobExecutionSpec spec, Map<String, String> labels,
      Map<String, String> annotations, JobExecutionStatus statusShape, int answered, String cacheKey) {
    this.text = text;
    this.cacheKey = cacheKey;
    this.namespace = metadata.getNamespace();
    this.jobId = spec.getJobId();
    this.thing = spec.getThingName();
    this.owners = metadata.getOwnerReferences();
    this.labels = labels;
    this.annotations = annotations;
    this.generation = metadata.getGeneration();
    this.cancel = spec.getCancel();
    this.statusShape = statusShape;
    this.answered = answered;
  }

  /** The execution packed, or null when it is not of the usual shape (it is then kept as it is). */
  static PackedExecution of(ObjectMeta metadata, JobExecutionSpec spec, JobExecutionStatus status, String cacheKey) {
    if (metadata == null || spec == null || !usualMetadata(metadata)) {
      return null;
    }
    Slots slots = new Slots();
    slots.addName(metadata.getName(), spec.getJobId() + "." + spec.getThingName());
    slots.addUid(metadata.getUid());
    slots.add(metadata.getResourceVersion());
    slots.addTime(metadata.getCreationTimestamp());
    Map<String, String> annotations = metadata.getAnnotations();
    String queuedAnnotation = null;
    if (annotations != null && annotations.size() == 1 && annotations.get(Executions.QUEUED_AT_ANNOTATION) != null) {
      queuedAnnotation = annotations.get(Executions.QUEUED_AT_ANNOTATION);
      annotations = USUAL;
    }
    slots.addTime(queuedAnnotation);
    Map<String, String> labels = metadata.getLabels();
    if (labels != null && labels.size() == 2 && spec.getJobId() != null && spec.getThingName() != null
        && spec.getJobId().equals(labels.get(Executions.JOB_LABEL))
        && spec.getThingName().equals(labels.get(Executions.THING_LABEL))) {
      labels = USUAL;
    }
    JobExecutionStatus shape = null;
    int answered = -1;
    if (status != null) {
      slots.addTime(status.getQueuedAt());
      slots.addTime(status.getStartedAt());
      slots.addTime(status.getLastUpdatedAt());
      slots.addTime(status.getTimeoutAt());
      slots.addTime(status.getInProgressDeadline());
      slots.addTime(status.getStepDeadline());
      List<JobExecutionStatus.AnsweredRequest> requests = status.getAnsweredRequests();
      if (requests != null) {
        answered = requests.size();
        for (JobExecutionStatus.AnsweredRequest request : requests) {
          if (request == null) {
            return null;
          }
          slots.add(request.getClientToken());
          slots.add(request.getVersionNumber() == null ? null : request.getVersionNumber().toString());
        }
      }
      shape = sharedParts(status, new JobExecutionStatus());
      if (shape.getAttempts() == null) { // a list of attempts is rare, and mutable: kept by this one alone
        shape = SHAPES.share(shape);
      }
    }
    byte[] packed = slots.toBytes();
    return packed == null ? null
        : new PackedExecution(packed, metadata, spec, labels, annotations, shape, answered, cacheKey);
  }

  /** The parts of a status kept by reference (not in the byte array), from one status to another. */
  private static JobExecutionStatus sharedParts(JobExecutionStatus from, JobExecutionStatus to) {
    to.setStatus(from.getStatus());
    to.setStatusDetails(from.getStatusDetails());
    to.setExecutionNumber(from.getExecutionNumber());
    to.setVersionNumber(from.getVersionNumber());
    to.setRetryAttempt(from.getRetryAttempt());
    to.setForceCanceled(from.getForceCanceled());
    to.setAttempts(from.getAttempts());
    return to;
  }

  /**
   * Only what the operator and the bridge write and an API server adds; an execution being deleted, with finalizers,
   * a generateName, or fields this model does not know is kept unpacked, so that nothing of it is lost.
   */
  private static boolean usualMetadata(ObjectMeta metadata) {
    return metadata.getDeletionTimestamp() == null && metadata.getDeletionGracePeriodSeconds() == null
        && metadata.getGenerateName() == null && metadata.getSelfLink() == null
        && (metadata.getFinalizers() == null || metadata.getFinalizers().isEmpty())
        && metadata.getManagedFields() == null && metadata.getAdditionalProperties() == null; // as the lean cache has them
  }

  ObjectMeta metadata() {
    ObjectMeta metadata = new ObjectMeta();
    metadata.setName(text(NAME));
    metadata.setNamespace(namespace);
    metadata.setUid(text(UID));
    metadata.setResourceVersion(text(RESOURCE_VERSION));
    metadata.setCreationTimestamp(text(CREATED));
    metadata.setGeneration(generation);
    metadata.setLabels(labels == USUAL ? Map.of(Executions.JOB_LABEL, jobId, Executions.THING_LABEL, thing) : labels);
    metadata.setAnnotations(annotations == USUAL
        ? Map.of(Executions.QUEUED_AT_ANNOTATION, text(QUEUED_ANNOTATION)) : annotations);
    metadata.setOwnerReferences(owners);
    metadata.setFinalizers(List.of());
    metadata.setManagedFields(null);
    metadata.setAdditionalProperties(null);
    return metadata;
  }

  String jobId() {
    return jobId;
  }

  List<io.fabric8.kubernetes.api.model.OwnerReference> owners() {
    return owners;
  }

  JobExecutionSpec.ExecutionCancel cancel() {
    return cancel;
  }

  JobExecutionSpec spec() {
    JobExecutionSpec spec = new JobExecutionSpec();
    spec.setJobId(jobId);
    spec.setThingName(thing);
    spec.setCancel(cancel);
    return spec;
  }

  JobExecutionStatus status() {
    if (statusShape == null) {
      return null;
    }
    JobExecutionStatus status = sharedParts(statusShape, new JobExecutionStatus());
    status.setQueuedAt(text(QUEUED_AT));
    status.setStartedAt(text(STARTED_AT));
    status.setLastUpdatedAt(text(LAST_UPDATED_AT));
    status.setTimeoutAt(text(TIMEOUT_AT));
    status.setInProgressDeadline(text(IN_PROGRESS_DEADLINE));
    status.setStepDeadline(text(STEP_DEADLINE));
    if (answered >= 0) {
      List<JobExecutionStatus.AnsweredRequest> requests = new ArrayList<>(answered);
      for (int i = 0; i < answered; i++) {
        JobExecutionStatus.AnsweredRequest request = new JobExecutionStatus.AnsweredRequest();
        request.setClientToken(text(FIRST_ANSWERED + 2 * i));
        String version = text(FIRST_ANSWERED + 2 * i + 1);
        request.setVersionNumber(version == null ? null : Long.valueOf(version));
        requests.add(request);
      }
      status.setAnsweredRequests(List.copyOf(requests));
    }
    return status;
  }

  /** The status without building it: what walks over a job's executions read most. */
  ExecutionStatus statusValue() {
    return statusShape == null ? null : statusShape.getStatus();
  }

  String thing() {
    return thing;
  }

  String cacheKey() {
    return cacheKey;
  }

  String timeoutAt() {
    return statusShape == null ? null : text(TIMEOUT_AT);
  }

  String namespace() {
    return namespace;
  }

  String name() {
    return text(NAME);
  }

  String resourceVersion() {
    return text(RESOURCE_VERSION);
  }

  private String text(int slot) {
    int at = 0;
    for (int i = 0; i < slot; i++) {
      int length = text[at] & 0xff;
      at += width(length);
    }
    int length = text[at] & 0xff;
    if (length == NULL) {
      return null;
    }
    if (length == SAME_AS) {
      return text(text[at + 1] & 0xff);
    }
    if (length == JOB_DOT_THING) {
      return jobId + "." + thing;
    }
    if (length == INSTANT) {
      long millis = 0;
      for (int i = 1; i <= 6; i++) {
        millis = (millis << 8) | (text[at + i] & 0xff);
      }
      return dev.iotjobs.api.Times.isoInstant(millis);
    }
    if (length == UUID_BYTES) {
      java.nio.ByteBuffer uuid = java.nio.ByteBuffer.wrap(text, at + 1, 16);
      return new java.util.UUID(uuid.getLong(), uuid.getLong()).toString();
    }
    return new String(text, at + 1, length, StandardCharsets.UTF_8);
  }

  /** How many bytes a slot takes, from its first. */
  private static int width(int first) {
    return switch (first) {
      case NULL, JOB_DOT_THING -> 1;
      case SAME_AS -> 2;
      case INSTANT -> 7;
      case UUID_BYTES -> 17;
      default -> 1 + first;
    };
  }

  /** Builds the byte array: each slot a one-byte length and UTF-8 bytes, null, or a reference to an equal slot. */
  private static final class Slots {
    private final List<String> values = new ArrayList<>(16);
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(192);
    private boolean tooLong;

    void addName(String name, String usual) {
      if (name != null && name.equals(usual)) {
        values.add(name);
        bytes.write(JOB_DOT_THING);
      } else {
        add(name);
      }
    }

    /** A uid in 16 bytes instead of 36 when it is a UUID in the form an API server writes (lower-case). */
    void addUid(String uid) {
      java.util.UUID parsed = null;
      if (uid != null && uid.length() == 36) {
        try {
          parsed = java.util.UUID.fromString(uid);
        } catch (IllegalArgumentException e) {
          parsed = null;
        }
      }
      if (parsed == null || !parsed.toString().equals(uid)) {
        add(uid);
        return;
      }
      values.add(uid);
      bytes.write(UUID_BYTES);
      java.nio.ByteBuffer packed = java.nio.ByteBuffer.allocate(16);
      packed.putLong(parsed.getMostSignificantBits()).putLong(parsed.getLeastSignificantBits());
      bytes.write(packed.array(), 0, 16);
    }

    /**
     * A time in 7 bytes instead of 21 to 25 when ISO_INSTANT writes it back exactly as it is (as the operator, the
     * bridge and an API server write them); an equal earlier slot is named instead, as for any text.
     */
    void addTime(String time) {
      Instant parsed = time == null || values.contains(time) ? null : parseInstant(time);
      if (parsed == null || parsed.toEpochMilli() < 0 || parsed.toEpochMilli() >= 1L << 48
          || !dev.iotjobs.api.Times.isoInstant(parsed.toEpochMilli()).equals(time)) {
        add(time);
        return;
      }
      values.add(time);
      bytes.write(INSTANT);
      long millis = parsed.toEpochMilli();
      for (int shift = 40; shift >= 0; shift -= 8) {
        bytes.write((int) (millis >>> shift) & 0xff);
      }
    }

    private static Instant parseInstant(String time) {
      try {
        return dev.iotjobs.api.Times.parse(time);
      } catch (java.time.format.DateTimeParseException e) {
        return null;
      }
    }

    void add(String value) {
      int slot = values.size();
      values.add(value);
      if (value == null) {
        bytes.write(NULL);
        return;
      }
      for (int earlier = 0; earlier < slot; earlier++) {
        if (value.equals(values.get(earlier))) {
          bytes.write(SAME_AS);
          bytes.write(earlier);
          return;
        }
      }
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      if (utf8.length > MAX_LENGTH) {
        tooLong = true;
        return;
      }
      bytes.write(utf8.length);
      bytes.write(utf8, 0, utf8.length);
    }

    byte[] toBytes() {
      return tooLong || values.size() > MAX_SLOTS ? null : bytes.toByteArray();
    }
  }
}
