package app.billing.bench.throughput;

import app.billing.bench.Events;
import app.billing.bench.Events.Event;
import app.billing.webhook.handler.WebhookHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One sender thread of a phase: its share of the customers (every {@code senders}-th), story step
 * by story step, calling the webhook handler directly; paced when {@code rate > 0}.
 */
final class WebhookSender implements Runnable {
  /** Latencies above this (in microseconds, 10 minutes) are recorded as this. */
  static final long HIGHEST_MICROS = 600_000_000L;

  private final WebhookHandler webhook;
  private final List<List<Event>> stories;
  private final int thread;
  private final int senders;
  private final int rate;
  private final long start;

  /** Service times (the handler call alone), in nanoseconds. */
  long[] latencies = new long[0];

  /** Latency from the intended send time, in microseconds, 3 significant digits. */
  final Histogram intended = new Histogram(HIGHEST_MICROS, 3);

  int errors;

  WebhookSender(
      WebhookHandler webhook,
      List<List<Event>> stories,
      int thread,
      int senders,
      int rate,
      long start) {
    this.webhook = webhook;
    this.stories = stories;
    this.thread = thread;
    this.senders = senders;
    this.rate = rate;
    this.start = start;
  }

  @Override
  public void run() {
    List<List<Event>> mine = new ArrayList<>();
    for (int c = thread; c < stories.size(); c += senders) {
      mine.add(stories.get(c));
    }
    long[] lat = new long[mine.size() * Events.HANDLED_STORY.size()];
    int n = 0;
    // Per sender: one event every senders/rate seconds, offset so senders interleave.
    double intervalNanos = rate > 0 ? 1e9 * senders / rate : 0;
    long offset = rate > 0 ? (long) (1e9 * thread / rate) : 0;
    for (int step = 0; step < Events.HANDLED_STORY.size(); step++) {
      for (List<Event> story : mine) {
        long due = 0;
        if (rate > 0) {
          due = start + offset + (long) (n * intervalNanos);
          long wait;
          while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        Event event = story.get(step);
        APIGatewayV2HTTPEvent request = request(event.payload(), Events.sign(event.payload()));
        long t0 = System.nanoTime();
        var response = webhook.handleRequest(request, null);
        long end = System.nanoTime();
        lat[n++] = end - t0;
        // Open loop: the clock starts when the event was due, not when a late sender got to it.
        intended.recordValue(Math.min(HIGHEST_MICROS, (end - (rate > 0 ? due : t0)) / 1_000));
        if (response.getStatusCode() != 200) {
          errors++;
        }
      }
    }
    latencies = Arrays.copyOf(lat, n);
  }

  private static APIGatewayV2HTTPEvent request(String body, String signature) {
    var request = new APIGatewayV2HTTPEvent();
    request.setRouteKey("POST /webhooks/stripe");
    request.setRawPath("/webhooks/stripe");
    request.setHeaders(Map.of("content-type", "application/json", "stripe-signature", signature));
    request.setBody(body);
    request.setRequestContext(
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(
                APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
            .build());
    return request;
  }
}
