package dev.iotjobs.bridge.protocol;

import java.time.Instant;
import java.util.function.Consumer;

/** Test access to {@link InMemoryRepository} for one thing, t1, from other packages. */
public class InMemoryRepositoryAccess {
  private final InMemoryRepository repository = new InMemoryRepository().thing("t1");

  public ExecutionRepository repository() {
    return repository;
  }

  public void onChange(Consumer<String> listener) {
    repository.onChange = listener;
  }

  public void queue(String jobId, Instant at) {
    repository.queue(jobId, "t1", at);
  }

  public void delete(String jobId) {
    repository.delete(jobId, "t1");
  }
}
