package app.billing.local;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping the stack: the HTTP API takes no more requests (those in progress finish), then the
 * event source lets its batch in progress finish, then the engines stop in reverse order of start
 * (dynalite last). What is still queued stays on disk for the next start.
 */
final class StackShutdown {
  private static final Logger log = LoggerFactory.getLogger(StackShutdown.class);

  private StackShutdown() {}

  /** Puts {@code first} (the HTTP API) first and the rest in reverse order of start. */
  static void orderForStop(List<AutoCloseable> resources, AutoCloseable first) {
    resources.remove(first);
    Collections.reverse(resources);
    resources.addFirst(first);
  }

  /** Closes each resource in order; a failure is logged and the next one still closed. */
  static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : List.copyOf(resources)) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("failed to stop {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
    resources.clear();
  }

  /** {@code bin/local}: prints the banner and runs until Ctrl-C, which stops the stack. */
  static void runUntilStopped(LocalStack stack) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println(
                      "\nStopping the local stack: no new requests, finishing the events in progress…");
                  long stopping = System.nanoTime();
                  stack.close();
                  System.out.printf(
                      "Stopped in %.1f s; queued events are kept in %s%n",
                      (System.nanoTime() - stopping) / 1e9,
                      stack.info().dataDir().resolve(LocalStack.QUEUE_DIR));
                  System.out.flush();
                  stopped.countDown();
                },
                "local-stack-shutdown"));
    System.out.println(stack.banner());
    System.out.flush();
    stopped.await();
  }
}
