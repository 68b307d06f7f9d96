package app.billing.bench.throughput;

import app.billing.bench.Engines;
import app.billing.bench.Events;
import app.billing.bench.Events.Event;
import app.billing.core.email.EmailComposer;
import app.billing.core.provisioning.ProvisioningService;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.provisioning.ProvisioningConfig;
import app.billing.provisioning.ProvisioningWiring;
import app.billing.provisioning.adapter.SesEmailSender;
import app.billing.provisioning.adapter.StripeApiGateway;
import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.sqs.SqsEventQueue;
import app.billing.testkit.LocalAws;
import app.billing.testkit.SqsEventSource;
import app.billing.webhook.StripeSignatureVerifier;
import app.billing.webhook.WebhookConfig;
import app.billing.webhook.WebhookService;
import app.billing.webhook.handler.WebhookHandler;
import app.billing.webhook.handler.WebhookWiring;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

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

  record Options(
      int warmupCustomers,
      int pacedCustomers,
      int burstCustomers,
      int senders,
      int rate,
      int groups,
      int firstCustomer,
      Path report,
      List<Integer> rates,
      int seconds,
      Path json) {
    static Options parse(String... args) {
      Map<String, String> values = new HashMap<>();
      for (String arg : args) {
        String[] kv = arg.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("expected name=value, got " + arg);
        }
        values.put(kv[0], kv[1]);
      }
      return new Options(
          Integer.parseInt(values.getOrDefault("warmup", "20")),
          Integer.parseInt(values.getOrDefault("paced", "100")),
          Integer.parseInt(values.getOrDefault("burst", "100")),
          Integer.parseInt(values.getOrDefault("senders", "2")),
          Integer.parseInt(values.getOrDefault("rate", "300")),
          Integer.parseInt(values.getOrDefault("groups", "0")),
          Integer.parseInt(values.getOrDefault("firstCustomer", "0")),
          Path.of(values.getOrDefault("report", "bench/target/results/throughput.md")),
          values.getOrDefault("rates", "").isBlank()
              ? List.of()
              : Arrays.stream(values.get("rates").split(","))
                  .map(String::trim)
                  .map(Integer::valueOf)
                  .toList(),
          Integer.parseInt(values.getOrDefault("seconds", "10")),
          values.containsKey("json") ? Path.of(values.get("json")) : null);
    }
  }

  /**
   * What one phase measured. Latencies in microseconds: {@code p50..max} are service times (the
   * handler call alone); {@code intended} is latency from each event's scheduled send time (paced
   * phases; for unpaced ones the same as the service time), which keeps the time an event waited
   * because the sender fell behind (coordinated omission).
   */
  record PhaseResult(
      String name,
      int events,
      int offeredRate,
      double sendSeconds,
      double endToEndSeconds,
      double eventsPerSecond,
      long applied,
      double acceptedPerSecond,
      Percentiles intended,
      long p50,
      long p90,
      long p99,
      long max,
      int webhookErrors,
      long failedBatchItems,
      long dynamoCalls,
      double dynamoSeconds,
      long stripeCalls,
      long stripeJournal,
      long sesCalls,
      Map<String, Integer> eventsByType,
      Map<String, Map<String, Long>> dynamoByType,
      Map<String, Map<String, Long>> stripeByType,
      Map<String, Long> sesByType,
      Map<String, Long> dynamoByStep,
      Map<String, Long> stripeByStep,
      long batches,
      long batchMessages,
      long batchGroups) {

    /** Latency percentiles in microseconds, from an HdrHistogram. */
    record Percentiles(long p50, long p90, long p99, long p999, long max, long count) {
      static Percentiles of(Histogram h) {
        return new Percentiles(
            h.getValueAtPercentile(50),
            h.getValueAtPercentile(90),
            h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9),
            h.getMaxValue(),
            h.getTotalCount());
      }
    }

    double dynamoPerEvent() {
      return (double) dynamoCalls / events;
    }

    double stripePerEvent() {
      return (double) stripeCalls / events;
    }

    /** Mean messages per SQS batch handed to provisioning. */
    double messagesPerBatch() {
      return batches == 0 ? 0 : (double) batchMessages / batches;
    }

    /** Mean distinct message groups (parallel lanes) per batch. */
    double groupsPerBatch() {
      return batches == 0 ? 0 : (double) batchGroups / batches;
    }
  }

  /** The SQS-triggered function as the event source sees it, counting what was applied. */
  private static final class Consumer implements Function<SQSEvent, SQSBatchResponse> {
    private final ProvisioningHandler handler;
    final AtomicLong processed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong messages = new AtomicLong();

    /** Distinct message groups per batch, summed: the lanes {@code FifoBatch} runs in parallel. */
    final AtomicLong groups = new AtomicLong();

    volatile long lastProcessedNanos;

    Consumer(ProvisioningHandler handler) {
      this.handler = handler;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
      batches.incrementAndGet();
      messages.addAndGet(event.getRecords().size());
      groups.addAndGet(
          event.getRecords().stream()
              .map(
                  m ->
                      m.getAttributes() == null
                          ? ""
                          : m.getAttributes().getOrDefault("MessageGroupId", ""))
              .distinct()
              .count());
      SQSBatchResponse response = handler.handleRequest(event, null);
      int failures =
          response.getBatchItemFailures() == null ? 0 : response.getBatchItemFailures().size();
      failed.addAndGet(failures);
      processed.addAndGet(event.getRecords().size() - failures);
      lastProcessedNanos = System.nanoTime();
      return response;
    }
  }

  private final Options options;
  private final Engines engines;
  private final Map<String, String> steps = new ConcurrentHashMap<>();
  private final CallCounter dynamo = new CallCounter(steps);
  private final CallCounter stripe = new CallCounter(steps);
  private final CallCounter ses = new CallCounter(steps);
  private final SqsClient webhookSqs;
  private final WebhookHandler webhook;
  private final Consumer consumer;
  private int nextCustomer;

  private Throughput(Options options, Engines engines) {
    this.options = options;
    this.engines = engines;
    this.nextCustomer = options.firstCustomer();
    Map<String, String> env = engines.functionEnvironment();
    // The SDK's default credential chain (used by the webhook's production wiring) reads these.
    System.setProperty("aws.accessKeyId", env.get("AWS_ACCESS_KEY_ID"));
    System.setProperty("aws.secretAccessKey", env.get("AWS_SECRET_ACCESS_KEY"));
    // WebhookWiring.fromEnvironment, keeping hold of the production SQS client to close it at the
    // end
    // (ElasticMQ waits for open connections when it stops).
    WebhookConfig webhookConfig = WebhookConfig.fromEnvironment(env);
    webhookSqs =
        options.groups() > 0
            ? regroupingClient(webhookConfig, options.groups())
            : SqsEventQueue.createClient(webhookConfig.region(), webhookConfig.sqsEndpoint());
    webhook =
        new WebhookHandler(
            new WebhookService(
                new StripeSignatureVerifier(
                    webhookConfig.webhookSecrets(),
                    StripeSignatureVerifier.DEFAULT_TOLERANCE,
                    Clock.systemUTC()),
                new SqsEventQueue(webhookSqs, webhookConfig.eventQueueUrl()),
                webhookConfig.maxBodyBytes()));

    // ProvisioningWiring.build, with counting interceptors on the clients and around the Stripe
    // gateway.
    ProvisioningConfig config = ProvisioningConfig.fromEnvironment(env);
    DynamoDbClient dynamoClient =
        LocalAws.configure(DynamoDbClient.builder(), engines.dynamoEndpoint())
            .overrideConfiguration(c -> c.addExecutionInterceptor(dynamo))
            .build();
    SesV2Client sesClient =
        LocalAws.configure(SesV2Client.builder(), engines.ses.endpoint())
            .overrideConfiguration(c -> c.addExecutionInterceptor(ses))
            .build();
    ProvisioningService service =
        new ProvisioningService(
            new DynamoBillingStore(
                dynamoClient,
                config.tableName(),
                DynamoBillingStore.DEFAULT_EMAIL_CLAIM_LEASE,
                config.auditRetention()),
            new CountingStripeGateway(
                new StripeApiGateway(ProvisioningWiring.stripeClient(config)), stripe),
            config.catalog(),
            new EmailComposer(config.email()),
            new SesEmailSender(sesClient, config.sesConfigurationSet()),
            Clock.systemUTC());
    consumer = new Consumer(new ProvisioningHandler(service));
  }

  /**
   * The webhook's production SQS client set-up ({@link SqsEventQueue#createClient}), plus an
   * interceptor that maps each message's group id (the customer) onto one of {@code groups} groups.
   */
  private static SqsClient regroupingClient(WebhookConfig config, int groups) {
    ExecutionInterceptor regroup =
        new ExecutionInterceptor() {
          @Override
          public SdkRequest modifyRequest(
              Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendMessageRequest send
                && send.messageGroupId() != null) {
              int group = Math.floorMod(send.messageGroupId().hashCode(), groups);
              return send.toBuilder().messageGroupId("bench-group-" + group).build();
            }
            return context.request();
          }
        };
    SqsClientBuilder builder =
        SqsClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(5)))
            .overrideConfiguration(
                o -> o.apiCallTimeout(Duration.ofSeconds(10)).addExecutionInterceptor(regroup));
    config.region().map(Region::of).ifPresent(builder::region);
    config.sqsEndpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public static List<PhaseResult> run(Options options) throws Exception {
    try (Engines engines = Engines.start()) {
      return run(options, engines);
    }
  }

  /** On engines started by the caller (their queue must be empty). */
  public static List<PhaseResult> run(Options options, Engines engines) throws Exception {
    {
      Throughput bench = new Throughput(options, engines);
      try (SqsEventSource source =
          new SqsEventSource(engines.sqs.client(), engines.queues.queueUrl(), bench.consumer)
              .start()) {
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
      } finally {
        bench.webhookSqs.close();
      }
    }
  }

  private PhaseResult phase(String name, int customers, int rate) throws InterruptedException {
    List<List<Event>> stories = new ArrayList<>();
    Map<String, Integer> eventsByType = new TreeMap<>();
    for (int i = 0; i < customers; i++) {
      List<Event> story = Events.customerStory(nextCustomer++);
      for (Event e : story) {
        steps.put(e.id(), e.step().replace(".json", ""));
        eventsByType.merge(e.type(), 1, Integer::sum);
      }
      stories.add(story);
    }
    int total = customers * Events.HANDLED_STORY.size();
    dynamo.reset();
    stripe.reset();
    ses.reset();
    engines.stripe.wireMock().resetRequests();
    long processedBefore = consumer.processed.get();
    long failedBefore = consumer.failed.get();
    long batchesBefore = consumer.batches.get();
    long messagesBefore = consumer.messages.get();
    long groupsBefore = consumer.groups.get();

    int senders = options.senders();
    long[][] latencies = new long[senders][];
    // Latency from the intended send time, in µs, up to 10 minutes, 3 significant digits.
    Histogram[] intended = new Histogram[senders];
    int[] errors = new int[senders];
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < senders; t++) {
      int thread = t;
      threads.add(
          Thread.ofPlatform()
              .name("webhook-sender-" + t)
              .start(
                  () -> {
                    List<List<Event>> mine = new ArrayList<>();
                    for (int c = thread; c < stories.size(); c += senders) {
                      mine.add(stories.get(c));
                    }
                    long[] lat = new long[mine.size() * Events.HANDLED_STORY.size()];
                    Histogram fromIntended = new Histogram(600_000_000L, 3);
                    int n = 0;
                    // Per sender: one event every senders/rate seconds, offset so senders
                    // interleave.
                    double intervalNanos = rate > 0 ? 1e9 * senders / rate : 0;
                    long offset = rate > 0 ? (long) (1e9 * thread / rate) : 0;
                    for (int step = 0; step < Events.HANDLED_STORY.size(); step++) {
                      for (List<Event> story : mine) {
                        long due = 0;
                        if (rate > 0) {
                          due = start + offset + (long) (n * intervalNanos);
                          long wait;
                          while ((wait = due - System.nanoTime()) > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                          }
                        }
                        Event event = story.get(step);
                        APIGatewayV2HTTPEvent request =
                            request(event.payload(), Events.sign(event.payload()));
                        long t0 = System.nanoTime();
                        var response = webhook.handleRequest(request, null);
                        long end = System.nanoTime();
                        lat[n++] = end - t0;
                        // Open loop: the clock starts when the event was due, not when a late
                        // sender got to it.
                        fromIntended.recordValue(
                            Math.min(600_000_000L, (end - (rate > 0 ? due : t0)) / 1_000));
                        if (response.getStatusCode() != 200) {
                          errors[thread]++;
                        }
                      }
                    }
                    latencies[thread] = Arrays.copyOf(lat, n);
                    intended[thread] = fromIntended;
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long sendEnd = System.nanoTime();
    Histogram allIntended = new Histogram(600_000_000L, 3);
    for (Histogram h : intended) {
      allIntended.add(h);
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

    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
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
        Arrays.stream(errors).sum(),
        consumer.failed.get() - failedBefore,
        dynamo.total(),
        dynamo.seconds(),
        stripe.total(),
        engines.stripe.wireMock().getAllServeEvents().size(),
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

  // --- report ---

  static String report(Options options, List<PhaseResult> results) {
    StringBuilder md = new StringBuilder();
    md.append("## Throughput: webhook → SQS FIFO → provisioning (1 consumer) → DynamoDB — ")
        .append(groupsLabel(options))
        .append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%d sender threads calling WebhookHandler in-process; customers "
                + "replay the 19-event fixture story; dynalite, ElasticMQ, SES and Stripe stand-ins on loopback. "
                + "Message groups: %s.%n%n",
            options.senders(),
            groupsLabel(options)));
    md.append(
        "| phase | customers | events | offered/s | webhook accepted/s | events/s applied to DynamoDB | webhook p50 | p90 "
            + "| p99 | max | webhook errors | failed items | batches: messages / groups (lanes) per batch "
            + "| DynamoDB round trips/event | Stripe calls/event (journal) |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (PhaseResult r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %.0f | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d "
                  + "| %d | %d: %.1f / %.1f | %.2f | %.2f (%d) |%n",
              r.name(),
              r.events() / Events.HANDLED_STORY.size(),
              r.events(),
              r.offeredRate() > 0 ? String.valueOf(r.offeredRate()) : "unpaced",
              r.events() / r.sendSeconds(),
              r.eventsPerSecond(),
              r.p50() / 1000.0,
              r.p90() / 1000.0,
              r.p99() / 1000.0,
              r.max() / 1000.0,
              r.webhookErrors(),
              r.failedBatchItems(),
              r.batches(),
              r.messagesPerBatch(),
              r.groupsPerBatch(),
              r.dynamoPerEvent(),
              r.stripePerEvent(),
              r.stripeJournal()));
    }
    List<PhaseResult> openLoop =
        results.stream().filter(r -> r.name().startsWith("open-loop")).toList();
    if (!openLoop.isEmpty()) {
      md.append("\n### Open-loop webhook latency (from each event's intended send time)\n\n");
      md.append(
          "| offered/s | events | accepted/s | p50 | p99 | p99.9 | max | service time p50 / p99 | applied/s "
              + "| errors |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (PhaseResult r : openLoop) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %d | %d | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms "
                    + "| %.1f / %.1f ms | %.0f | %d |%n",
                r.offeredRate(),
                r.events(),
                r.acceptedPerSecond(),
                r.intended().p50() / 1000.0,
                r.intended().p99() / 1000.0,
                r.intended().p999() / 1000.0,
                r.intended().max() / 1000.0,
                r.p50() / 1000.0,
                r.p99() / 1000.0,
                r.eventsPerSecond(),
                r.webhookErrors()));
      }
    }
    md.append(
        "\nDynamoDB time on the wire (request sent → answer read), per round trip and summed over all "
            + "round trips as a share of the end-to-end time of the phase (above 100 % when lanes overlap): ");
    md.append(
            results.stream()
                .map(
                    r ->
                        String.format(
                            Locale.ROOT,
                            "%s %.2f ms, %.0f%%",
                            r.name(),
                            1000.0 * r.dynamoSeconds() / Math.max(1, r.dynamoCalls()),
                            100.0 * r.dynamoSeconds() / r.endToEndSeconds()))
                .collect(Collectors.joining("; ")))
        .append(".\n");
    // The call counts describe the last closed phase (burst); open-loop phases only add latency.
    PhaseResult last =
        results.stream()
            .filter(r -> !r.name().startsWith("open-loop"))
            .reduce((x, y) -> y)
            .orElse(results.get(results.size() - 1));
    md.append("\n### Calls per event, by event type (").append(last.name()).append(" phase)\n\n");
    md.append(
        "| event type | events | DynamoDB round trips/event | by operation (per event) | Stripe calls/event "
            + "| SES sends/event |\n|---|---:|---:|---|---:|---:|\n");
    last.eventsByType()
        .forEach(
            (type, count) -> {
              Map<String, Long> ops = last.dynamoByType().getOrDefault(type, Map.of());
              long dynamoCalls = ops.values().stream().mapToLong(Long::longValue).sum();
              long stripeCalls =
                  last.stripeByType().getOrDefault(type, Map.of()).values().stream()
                      .mapToLong(Long::longValue)
                      .sum();
              String byOp =
                  ops.entrySet().stream()
                      .map(e -> e.getKey() + " " + fmt((double) e.getValue() / count))
                      .collect(Collectors.joining(", "));
              md.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %d | %.2f | %s | %.2f | %.2f |%n",
                      type,
                      count,
                      (double) dynamoCalls / count,
                      byOp,
                      (double) stripeCalls / count,
                      (double) last.sesByType().getOrDefault(type, 0L) / count));
            });
    Map<String, Map<String, Long>> unattributed = new LinkedHashMap<>();
    if (last.dynamoByType().containsKey(CallCounter.NO_EVENT)) {
      unattributed.put("DynamoDB", last.dynamoByType().get(CallCounter.NO_EVENT));
    }
    if (!unattributed.isEmpty()) {
      md.append("\nCalls outside any event (e.g. set-up): ").append(unattributed).append('\n');
    }
    md.append("\n### Calls per story step (")
        .append(last.name())
        .append(" phase, per customer)\n\n");
    md.append("| story step | DynamoDB round trips | Stripe calls |\n|---|---:|---:|\n");
    int customers = last.events() / Events.HANDLED_STORY.size();
    for (String step : Events.HANDLED_STORY) {
      String key = step.replace(".json", "");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s |%n",
              key,
              fmt((double) last.dynamoByStep().getOrDefault(key, 0L) / customers),
              fmt((double) last.stripeByStep().getOrDefault(key, 0L) / customers)));
    }
    return md.toString();
  }

  static String groupsLabel(Options options) {
    return switch (options.groups()) {
      case 0 -> "one per customer (as the webhook sets them)";
      case 1 -> "every event in one group (single customer)";
      default -> options.groups() + " groups shared by the customers";
    };
  }

  private static String fmt(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    // Not closed: the JVM exits below, and dynalite's shutdown hook ends its process (ElasticMQ can
    // take a
    // minute to stop while HTTP keep-alive connections linger).
    Engines engines = Engines.start();
    List<PhaseResult> results = run(options, engines);
    String report = report(options, results);
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
