package dev.iotjobs.bridge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotjobs.api.model.IoTJob;

/** Turns a job's stored document into what one delivery to a device carries. */
@FunctionalInterface
public interface DocumentRenderer {
  JsonNode render(IoTJob job) throws RequestException;

  /** The document as stored in the IoTJob, unchanged: inline in spec, or pinned in status from documentSource. */
  static DocumentRenderer asStored() {
    return job -> stored(job).deepCopy();
  }

  static JsonNode stored(IoTJob job) {
    if (job.getSpec() != null && job.getSpec().getDocument() != null) {
      return job.getSpec().getDocument();
    }
    if (job.getStatus() != null && job.getStatus().getDocument() != null) {
      return job.getStatus().getDocument();
    }
    return Payloads.JSON.createObjectNode();
  }
}
