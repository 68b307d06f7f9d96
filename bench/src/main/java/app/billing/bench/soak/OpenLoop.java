package app.billing.bench.soak;

import app.billing.bench.soak.SoakPlan.Event;
import app.billing.bench.soak.SoakPlan.Kind;
import app.billing.testkit.StripeSignatures;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Sends the plan open loop: event i is due at {@code start + i / rate}, sent then whatever the
 * answers before it, and its latency counts from that due time (no coordinated omission).
 */
final class OpenLoop {
  /**
   * Open loop, but bounded: past this many unanswered requests the sender would only measure
   * itself.
   */
  static final int MAX_OUTSTANDING = 4000;

  /** What the deliveries got back. Latencies in microseconds. */
  record Sent(
      int completed,
      int skippedOutstanding,
      double runSeconds,
      Map<String, Integer> statuses,
      Set<String> acknowledged,
      int invalidRefused,
      int invalidAccepted,
      int invalidOther,
      Histogram latency,
      Histogram service) {}

  private final ConcurrentHistogram latency = new ConcurrentHistogram(3);
  private final ConcurrentHistogram service = new ConcurrentHistogram(3);
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger invalidAccepted = new AtomicInteger();
  private final AtomicInteger invalidRefused = new AtomicInteger();
  private final AtomicInteger invalidOther = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger skippedOutstanding = new AtomicInteger();
  private final Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);

  static Sent run(StackHttp stack, SoakPlan plan, int rate, String secret)
      throws InterruptedException {
    return new OpenLoop().send(stack, plan, rate, secret);
  }

  private Sent send(StackHttp stack, SoakPlan plan, int rate, String secret)
      throws InterruptedException {
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < plan.slots(); i++) {
      long due = start + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (!outstanding.tryAcquire()) {
        skippedOutstanding.incrementAndGet();
        continue;
      }
      Kind kind = plan.kinds().get(i);
      Event event = plan.planned().get(i);
      String signature =
          StripeSignatures.header(
              event.payload(),
              kind == Kind.INVALID ? secret + "x" : secret,
              Instant.now().getEpochSecond());
      long sentAt = System.nanoTime();
      stack
          .deliver(event.payload(), signature)
          .whenComplete(
              (response, failure) -> {
                String status = failure != null ? "error" : String.valueOf(response.statusCode());
                answered(kind, event, status, due, sentAt);
              });
    }
    // Every request answered (or timed out) before the clock stops.
    outstanding.acquire(MAX_OUTSTANDING);
    outstanding.release(MAX_OUTSTANDING);
    double runSeconds = (System.nanoTime() - start) / 1e9;
    Map<String, Integer> counts = new HashMap<>();
    statuses.forEach((k, v) -> counts.put(k, v.get()));
    return new Sent(
        completed.get(),
        skippedOutstanding.get(),
        runSeconds,
        Map.copyOf(counts),
        Set.copyOf(acknowledged),
        invalidRefused.get(),
        invalidAccepted.get(),
        invalidOther.get(),
        latency.copy(),
        service.copy());
  }

  private void answered(Kind kind, Event event, String status, long due, long sentAt) {
    long now = System.nanoTime();
    outstanding.release();
    completed.incrementAndGet();
    latency.recordValue(Math.max(0, now - due) / 1000);
    service.recordValue(Math.max(0, now - sentAt) / 1000);
    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    if (kind == Kind.INVALID) {
      if ("400".equals(status)) {
        invalidRefused.incrementAndGet();
      } else if (status.startsWith("2")) {
        invalidAccepted.incrementAndGet();
      } else {
        invalidOther.incrementAndGet();
      }
    } else if (status.startsWith("2")) {
      acknowledged.add(event.eventId());
    }
  }
}
