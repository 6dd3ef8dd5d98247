package dev.iotjobs.bridge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotjobs.api.model.IoTJob;

/** Turns a job's stored document into what one delivery to a device carries. */
@FunctionalInterface
public interface DocumentRenderer {
  JsonNode render(IoTJob job) throws RequestException;

  /**
   * The document as stored in the IoTJob, unchanged: inline in spec, or pinned in status (read from documentSource, or
   * the job template's with its parameters filled).
   */
  static DocumentRenderer asStored() {
    return job -> stored(job).deepCopy();
  }

  static JsonNode stored(IoTJob job) throws RequestException {
    if (job.getSpec() != null && job.getSpec().getDocument() != null && job.getSpec().getJobTemplateRef() == null) {
      return job.getSpec().getDocument();
    }
    if (job.getStatus() != null && job.getStatus().getDocument() != null) {
      return job.getStatus().getDocument();
    }
    // the operator creates a starting job's first executions just before it writes the pinned document
    throw new RequestException(dev.iotjobs.api.execution.RejectionCode.InternalError, "the document of job "
        + job.jobId() + " is not pinned yet (the job is starting); ask again");
  }
}
