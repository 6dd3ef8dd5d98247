package dev.iotjobs.operator.jobs;

import dev.iotjobs.api.model.JobExecution;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A job's executions for one reconcile, read from the cache again only after the operator wrote an execution: each
 * read walks every execution of the job, and a reconcile used to read about eleven times (at 10,000 executions 44% of
 * the operator's CPU, docs/benchmarks.md). Changes others make meanwhile (the bridge's writes) wake the job again and
 * are seen by the next reconcile, as before.
 */
final class ExecutionReads {
  private final Supplier<List<JobExecution>> source;
  private final LongSupplier writes;
  private List<JobExecution> read;
  private long writesWhenRead;

  ExecutionReads(Supplier<List<JobExecution>> source, LongSupplier writes) {
    this.source = source;
    this.writes = writes;
  }

  List<JobExecution> get() {
    long now = writes.getAsLong();
    if (read == null || now != writesWhenRead) {
      writesWhenRead = now; // taken before the read: a write that lands during it makes the next get read again
      read = source.get();
    }
    return read;
  }
}
