package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.tenant.ApiKeys;
import app.billing.core.tenant.TenantAdmin;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.LocalAws;
import app.billing.testkit.Ports;
import app.billing.testkit.StripeSignatures;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local stack stopped in the middle of a burst of signed events, by SIGKILL (a crash) or
 * SIGTERM (Ctrl-C), then started again on the same data dir: every event that was answered 2xx is
 * applied, none twice, and no email goes out twice. What got no answer is redelivered, as Stripe
 * would.
 */
class CrashRecoveryE2ET {
  private static final String WEBHOOK_SECRET = "whsec_e2eCrashRecoverySecret0123456789ab";
  private static final String DEMO_KEY = "bk_live_CrashRecoveryE2eDemoKey0123456789abcdefghij";
  private static final int EVENTS_PER_CUSTOMER = 120;

  /**
   * Stop once this many events were acknowledged: the queue holds waiting and in-flight messages
   * then.
   */
  private static final int STOP_AFTER_ACKNOWLEDGED = 60;

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** A tenant with its API key and the Stripe customer its checkout created. */
  record Customer(String tenantId, String apiKey, String customerId, JsonObject paidInvoiceEvent) {}

  /** One signed event of the burst: a paid invoice of its own, with a receipt amount of its own. */
  record BurstEvent(
      String eventId, String invoiceId, String receiptSubject, Customer customer, String payload) {}

  @Test
  void sigkillInTheMiddleOfABurstLosesNothingAcknowledged() {
    Outcome outcome = burstStopAndRestart("crash-sigkill", StackProcess::kill);
    // A kill can land after an email's guard is claimed and before SES accepts it: that email is
    // not repeated, but may be missing; at most the batches in progress are affected.
    assertThat(outcome.emailsMissing())
        .as("receipts missing after the kill")
        .isLessThanOrEqualTo(10);
  }

  @Test
  void sigtermInTheMiddleOfABurstFinishesWhatIsInProgressAndLosesNothing() {
    Outcome outcome =
        burstStopAndRestart(
            "crash-sigterm",
            stack -> {
              Duration took = stack.terminate();
              assertThat(stack.exitValue()).as(stack.output()).isIn(0, 130, 143);
              assertThat(took).as("stopping took").isLessThan(Duration.ofSeconds(20));
              assertThat(stack.output())
                  .contains("Stopping the local stack")
                  .contains("Stopped in");
              System.out.printf("SIGTERM: stopped in %d ms%n", took.toMillis());
            });
    assertThat(outcome.emailsMissing()).as("receipts missing after Ctrl-C").isZero();
  }

  record Outcome(int acknowledgedBeforeStop, int restoredAtStart, int emailsMissing) {}

