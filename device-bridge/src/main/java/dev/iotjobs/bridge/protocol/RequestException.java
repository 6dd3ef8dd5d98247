package dev.iotjobs.bridge.protocol;

import dev.iotjobs.api.execution.RejectionCode;

/** A request the bridge refuses, with the code and message the device receives. */
public class RequestException extends Exception {
  private final RejectionCode code;
  private final transient ExecutionView state;

  public RequestException(RejectionCode code, String message) {
    this(code, message, null);
  }

  public RequestException(RejectionCode code, String message, ExecutionView state) {
    super(message, null, false, false);
    this.code = code;
    this.state = state;
  }

  public RejectionCode code() {
    return code;
  }

  public ExecutionView state() {
    return state;
  }
}
