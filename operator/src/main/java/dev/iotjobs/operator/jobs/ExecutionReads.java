package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.JobExecution;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A job's executions for one reconcile, read from JOSDK's cache again only after the operator wrote an execution.
 * Each read builds a set that hashes every execution of the job, and a reconcile used to read about eleven times: at
 * 10,000 executions that was 44% of the operator's CPU (docs/benchmarks.md). Changes others make meanwhile (the
 * bridge's writes) wake the job again and are seen by the next reconcile, as before.
 */
final class ExecutionReads {
  private final Context<IoTJob> context;
  private final LongSupplier writes;
  private List<JobExecution> read;
  private long writesWhenRead;

  ExecutionReads(Context<IoTJob> context, LongSupplier writes) {
    this.context = context;
    this.writes = writes;
  }

  List<JobExecution> get() {
    long now = writes.getAsLong();
    if (read == null || now != writesWhenRead) {
      writesWhenRead = now; // taken before the read: a write that lands during it makes the next get read again
      read = context.getSecondaryResourcesAsStream(JobExecution.class).toList();
    }
    return read;
  }
}
