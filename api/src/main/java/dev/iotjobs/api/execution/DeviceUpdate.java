package dev.iotjobs.api.execution;

import dev.iotjobs.api.model.ExecutionStatus;
import java.util.Map;

/**
 * What a device asks for on UpdateJobExecution, already parsed: {@code statusDetails} null means "keep",
 * {@code expectedVersion} null means "don't check", {@code stepTimeoutInMinutes} null means "leave the step timer",
 * -1 means "cancel it".
 */
public record DeviceUpdate(ExecutionStatus status, Map<String, String> statusDetails, Long expectedVersion,
    Long stepTimeoutInMinutes) {

  public static DeviceUpdate of(ExecutionStatus status) {
    return new DeviceUpdate(status, null, null, null);
  }
}
