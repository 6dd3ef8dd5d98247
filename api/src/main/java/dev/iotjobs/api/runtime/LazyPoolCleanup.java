package dev.iotjobs.api.runtime;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.RealConnectionPool;

/**
 * OkHttp connection pools whose clean-up (closing connections idle past their keep-alive, or beyond the number kept)
 * runs at most {@link #LAG} after it is due, instead of at once after every call.
 *
 * <p>OkHttp schedules its pool's clean-up to run immediately whenever a call hands its connection back, which wakes
 * the clean-up thread once per call: a tenth of a millisecond of CPU per execution in the bridge, half of it in the
 * kernel, to find nothing to close. Here the clean-up thread is not woken when a task is scheduled; it looks for due
 * tasks when it wakes by itself, at the latest every {@link #LAG}. Only this pool's clean-up runs on this task runner
 * (OkHttp's HTTP/2 and WebSocket tasks stay on its own), so a late clean-up is all that changes: an idle connection
 * lives at most {@link #LAG} longer than its keep-alive.
 *
 * <p>{@code okhttp3.internal} is OkHttp's own API, public in its bytecode: tests build a pool through it
 * ({@code LazyPoolCleanupTest}), so an OkHttp upgrade that changes it fails the build, not a process.
 */
final class LazyPoolCleanup implements TaskRunner.Backend {
  static final Duration LAG = Duration.ofSeconds(1);
  private static final TaskRunner RUNNER = new TaskRunner(new LazyPoolCleanup());
  private final ThreadPoolExecutor threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
      new SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, "OkHttp pool clean-up");
        thread.setDaemon(true);
        return thread;
      });

  private LazyPoolCleanup() {}

  static ConnectionPool pool(int maxIdleConnections, Duration keepAlive) {
    return new ConnectionPool(new RealConnectionPool(RUNNER, maxIdleConnections, keepAlive.toNanos(),
        TimeUnit.NANOSECONDS));
  }

  @Override
  public void beforeTask(TaskRunner taskRunner) {
    // nothing to set up: RealBackend does nothing here either
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  /** Not woken: the waiting thread finds the task when it wakes by itself, within {@link #LAG}. */
  @Override
  public void coordinatorNotify(TaskRunner taskRunner) {
    // deliberately nothing (see the class comment)
  }

  /**
   * Called holding the runner's lock, as OkHttp's own backend: waits until the next task is due, or {@link #LAG}. An
   * interrupt reaches the runner, which cancels its tasks (the interface is Kotlin's, without a throws clause).
   */
  @Override
  public void coordinatorWait(TaskRunner taskRunner, long nanos) {
    long wait = Math.min(nanos, LAG.toNanos());
    if (wait > 0) {
      try {
        taskRunner.wait(wait / 1_000_000L, (int) (wait % 1_000_000L));
      } catch (InterruptedException e) {
        throw LazyPoolCleanup.<RuntimeException>unchecked(e);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T unchecked(Throwable e) throws T {
    throw (T) e;
  }

  @Override
  public void execute(Runnable runnable) {
    threads.execute(runnable);
  }
}
