package dev.iotjobs.bridge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotjobs.api.model.IoTJob;

/** Turns a job's stored document into what one delivery to a device carries. */
@FunctionalInterface
public interface DocumentRenderer {
  JsonNode render(IoTJob job) throws RequestException;

  /** The document as stored in the IoTJob, unchanged. */
  static DocumentRenderer asStored() {
    return job -> job.getSpec() == null || job.getSpec().getDocument() == null ? Payloads.JSON.createObjectNode()
        : job.getSpec().getDocument().deepCopy();
  }
}
