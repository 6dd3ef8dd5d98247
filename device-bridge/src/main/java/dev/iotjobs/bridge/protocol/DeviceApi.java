package dev.iotjobs.bridge.protocol;

import static dev.iotjobs.api.execution.RejectionCode.InternalError;
import static dev.iotjobs.api.execution.RejectionCode.InvalidStateTransition;
import static dev.iotjobs.api.execution.RejectionCode.InvalidTopic;
import static dev.iotjobs.api.execution.RejectionCode.RequestThrottled;
import static dev.iotjobs.api.execution.RejectionCode.ResourceNotFound;
import static dev.iotjobs.api.execution.RejectionCode.TerminalStateReached;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotjobs.api.execution.AnsweredRequests;
import dev.iotjobs.api.execution.DeviceUpdate;
import dev.iotjobs.api.execution.ExecutionStateMachine;
import dev.iotjobs.api.execution.Executions;
import dev.iotjobs.api.execution.Transition;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import dev.iotjobs.api.model.JobExecutionStatus;
import dev.iotjobs.api.model.JobExecutionStatus.ExecutionAttempt;
import dev.iotjobs.api.model.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS IoT Jobs device API (reference §4.3–§4.8): each request becomes a state-machine decision, a guarded write
 * and one response. A response is accepted only once the write is stored; a conflicting write is decided again on the
 * execution as it is now, so a device racing a cancel or a timeout gets a clear rejection and loses nothing.
 */
