package dev.iotjobs.api.runtime;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * OkHttp's dispatcher executor: a call asked for from inside {@link #runHere} runs on the thread that asked, because
 * that thread would only wait for its answer; every other call (watches, JOSDK's reads, retries after a backoff) runs
 * on a pool as OkHttp's own executor does. A status write or a create through the pool took two thread hand-overs
 * there (the call, then its body on another pooled thread) and one back, each a wake-up in the kernel: the bridge
 * spent a third of its CPU in the kernel, most of it in futex calls (docs/benchmarks.md).
 */
final class WaitingCallerExecutor extends AbstractExecutorService {
  private static final ThreadLocal<Boolean> WAITING = ThreadLocal.withInitial(() -> Boolean.FALSE);
  private final ExecutorService pool;

  WaitingCallerExecutor() {
    AtomicInteger threads = new AtomicInteger();
    // as OkHttp's Dispatcher builds its own
    this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
      Thread thread = new Thread(task, "OkHttp Dispatcher " + threads.incrementAndGet());
      thread.setDaemon(false);
      return thread;
    });
  }

  /**
   * Asks for calls whose tasks may run on this thread, which then waits for their answers: the tasks run before this
   * returns, so only the waiting itself must follow. Nested use keeps the outer one's setting.
   */
  static <T> T runHere(Supplier<T> asking) {
    if (WAITING.get()) {
      return asking.get();
    }
    WAITING.set(Boolean.TRUE);
    try {
      return asking.get();
    } finally {
      WAITING.set(Boolean.FALSE);
    }
  }

  @Override
  public void execute(Runnable task) {
    if (WAITING.get() && !pool.isShutdown()) {
      task.run();
    } else {
      pool.execute(task);
    }
  }

  @Override
  public void shutdown() {
    pool.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return pool.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(timeout, unit);
  }
}
