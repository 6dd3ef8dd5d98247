package dev.iotjobs.api.runtime;

import dev.iotjobs.api.execution.Executions;
import org.slf4j.MDC;

/**
 * What a log event is about, as MDC fields (namespace, job, thing, execution) for the lines logged while it is open:
 * JSON logs carry them as fields; the text form's messages name them already. Null values are left out.
 */
public final class LogContext implements AutoCloseable {
  private static final String[] KEYS = {"namespace", "job", "thing", "execution"};

  private LogContext() {}

  public static LogContext of(String namespace, String job, String thing) {
    put("namespace", namespace);
    put("job", job);
    put("thing", thing);
    put("execution", job != null && thing != null && !"$next".equals(job) ? Executions.name(job, thing) : null);
    return new LogContext();
  }

  private static void put(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
    }
  }

  @Override
  public void close() {
    for (String key : KEYS) {
      MDC.remove(key);
    }
  }
}
