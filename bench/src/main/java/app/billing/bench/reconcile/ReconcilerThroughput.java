package app.billing.bench.reconcile;

import app.billing.core.catalog.Catalog;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.reconcile.CheckpointStore;
import app.billing.core.reconcile.ReconcileReport;
import app.billing.core.reconcile.ReconcilerCheckpoint;
import app.billing.core.reconcile.ReconcilerService;
import app.billing.core.reconcile.ReconcilerSettings;
import app.billing.local.stripe.LocalStripe;
import app.billing.reconciler.adapter.StripeEventsAdapter;
import app.billing.sqs.SqsEventQueue;
import app.billing.testkit.EmbeddedSqs;
import com.stripe.StripeClient;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reconciler against the local Stripe stand-in: {@code customers} customers, each with {@code
 * updates} {@code customer.updated} events (a handled type) that no webhook received, then one
 * reconciler run (the function's service, Stripe adapter and SQS queue adapter) at the pace {@code
 * rate} (requests per second; Stripe test mode allows 25) onto an ElasticMQ FIFO queue, with the
 * checkpoint in memory (one GetItem and one PutItem per slice on AWS). Prints one {@code RECONCILER
 * ...} line and writes a markdown report.
 *
 * <pre>
 * java -cp ... app.billing.bench.reconcile.ReconcilerThroughput customers=180 updates=10 rate=25 report=out.md
 * </pre>
 */
public final class ReconcilerThroughput {
  private ReconcilerThroughput() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        new java.util.HashMap<>(
            Map.of("customers", "180", "updates", "10", "rate", "25", "rateLimited", "0"));
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int customers = Integer.parseInt(options.get("customers"));
    int updates = Integer.parseInt(options.get("updates"));
    int rate = Integer.parseInt(options.get("rate"));
    int rateLimited = Integer.parseInt(options.get("rateLimited"));
    Path dir = Files.createTempDirectory("reconciler-bench");
    Clock clock = Clock.systemUTC();
    try (LocalStripe stripe =
            LocalStripe.start(
                Catalog.fromResource(Catalog.RESOURCE),
                "http://127.0.0.1:1",
                URI.create("http://127.0.0.1:1/webhooks/stripe"),
                "whsec_bench",
                dir.resolve("stripe.json"),
                clock);
        EmbeddedSqs sqs = EmbeddedSqs.start()) {
      StripeClient client =
          StripeClient.builder().setApiKey("sk_test_bench").setApiBase(stripe.apiBase()).build();
      long seedStart = System.nanoTime();
      seed(client, customers, updates);
      double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
      // Every event is older than the run, as after an outage.
      Thread.sleep(1_100);

      String queueUrl =
          sqs.createFifoQueueWithDlq("bench-events.fifo", "bench-events-dlq.fifo", 5, 60)
              .queueUrl();
      StripeEventsAdapter events = new StripeEventsAdapter(client, rate, 5);
      AtomicReference<ReconcilerCheckpoint> checkpoint = new AtomicReference<>();
      CheckpointStore memory =
          new CheckpointStore() {
            @Override
            public Optional<ReconcilerCheckpoint> load() {
              return Optional.ofNullable(checkpoint.get());
            }

            @Override
            public void save(ReconcilerCheckpoint saved) {
              checkpoint.set(saved);
            }
          };
      ReconcilerService service =
          new ReconcilerService(
              events,
              new SqsEventQueue(sqs.client(), queueUrl),
              memory,
              new ReconcilerSettings(
                  HandledEventTypes.ALL, Duration.ofMinutes(10), Duration.ofHours(72), 100, true),
              clock);
      if (rateLimited > 0) {
        stripe.rateLimitNext(rateLimited, "/v1/events");
      }
      long start = System.nanoTime();
      ReconcileReport report = service.run(Instant.now().plus(Duration.ofMinutes(15)));
      double seconds = (System.nanoTime() - start) / 1e9;

      int total = customers * updates;
      String line =
          String.format(
              Locale.ROOT,
              "RECONCILER customers=%d events=%d enqueued=%d pages=%d stripeCalls=%d retried429=%d seconds=%.2f "
                  + "events/s=%.0f callsPerEvent=%.4f seedSeconds=%.1f rate=%d",
              customers,
              total,
              report.eventsEnqueued(),
              report.pages(),
              events.calls(),
              events.rateLimitedCalls(),
              seconds,
              report.eventsEnqueued() / seconds,
              events.calls() / (double) Math.max(1, report.eventsEnqueued()),
              seedSeconds,
              rate);
      System.err.println(line);
      if (report.eventsEnqueued() != total) {
        throw new IllegalStateException(
            "enqueued " + report.eventsEnqueued() + " of " + total + " events");
      }
      String file = options.get("report");
      if (file != null) {
        Files.writeString(
            Path.of(file),
            "| customers | events | Stripe calls | 429 retried | seconds | events/s | calls/event |\n"
                + "|---|---|---|---|---|---|---|\n"
                + String.format(
                    Locale.ROOT,
                    "| %d | %d | %d | %d | %.2f | %.0f | %.4f |%n",
                    customers,
                    total,
                    events.calls(),
                    events.rateLimitedCalls(),
                    seconds,
                    report.eventsEnqueued() / seconds,
                    events.calls() / (double) Math.max(1, report.eventsEnqueued())));
      }
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Customers and their updates, created through the stand-in's API on a few threads. */
  private static void seed(StripeClient client, int customers, int updates) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < customers; c++) {
        int n = c;
        done.add(
            pool.submit(
                () -> {
                  String id =
                      client
                          .v1()
                          .customers()
                          .create(
                              CustomerCreateParams.builder()
                                  .setEmail("c" + n + "@bench.example")
                                  .build())
                          .getId();
                  for (int u = 0; u < updates; u++) {
                    client
                        .v1()
                        .customers()
                        .update(
                            id, CustomerUpdateParams.builder().setName("C" + n + " v" + u).build());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir
    }
  }
}
