package app.billing.core.priming;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * SnapStart priming, the same way for every function: a {@link Primer} runs what a first request
 * would run (parsing, signature checks, serialization, templates, SDK request marshalling) right
 * before Lambda snapshots the initialised function, so restored copies start with those classes
 * loaded and warm; and it gets a hook after each restore.
 *
 * <p>Register from the handler's production (no-argument) path, once per class loader: {@code
 * Priming.register("webhook", new WebhookPriming(...))}. Outside SnapStart (tests, local stack,
 * {@code sam local}) org.crac's global context never calls the resources, so registering costs
 * nothing there.
 *
 * <p>A primer must have no side effects: no network call (no AWS or Stripe request leaves the
 * process), no write anywhere. Priming is best effort: a failing primer is logged and the snapshot
 * is still taken, since a cold path beats a failed deployment.
 *
 * <p>Priming is quiet: its canned requests are not traffic, so what they log ("request rejected",
 * "event processed", …) would only trip log-based alerts at every deploy. While a primer runs,
 * {@link #inProgress()} is true and the functions' logging set-up (billing-logback) drops every
 * line below ERROR, on every thread; the one line a priming leaves is "primed NAME for the snapshot
 * in N ms", or the warning that it failed.
 */
public final class Priming {
  private static final Logger log = LoggerFactory.getLogger(Priming.class);

  /**
   * org.crac holds resources weakly; these strong references keep them alive until the checkpoint.
   */
  private static final List<Resource> REGISTERED = new CopyOnWriteArrayList<>();

  /** How many primers are running (CRaC calls the resources one after the other: 0 or 1). */
  private static final AtomicInteger RUNNING = new AtomicInteger();

  /** What one function does before the snapshot and after each restore. */
  public interface Primer {
    /** Runs the first request's code paths on canned input, with no network call and no write. */
    void prime() throws Exception;

    /**
     * Refreshes what copies restored from one snapshot must not share (e.g. a cached connection, a
     * random seed kept by our own code). Default: nothing, since the primers open no connection and
     * the runtime reseeds {@link java.security.SecureRandom} on restore.
     */
    default void afterRestore() throws Exception {}
  }

  private Priming() {}

  /** True while a primer runs: what is logged then comes from canned requests, not traffic. */
  public static boolean inProgress() {
    return RUNNING.get() > 0;
  }

  /** Registers the primer with CRaC's global context and returns its resource. */
  public static Resource register(String name, Primer primer) {
    Resource resource = resource(name, primer);
    REGISTERED.add(resource);
    Core.getGlobalContext().register(resource);
    return resource;
  }

  /** The CRaC resource around a primer, unregistered (tests call its hooks directly). */
  public static Resource resource(String name, Primer primer) {
    return new PrimingResource(name, primer);
  }

  private record PrimingResource(String name, Primer primer) implements Resource {
    PrimingResource {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(primer, "primer");
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
      long start = System.nanoTime();
      Throwable failure = null;
      RUNNING.incrementAndGet();
      try {
        primer.prime();
      } catch (Exception | LinkageError e) {
        failure = e;
      } finally {
        RUNNING.decrementAndGet();
        MDC.clear();
      }
      if (failure == null) {
        log.info(
            "primed {} for the snapshot in {} ms", name, (System.nanoTime() - start) / 1_000_000);
      } else {
        log.warn("priming {} failed; the snapshot is taken unprimed", name, failure);
      }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
      try {
        primer.afterRestore();
      } catch (Exception e) {
        log.warn("after-restore hook of {} failed", name, e);
      }
    }
  }
}
