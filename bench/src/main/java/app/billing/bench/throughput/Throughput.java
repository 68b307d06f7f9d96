package app.billing.bench.throughput;

import app.billing.bench.Engines;
import app.billing.bench.Events;
import app.billing.bench.Events.Event;
import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.testkit.SqsEventSource;
import app.billing.webhook.handler.WebhookHandler;
import app.billing.webhook.handler.WebhookWiring;
import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Sustained bursts of signed Stripe webhooks through the real functions on the embedded engines:
 * {@link WebhookHandler} (built as {@link WebhookWiring} does in Lambda) → ElasticMQ FIFO queue →
 * {@link SqsEventSource} (Lambda's SQS event source mapping: batches of ≤ 10, one consumer) →
 * {@link ProvisioningHandler} → dynalite / SES stand-in / Stripe stand-in.
 *
 * <p>Load: synthetic customers, each replaying the 19 handled events of the fixture story in order
 * (its own ids, tenant and FIFO group), from {@code senders} threads that call the webhook handler
 * directly (no HTTP in front). Phases: a warm-up, a paced phase at {@code rate} events/s, and an
 * unpaced burst. Reports webhook latency percentiles, events/s applied to DynamoDB, and DynamoDB
 * round trips, Stripe and SES calls per event, by event type and story step.
 *
 * <p>Message groups: by default each customer is its own FIFO group, as the webhook decides (the
 * customer id), so a batch holds events of several customers and provisioning runs them in parallel
 * lanes ({@code FifoBatch}). {@code groups=N} rewrites the group id of every {@code SendMessage}
 * (an interceptor on the webhook's SQS client) to one of N groups; {@code groups=1} puts every
 * event in one group: the single-customer case, where FIFO order serialises everything.
 *
 * <p>Arguments ({@code name=value}): {@code warmup=20 paced=100 burst=100} (customers per phase),
 * {@code senders=2}, {@code rate=300}, {@code groups=0} (0 = one per customer), {@code
 * firstCustomer=0} (number of the first synthetic customer: a second run on the same engines needs
 * new ids, or SQS FIFO deduplication drops its events), {@code
 * report=bench/target/results/throughput.md}.
 */
public final class Throughput {
  private final Options options;
  private final Pipeline pipeline;
  private int nextCustomer;

  private Throughput(Options options, Pipeline pipeline) {
    this.options = options;
    this.pipeline = pipeline;
    this.nextCustomer = options.firstCustomer();
  }

  public static List<PhaseResult> run(Options options) throws Exception {
    try (Engines engines = Engines.start()) {
      return run(options, engines);
    }
  }

  /** On engines started by the caller (their queue must be empty). */
  public static List<PhaseResult> run(Options options, Engines engines) throws Exception {
    try (Pipeline pipeline = new Pipeline(options, engines);
        SqsEventSource source =
            new SqsEventSource(engines.sqs.client(), engines.queues.queueUrl(), pipeline.consumer)
                .start()) {
      Throughput bench = new Throughput(options, pipeline);
      List<PhaseResult> results = new ArrayList<>();
      results.add(bench.phase("warm-up", options.warmupCustomers(), 0));
      if (options.pacedCustomers() > 0) {
        results.add(bench.phase("paced", options.pacedCustomers(), options.rate()));
      }
      if (options.burstCustomers() > 0) {
        results.add(bench.phase("burst", options.burstCustomers(), 0));
      }
      for (int rate : options.rates()) {
        // Enough customers (19 events each) to offer `rate` events/s for `seconds`.
        int customers =
            (int) Math.ceil((double) rate * options.seconds() / Events.HANDLED_STORY.size());
        results.add(bench.phase("open-loop " + rate + "/s", customers, rate));
      }
      return results;
    }
  }

  private PhaseResult phase(String name, int customers, int rate) throws InterruptedException {
    List<List<Event>> stories = new ArrayList<>();
    Map<String, Integer> eventsByType = new TreeMap<>();
    List<String> tenants = new ArrayList<>();
    for (int i = 0; i < customers; i++) {
      tenants.add(Events.tenant(nextCustomer));
      List<Event> story = Events.customerStory(nextCustomer++);
      for (Event e : story) {
        pipeline.steps.put(e.id(), e.step().replace(".json", ""));
        eventsByType.merge(e.type(), 1, Integer::sum);
      }
      stories.add(story);
    }
    pipeline.engines.createTenants(tenants);
    int total = customers * Events.HANDLED_STORY.size();
    CallCounter dynamo = pipeline.dynamo;
    CallCounter stripe = pipeline.stripe;
    CallCounter ses = pipeline.ses;
    Pipeline.Consumer consumer = pipeline.consumer;
    dynamo.reset();
    stripe.reset();
    ses.reset();
    pipeline.engines.stripe.wireMock().resetRequests();
    long processedBefore = consumer.processed.get();
    long failedBefore = consumer.failed.get();
    long batchesBefore = consumer.batches.get();
    long messagesBefore = consumer.messages.get();
    long groupsBefore = consumer.groups.get();

    int senders = options.senders();
    long start = System.nanoTime();
    List<WebhookSender> work = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < senders; t++) {
      WebhookSender sender = new WebhookSender(pipeline.webhook, stories, t, senders, rate, start);
      work.add(sender);
      threads.add(Thread.ofPlatform().name("webhook-sender-" + t).start(sender));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long sendEnd = System.nanoTime();
    Histogram allIntended = new Histogram(WebhookSender.HIGHEST_MICROS, 3);
    for (WebhookSender sender : work) {
      allIntended.add(sender.intended);
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (consumer.processed.get() - processedBefore < total && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    long done = consumer.lastProcessedNanos;
    long applied = consumer.processed.get() - processedBefore;
    if (applied < total) {
      System.err.println(
          name + ": only " + applied + " of " + total + " events applied within 5 minutes");
    }

    long[] all = work.stream().flatMapToLong(s -> Arrays.stream(s.latencies)).sorted().toArray();
    double endToEnd = (done - start) / 1e9;
    Map<String, Long> sesByType = new TreeMap<>();
    ses.byType()
        .forEach(
            (type, ops) ->
                sesByType.put(type, ops.values().stream().mapToLong(Long::longValue).sum()));
    return new PhaseResult(
        name,
        total,
        rate,
        (sendEnd - start) / 1e9,
        endToEnd,
        applied / endToEnd,
        applied,
        total / ((sendEnd - start) / 1e9),
        PhaseResult.Percentiles.of(allIntended),
        micros(percentile(all, 50)),
        micros(percentile(all, 90)),
        micros(percentile(all, 99)),
        micros(all.length == 0 ? 0 : all[all.length - 1]),
        work.stream().mapToInt(s -> s.errors).sum(),
        consumer.failed.get() - failedBefore,
        dynamo.total(),
        dynamo.seconds(),
        stripe.total(),
        pipeline.engines.stripe.wireMock().getAllServeEvents().size(),
        ses.total(),
        eventsByType,
        dynamo.byType(),
        stripe.byType(),
        sesByType,
        dynamo.byStep(),
        stripe.byStep(),
        consumer.batches.get() - batchesBefore,
        consumer.messages.get() - messagesBefore,
        consumer.groups.get() - groupsBefore);
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static long micros(long nanos) {
    return nanos / 1_000;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    // Not closed: the JVM exits below, and dynalite's shutdown hook ends its process (ElasticMQ can
    // take a minute to stop while HTTP keep-alive connections linger).
    Engines engines = Engines.start();
    List<PhaseResult> results = run(options, engines);
    String report = ThroughputReport.markdown(options, results);
    Files.createDirectories(options.report().toAbsolutePath().getParent());
    Files.writeString(options.report(), report);
    if (options.json() != null) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("senders", options.senders());
      json.put("groups", options.groups());
      json.put("secondsPerRate", options.seconds());
      json.put("phases", results);
      Files.createDirectories(options.json().toAbsolutePath().getParent());
      Files.writeString(
          options.json(), new GsonBuilder().setPrettyPrinting().create().toJson(json));
    }
    System.err.println(report);
    for (PhaseResult r : results) {
      System.err.printf(
          Locale.ROOT,
          "THROUGHPUT groups=%d phase=%s events=%d events_per_s=%.0f p50_ms=%.1f "
              + "p99_ms=%.1f dynamo_per_event=%.2f stripe_per_event=%.2f messages_per_batch=%.1f "
              + "groups_per_batch=%.1f intended_p99_ms=%.1f applied=%d%n",
          options.groups(),
          r.name(),
          r.events(),
          r.eventsPerSecond(),
          r.p50() / 1000.0,
          r.p99() / 1000.0,
          r.dynamoPerEvent(),
          r.stripePerEvent(),
          r.messagesPerBatch(),
          r.groupsPerBatch(),
          r.intended().p99() / 1000.0,
          r.applied());
    }
    System.exit(0);
  }
}