  private static final Duration SEND_PAUSE = Duration.ofMillis(20);

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Outcome burstStopAndRestart(String name, java.util.function.Consumer<StackProcess> stop) {
    Path dir = Path.of("target", "e2e-data", name).toAbsolutePath();
    LocalData.deleteRecursively(dir);
    Path log = Path.of("target", "e2e-data", name + ".log").toAbsolutePath();
    try {
      java.nio.file.Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = Ports.free();
    Map<String, String> env =
        Map.of(
            "STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET,
            "BILLING_LOCAL_API_KEY", DEMO_KEY,
            "CHECKOUT_RATE_LIMIT", "100",
            "LOCAL_QUEUE_VISIBILITY_SECONDS", "5",
            "LOG_LEVEL", "INFO");

    List<BurstEvent> burst;
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    try (StackProcess first = StackProcess.start(dir, port, env, log)) {
      String base = first.baseUrl();
      Customer demo = subscribe(base, DemoTenant.TENANT_ID, DEMO_KEY);
      String secondKey;
      try (DynamoDbClient dynamo =
          LocalAws.configure(DynamoDbClient.builder(), first.dynamoEndpoint()).build()) {
        secondKey =
            new TenantAdmin(
                    new DynamoTenantStore(dynamo, LocalStack.TABLE_NAME),
                    new ApiKeys(),
                    Clock.systemUTC())
                .createTenant("tnt_second", "Second Company", "owner@second-company.example")
                .key()
                .apiKey();
      }
      Customer second = subscribe(base, "tnt_second", secondKey);
      burst = burst(List.of(demo, second));

      // The burst: four senders, as Stripe delivers concurrently; stopped once enough were
      // acknowledged.
      ExecutorService senders = Executors.newFixedThreadPool(4);
      AtomicInteger next = new AtomicInteger();
      CountDownLatch enoughAcknowledged = new CountDownLatch(1);
      for (int t = 0; t < 4; t++) {
        senders.submit(
            () -> {
              for (int i = next.getAndIncrement(); i < burst.size(); i = next.getAndIncrement()) {
                // Paced (at most ~200 events/s from the four senders), so that on an idle machine
                // the
                // stop still lands in the middle of the burst instead of after its last event.
                pause(SEND_PAUSE);
                BurstEvent event = burst.get(i);
                if (deliver(base, event.payload()) / 100 == 2) {
                  acknowledged.add(event.eventId());
                  if (acknowledged.size() >= STOP_AFTER_ACKNOWLEDGED) {
                    enoughAcknowledged.countDown();
                  }
                }
              }
            });
      }
      try {
        assertThat(enoughAcknowledged.await(WAIT.toSeconds(), TimeUnit.SECONDS))
            .as(STOP_AFTER_ACKNOWLEDGED + " events acknowledged")
            .isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      stop.accept(first);
      senders.shutdown();
      awaitTermination(senders);
    }
    Set<String> acknowledgedBeforeStop = Set.copyOf(acknowledged);
    assertThat(acknowledgedBeforeStop.size()).isBetween(STOP_AFTER_ACKNOWLEDGED, burst.size() - 1);

    try (StackProcess second = StackProcess.start(dir, port, env, log)) {
      String base = second.baseUrl();
      int restored = restoredCount(second.output());
      // Every acknowledged event is applied without anything being sent again.
      for (Customer customer : List.of(burst.getFirst().customer(), burst.getLast().customer())) {
        Set<String> expected =
            burst.stream()
                .filter(
                    e -> e.customer() == customer && acknowledgedBeforeStop.contains(e.eventId()))
                .map(BurstEvent::invoiceId)
                .collect(Collectors.toSet());
        await(
            "the acknowledged invoices of " + customer.tenantId(),
            () -> invoiceIds(base, customer),
            ids -> ids.containsAll(expected));
      }
      // Stripe retries what got no 2xx (and resends a few that did: duplicates change nothing).
      for (BurstEvent event : burst) {
        if (!acknowledgedBeforeStop.contains(event.eventId()) || event.eventId().endsWith("7")) {
          assertThat(deliver(base, event.payload())).isEqualTo(200);
        }
      }
      awaitDrained(base);

      int missing = 0;
      Map<String, Long> subjects = emailSubjects(base);
      for (Customer customer : List.of(burst.getFirst().customer(), burst.getLast().customer())) {
        List<String> ids = invoiceIdList(base, customer);
        List<String> expected =
            burst.stream()
                .filter(e -> e.customer() == customer)
                .map(BurstEvent::invoiceId)
                .toList();
        assertThat(ids)
            .as("payments of " + customer.tenantId())
            .doesNotHaveDuplicates()
            .containsAll(expected);
      }
      for (BurstEvent event : burst) {
        long sent = subjects.getOrDefault(event.receiptSubject(), 0L);
        assertThat(sent).as("receipts for " + event.eventId()).isLessThanOrEqualTo(1);
        missing += sent == 0 ? 1 : 0;
      }
      assertThat(queues(base).getAsJsonObject(LocalStack.DLQ_NAME).get("visible").getAsInt())
          .isZero();
      System.out.printf(
          "%s: %d of %d events acknowledged before the stop, %d messages restored at start, "
              + "all %d applied once, %d receipts missing, none twice%n",
          name, acknowledgedBeforeStop.size(), burst.size(), restored, burst.size(), missing);
      return new Outcome(acknowledgedBeforeStop.size(), restored, missing);
    }
  }

  // ------------------------------------------------------------------ the story before the burst

  /**
   * Checkout of Pro, paid on the stand-in's page: the tenant's customer, linked, with a paid
   * invoice event.
   */
  private Customer subscribe(String base, String tenantId, String apiKey) {
    HttpResponse<String> checkout =
        send(
            HttpRequest.newBuilder(URI.create(base + "/billing/checkout"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"plan\":\"pro\",\"billing_cycle\":\"monthly\"}")));
    assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(201);
    String checkoutUrl =
        JsonParser.parseString(checkout.body()).getAsJsonObject().get("checkout_url").getAsString();
    HttpResponse<String> pay =
        send(
            HttpRequest.newBuilder(URI.create(checkoutUrl + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(pay.statusCode()).isEqualTo(303);
    JsonObject subscription =
        await(
            "an active subscription for " + tenantId,
            () -> getJson(base + "/billing/subscription", apiKey).getAsJsonObject(),
            s -> "active".equals(s.get("status").getAsString()));
    String customerId = subscription.get("stripe_customer_id").getAsString();
    awaitDrained(base);
    JsonObject paid = null;
    for (JsonElement delivery : getJson(base + "/_local/events", null).getAsJsonArray()) {
      JsonObject event = delivery.getAsJsonObject().getAsJsonObject("event");
      if (event.get("type").getAsString().equals("invoice.paid")
          && customerId.equals(
              event
                  .getAsJsonObject("data")
                  .getAsJsonObject("object")
                  .get("customer")
                  .getAsString())) {
        paid = event;
      }
    }
    assertThat(paid).as("the invoice.paid event of " + customerId).isNotNull();
    return new Customer(tenantId, apiKey, customerId, paid);
  }

  /**
   * {@value #EVENTS_PER_CUSTOMER} paid invoices per customer, interleaved, each with an amount of
   * its own.
   */
  private static List<BurstEvent> burst(List<Customer> customers) {
    List<BurstEvent> events = new ArrayList<>();
    long created = Instant.now().getEpochSecond();
    for (int i = 0; i < EVENTS_PER_CUSTOMER; i++) {
      for (int c = 0; c < customers.size(); c++) {
        Customer customer = customers.get(c);
        int n = i * customers.size() + c;
        String eventId = String.format("evt_1Burst%02d%05d", c, n);
        String invoiceId = String.format("in_1Burst%02d%05d", c, n);
        long amount = 10_000 + n;
        JsonObject event = customer.paidInvoiceEvent().deepCopy();
        event.addProperty("id", eventId);
        event.addProperty("created", created);
        JsonObject invoice = event.getAsJsonObject("data").getAsJsonObject("object");
        invoice.addProperty("id", invoiceId);
        invoice.addProperty("number", "BURST-" + n);
        invoice.addProperty("billing_reason", "subscription_cycle");
        invoice.addProperty("amount_paid", amount);
        invoice.addProperty("amount_due", amount);
        invoice.addProperty("total", amount);
        invoice.addProperty("subtotal", amount);
        events.add(
            new BurstEvent(
                eventId,
                invoiceId,
                String.format("Your Acme receipt: $%d.%02d", amount / 100, amount % 100),
                customer,
                event.toString()));
      }
    }
    return events;
  }

  // ------------------------------------------------------------------ reading back over HTTP

  private Set<String> invoiceIds(String base, Customer customer) {
    return Set.copyOf(invoiceIdList(base, customer));
  }

  /** Every payment of the tenant, all pages. */
  private List<String> invoiceIdList(String base, Customer customer) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page =
          getJson(
                  base
                      + "/billing/payments?limit=100"
                      + (cursor == null
                          ? ""
                          : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                  customer.apiKey())
              .getAsJsonObject();
      page.getAsJsonArray("data")
          .forEach(p -> ids.add(p.getAsJsonObject().get("id").getAsString()));
      cursor = page.get("has_more").getAsBoolean() ? page.get("next_cursor").getAsString() : null;
    } while (cursor != null);
    return ids;
  }

  private Map<String, Long> emailSubjects(String base) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (JsonElement email : getJson(base + "/_local/emails", null).getAsJsonArray()) {
      counts.merge(email.getAsJsonObject().get("subject").getAsString(), 1L, Long::sum);
    }
    return counts;
  }

  private JsonObject queues(String base) {
    return getJson(base + "/_local/queues", null).getAsJsonObject();
  }

  private void awaitDrained(String base) {
    await(
        "the event queue to drain",
        () -> queues(base).getAsJsonObject(LocalStack.QUEUE_NAME),
        q -> q.get("visible").getAsInt() == 0 && q.get("in_flight").getAsInt() == 0);
  }

  private static int restoredCount(String output) {
    var m = java.util.regex.Pattern.compile("(\\d+) queued messages restored").matcher(output);
    int last = 0;
    while (m.find()) {
      last = Integer.parseInt(m.group(1));
    }
    return last;
  }

  // ------------------------------------------------------------------ HTTP

  /** Signed as Stripe signs; the status, or -1 when the stack went away before answering. */
  private int deliver(String base, String payload) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(base + "/webhooks/stripe"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json; charset=utf-8")
                  .header(
                      "Stripe-Signature",
                      StripeSignatures.header(
                          payload, WEBHOOK_SECRET, Instant.now().getEpochSecond()))
                  .POST(HttpRequest.BodyPublishers.ofString(payload))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException goneAway) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private JsonElement getJson(String url, String apiKey) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response = send(request);
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return JsonParser.parseString(response.body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static <T> T await(String what, Supplier<T> value, Predicate<T> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = value.get();
      if (condition.test(last)) {
        return last;
      }
      sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what + "; last value: " + last);
  }

  private static void awaitTermination(ExecutorService executor) {
    try {
      executor.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