public class DeviceApi {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceApi.class);
  private static final int WRITE_ATTEMPTS = 8;
  private final ExecutionRepository repository;
  private final DocumentRenderer documents;
  private final RequestThrottle throttle;
  private final Clock clock;
  /** lastSeenAt at most once a minute per thing: presence costs nearly no API writes. */
  private final PresenceDebounce presence = new PresenceDebounce(PresenceDebounce.INTERVAL);

  /** One response: the topic it goes to and its payload. */
  public record Response(String topic, ObjectNode payload) {}

  public DeviceApi(ExecutionRepository repository, DocumentRenderer documents, RequestThrottle throttle, Clock clock) {
    this.repository = repository;
    this.documents = documents;
    this.throttle = throttle;
    this.clock = clock;
  }

  /** Answers one request; never throws. Returns null for topics that are not requests (our own responses). */
  public Response handle(Topic topic, byte[] payload) {
    if (topic.kind() == Topic.Kind.OWN_RESPONSE || topic.kind() == Topic.Kind.FOREIGN) {
      return null;
    }
    try {
      if (topic.kind() == Topic.Kind.INVALID) {
        throw new RequestException(InvalidTopic, "topic " + topic.requestTopic() + " maps to no jobs API; use jobs/get,"
            + " jobs/start-next, jobs/{jobId}/get or jobs/{jobId}/update");
      }
      if (!throttle.tryAcquire(topic.thingName())) {
        throw new RequestException(RequestThrottled, "too many requests from " + topic.thingName() + "; retry later");
      }
      java.time.Instant now = clock.instant();
      if (presence.seen(topic.thingName(), now)) {
        repository.thingSeen(topic.thingName(), now);
      }
      Request request = Request.parse(payload);
      ObjectNode body = switch (topic.kind()) {
        case GET_PENDING -> getPending(topic.thingName(), request);
        case START_NEXT -> startNext(topic.thingName(), request);
        case DESCRIBE -> describe(topic.thingName(), topic.jobId(), request);
        case UPDATE -> update(topic.thingName(), topic.jobId(), request);
        default -> throw new IllegalStateException("not a request: " + topic.kind());
      };
      return new Response(topic.accepted(), Payloads.envelope(body, request.clientToken(), clock.instant()));
    } catch (RequestException e) {
      // the token read again on its own, only for a rejection (the payload may be what was rejected): read up front
      // for every request, it was a second parse of every payload
      return new Response(topic.rejected(), Payloads.rejected(e.code(), e.getMessage(), Request.clientTokenOf(payload),
          e.state(), clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("request failed thing={} job={} topic={} error=\"{}\"", topic.thingName(), topic.jobId(),
          topic.requestTopic(), e.toString());
      return new Response(topic.rejected(), Payloads.rejected(InternalError,
          "the request could not be completed; retry", Request.clientTokenOf(payload), null, clock.instant()));
    }
  }

  private void requireThing(String thing) throws RequestException {
    if (!repository.thingKnown(thing)) {
      throw new RequestException(ResourceNotFound, "thing " + thing + " does not exist");
    }
  }

  private ObjectNode getPending(String thing, Request request) throws RequestException {
    requireThing(thing);
    return Payloads.pending(pending(thing), null, clock.instant());
  }

  /**
   * The thing's pending executions in pending order, leaving out executions of jobs that are SCHEDULED.
   */
  public List<ExecutionView> pending(String thing) {
    List<ExecutionView> pending = new ArrayList<>();
    for (JobExecution execution : repository.executionsOf(thing)) {
      ExecutionView view = ExecutionView.of(execution);
      if (view.status().isPending()) {
        IoTJob job = job(execution);
        if (Executions.ownedBy(execution, job)
            && (job.getStatus() == null || job.getStatus().getStatus() != JobStatus.SCHEDULED)) {
          pending.add(view);
        }
      }
    }
    pending.sort(ExecutionView.PENDING_ORDER);
    return pending;
  }

  /**
   * The thing's execution of the job, if it is the job's own: one created by hand, or left by another job of the same
   * name, is not served (ResourceNotFound), so it can neither block nor impersonate a job.
   */
  private Optional<JobExecution> ownExecution(String thing, String jobId) {
    return repository.execution(thing, jobId).filter(e -> Executions.ownedBy(e, job(e)));
  }

  private ObjectNode startNext(String thing, Request request) throws RequestException {
    requireThing(thing);
    Map<String, String> details = request.statusDetails();
    Long step = request.longField("stepTimeoutInMinutes");
    Set<String> settled = new HashSet<>();
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      Optional<ExecutionView> head = pending(thing).stream().filter(v -> !settled.contains(v.identity())).findFirst();
      if (head.isEmpty()) {
        return Payloads.JSON.createObjectNode();
      }
      JobExecution execution = repository.execution(thing, head.get().jobId()).orElse(null);
      if (execution == null) {
        settled.add(head.get().identity());
        continue;
      }
      IoTJob job = repository.job(execution.namespace(), head.get().jobId()).orElse(null);
      // rendered before anything is written: a request is applied and accepted, or refused and not applied
      JsonNode document = job == null ? null : documents.render(job);
      for (int write = 0; write < WRITE_ATTEMPTS && execution != null; write++) {
        if (AnsweredRequests.answered(Executions.effectiveStatus(execution), request.clientToken())) {
          return executionPayload(ExecutionView.of(execution), document);
        }
        Transition t = ExecutionStateMachine.startNext(Executions.effectiveStatus(execution), details, step,
            inProgressTimeout(job), clock.instant());
        if (!t.isAccepted()) {
          if (t.rejection() == dev.iotjobs.api.execution.RejectionCode.InvalidRequest) {
            throw new RequestException(t.rejection(), t.message());
          }
          settled.add(head.get().identity());
          break;
        }
        JobExecution stored = t.changed()
            ? store(execution, AnsweredRequests.remember(t.next(), request.clientToken())) : execution;
        if (stored != null) {
          return executionPayload(ExecutionView.of(stored), document);
        }
        execution = repository.reread(execution).orElse(null);
      }
      if (execution == null) {
        settled.add(head.get().identity());
      }
    }
    throw new RequestException(InternalError, "the next execution kept changing; retry");
  }

  private ObjectNode describe(String thing, String jobId, Request request) throws RequestException {
    Long executionNumber = request.longField("executionNumber");
    Boolean includeDocument = request.booleanField("includeJobDocument");
    boolean withDocument = includeDocument == null || includeDocument;
    if ("$next".equals(jobId)) {
      requireThing(thing);
      List<ExecutionView> pending = pending(thing);
      if (pending.isEmpty()) {
        return Payloads.JSON.createObjectNode();
      }
      JobExecution execution = ownExecution(thing, pending.get(0).jobId()).orElseThrow();
      return executionPayload(ExecutionView.of(execution), document(job(execution), withDocument));
    }
    JobExecution execution = ownExecution(thing, jobId)
        .orElseThrow(() -> new RequestException(ResourceNotFound, "no execution of job " + jobId + " on " + thing));
    IoTJob job = job(execution);
    ExecutionView view = ExecutionView.of(execution);
    if (executionNumber != null && executionNumber != view.executionNumber()) {
      ExecutionView earlier = earlierAttempt(execution, executionNumber)
          .orElseThrow(() -> new RequestException(ResourceNotFound, "job " + jobId + " on " + thing
              + " has no execution number " + executionNumber));
      return executionPayload(earlier, document(job, withDocument));
    }
    if (view.status().isTerminal() && job != null && job.getStatus() != null && job.getStatus().getStatus() != null
        && (job.getStatus().getStatus().isTerminal() || job.getStatus().getStatus() == JobStatus.DELETION_IN_PROGRESS)) {
      throw new RequestException(TerminalStateReached, "job " + jobId + " is " + job.getStatus().getStatus()
          + " and this execution is " + view.status());
    }
    return executionPayload(view, document(job, withDocument));
  }

  private ObjectNode update(String thing, String jobId, Request request) throws RequestException {
    DeviceUpdate update = new DeviceUpdate(request.status(), request.statusDetails(), request.longField("expectedVersion"),
        request.longField("stepTimeoutInMinutes"));
    Transition malformed = ExecutionStateMachine.validate(update);
    if (malformed != null) {
      // the request itself is wrong, whatever the thing has: InvalidRequest before any lookup
      throw new RequestException(malformed.rejection(), malformed.message());
    }
    Long executionNumber = request.longField("executionNumber");
    boolean includeState = Boolean.TRUE.equals(request.booleanField("includeJobExecutionState"));
    boolean includeDocument = Boolean.TRUE.equals(request.booleanField("includeJobDocument"));
    JobExecution execution = ownExecution(thing, jobId)
        .orElseThrow(() -> new RequestException(ResourceNotFound, "no execution of job " + jobId + " on " + thing));
    JsonNode document = includeDocument ? document(job(execution), true) : null;
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      ExecutionView view = ExecutionView.of(execution);
      if (AnsweredRequests.answered(Executions.effectiveStatus(execution), request.clientToken())) {
        // delivered again: answered as before, not applied twice
        return updateAnswer(view, includeState, document);
      }
      if (executionNumber != null && executionNumber != view.executionNumber()) {
        if (earlierAttempt(execution, executionNumber).isPresent()) {
          throw new RequestException(InvalidStateTransition, "execution number " + executionNumber
              + " is an earlier, finished attempt; the current one is " + view.executionNumber(), view);
        }
        throw new RequestException(ResourceNotFound, "job " + jobId + " on " + thing + " has no execution number "
            + executionNumber);
      }
      IoTJob job = job(execution);
      Transition t = ExecutionStateMachine.deviceUpdate(Executions.effectiveStatus(execution), update,
          inProgressTimeout(job), clock.instant());
      if (!t.isAccepted()) {
        throw new RequestException(t.rejection(), t.message(), view);
      }
      JobExecution stored = store(execution, AnsweredRequests.remember(t.next(), request.clientToken()));
      if (stored != null) {
        return updateAnswer(ExecutionView.of(stored), includeState, document);
      }
      execution = repository.reread(execution)
          .orElseThrow(() -> new RequestException(ResourceNotFound, "the execution of job " + jobId + " was deleted"));
    }
    throw new RequestException(InternalError, "the execution kept changing; retry");
  }

  private static ObjectNode updateAnswer(ExecutionView state, boolean includeState, JsonNode document) {
    ObjectNode body = Payloads.JSON.createObjectNode();
    if (includeState) {
      body.set("executionState", Payloads.state(state));
    }
    if (document != null) {
      body.set("jobDocument", document);
    }
    return body;
  }

  /** The stored execution, or null when the write lost a race and must be decided again. */
  private JobExecution store(JobExecution basedOn, JobExecutionStatus next) throws RequestException {
    try {
      return repository.writeStatus(basedOn, next);
    } catch (ExecutionRepository.Conflict e) {
      return null;
    } catch (ExecutionRepository.Gone e) {
      throw new RequestException(ResourceNotFound, "the execution of job " + basedOn.getSpec().getJobId()
          + " was deleted");
    }
  }

  private JsonNode document(IoTJob job, boolean wanted) throws RequestException {
    return wanted && job != null ? documents.render(job) : null;
  }

  private ObjectNode executionPayload(ExecutionView view, JsonNode document) {
    ObjectNode body = Payloads.JSON.createObjectNode();
    body.set("execution", Payloads.execution(view, document, clock.instant()));
    return body;
  }

  /** The document for a notify-next, or null when the job is gone or cannot be rendered. */
  public JsonNode documentFor(ExecutionView view) {
    try {
      IoTJob job = repository.job(view.namespace(), view.jobId()).orElse(null);
      return job == null ? null : documents.render(job);
    } catch (RequestException e) {
      LOG.warn("document not delivered namespace={} job={} thing={} error=\"{}\"", view.namespace(), view.jobId(),
          view.thingName(), e.getMessage());
      return null;
    }
  }

  private IoTJob job(JobExecution execution) {
    return repository.job(execution.namespace(), execution.jobId()).orElse(null);
  }

  /** The job's in-progress timeout, its template's when the job sets none. */
  private static Duration inProgressTimeout(IoTJob job) {
    var timeout = job == null || job.getSpec() == null ? null
        : dev.iotjobs.api.templates.EffectiveSpec.of(job).getTimeoutConfig();
    if (timeout == null || timeout.getInProgressTimeoutInMinutes() == null) {
      return null;
    }
    return Duration.ofMinutes(timeout.getInProgressTimeoutInMinutes());
  }

  private static Optional<ExecutionView> earlierAttempt(JobExecution execution, long executionNumber) {
    if (execution.getStatus() == null || execution.getStatus().getAttempts() == null) {
      return Optional.empty();
    }
    for (ExecutionAttempt attempt : execution.getStatus().getAttempts()) {
      if (attempt.getExecutionNumber() != null && attempt.getExecutionNumber() == executionNumber) {
        Instant finished = dev.iotjobs.api.Times.parse(attempt.getFinishedAt());
        return Optional.of(new ExecutionView(execution.namespace(), execution.jobId(),
            execution.thingName(), attempt.getStatus(),
            attempt.getStatusDetails() == null ? Map.of() : attempt.getStatusDetails(),
            orEpoch(dev.iotjobs.api.Times.parse(attempt.getQueuedAt())), dev.iotjobs.api.Times.parse(attempt.getStartedAt()),
            orEpoch(finished), null, attempt.getVersionNumber() == null ? 0 : attempt.getVersionNumber(),
            executionNumber));
      }
    }
    return Optional.empty();
  }

  private static Instant orEpoch(Instant instant) {
    return instant == null ? Instant.EPOCH : instant;
  }
}
