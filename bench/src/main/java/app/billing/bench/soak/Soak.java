package app.billing.bench.soak;

import app.billing.bench.stack.JvmSampler;
import app.billing.bench.stack.LocalStackProcess;
import app.billing.core.tenant.ApiKeys;
import app.billing.core.tenant.TenantAdmin;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.local.LocalStack;
import app.billing.testkit.LocalAws;
import app.billing.testkit.Ports;
import app.billing.testkit.StripeSignatures;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Soak: sustained signed webhook traffic against the local stack's HTTP API, the stack in a JVM of
 * its own on a fresh data dir. Open loop: event i is due at {@code start + i / rate}, sent then
 * whatever the answers before it, and its latency counts from that due time (no coordinated
 * omission). Of the deliveries, {@code duplicates} re-send an event already sent (same id, signed
 * anew, as Stripe retries) and {@code invalid} are new events signed with a wrong secret. The
 * events are {@code invoice.paid} of {@code tenants} tenants whose customers were linked by a
 * checkout paid in the Stripe stand-in, each with an invoice id and an amount of its own. After the
 * queue drains: every event answered 2xx is a payment of its tenant ({@code GET /billing/payments})
 * exactly once, no invalid one is, each receipt email was sent once ({@code GET /_local/emails}).
 * Heap used and live threads of the stack's JVM are sampled every {@code sample} seconds. Prints
 * one {@code SOAK ...} line; exits 1 when anything acknowledged was lost or anything was applied or
 * sent twice.
 *
 * <p>Arguments ({@code key=value}): seconds (60), rate (50 deliveries/s), tenants (10), duplicates
 * (0.10), invalid (0.05), sample (10 s), seed (1), dir (data dir, wiped first), report (Markdown
 * file), log.
 */
public final class Soak {
  private static final String API_KEY_PREFIX = "bk_live_";
  private static final Duration DRAIN_TIMEOUT_MIN = Duration.ofSeconds(180);

  /**
   * Open loop, but bounded: past this many unanswered requests the sender would only measure
   * itself.
   */
  private static final int MAX_OUTSTANDING = 4000;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .executor(Executors.newFixedThreadPool(8))
          .build();

  record Customer(String tenantId, String apiKey, String customerId, JsonObject paidInvoiceEvent) {}

  /** One event: its payload, invoice and receipt amount. */
  record Event(String eventId, String invoiceId, long amount, Customer customer, String payload) {}

  enum Kind {
    NEW,
    DUPLICATE,
    INVALID
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("arguments are key=value, not " + arg);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
    int rate = Integer.parseInt(a.getOrDefault("rate", "50"));
    int tenants = Integer.parseInt(a.getOrDefault("tenants", "10"));
    double duplicates = Double.parseDouble(a.getOrDefault("duplicates", "0.10"));
    double invalid = Double.parseDouble(a.getOrDefault("invalid", "0.05"));
    int sample = Integer.parseInt(a.getOrDefault("sample", "10"));
    long seed = Long.parseLong(a.getOrDefault("seed", "1"));
    Path dir = Path.of(a.getOrDefault("dir", "bench/target/run/soak-stack")).toAbsolutePath();
    Path report = Path.of(a.getOrDefault("report", "bench/target/results/soak.md"));
    Path log = Path.of(a.getOrDefault("log", dir + ".log"));
    if (seconds < 1
        || rate < 1
        || tenants < 1
        || duplicates < 0
        || invalid < 0
        || duplicates + invalid >= 1) {
      throw new IllegalArgumentException(
          "need seconds, rate, tenants >= 1 and duplicates + invalid < 1");
    }
    Result result =
        new Soak().run(seconds, rate, tenants, duplicates, invalid, sample, seed, dir, log);
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, result.markdown());
    System.err.println(result.summaryLine());
    System.exit(result.ok() ? 0 : 1);
  }

  Result run(
      int seconds,
      int rate,
      int tenantCount,
      double duplicateShare,
      double invalidShare,
      int samplePeriod,
      long seed,
      Path dir,
      Path log)
      throws Exception {
    LocalStackProcess.deleteRecursively(dir);
    Files.deleteIfExists(log);
    String secret = "whsec_" + randomToken(24);
    String demoKey = API_KEY_PREFIX + randomToken(32);
    Map<String, String> env =
        Map.of(
            "STRIPE_WEBHOOK_SECRET", secret,
            "BILLING_LOCAL_API_KEY", demoKey,
            "CHECKOUT_RATE_LIMIT", "100",
            "RECONCILE_INTERVAL_SECONDS", "0",
            "LOG_LEVEL", "WARN");
    try (LocalStackProcess stack =
        LocalStackProcess.start(dir, Ports.free(), env, List.of("-Xmx512m"), log)) {
      String base = stack.baseUrl();
      long setupStart = System.nanoTime();
      List<Customer> customers = new ArrayList<>();
      customers.add(subscribe(base, "tnt_demo", demoKey));
      try (DynamoDbClient dynamo =
          LocalAws.configure(DynamoDbClient.builder(), stack.dynamoEndpoint()).build()) {
        TenantAdmin admin =
            new TenantAdmin(
                new DynamoTenantStore(dynamo, LocalStack.TABLE_NAME),
                new ApiKeys(),
                Clock.systemUTC());
        for (int t = 1; t < tenantCount; t++) {
          String tenantId = String.format("tnt_soak%03d", t);
          String key =
              admin
                  .createTenant(tenantId, "Soak Company " + t, "owner@soak-" + t + ".example")
                  .key()
                  .apiKey();
          customers.add(subscribe(base, tenantId, key));
        }
      }
      awaitDrained(base, DRAIN_TIMEOUT_MIN);
      int emailsBefore = getJson(base + "/_local/emails", null).getAsJsonArray().size();
      double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

      // The plan, fixed before the clock starts: what each slot sends.
      int slots = seconds * rate;
      Random random = new Random(seed);
      List<Kind> kinds = new ArrayList<>(slots);
      List<Event> planned = new ArrayList<>(slots);
      List<Event> news = new ArrayList<>();
      long created = Instant.now().getEpochSecond();
      for (int i = 0; i < slots; i++) {
        double r = random.nextDouble();
        Customer customer = customers.get(random.nextInt(customers.size()));
        if (r < invalidShare) {
          kinds.add(Kind.INVALID);
          planned.add(event(customer, "Bad", i, 900_000 + i, created));
        } else if (r < invalidShare + duplicateShare && !news.isEmpty()) {
          kinds.add(Kind.DUPLICATE);
          planned.add(news.get(random.nextInt(news.size())));
        } else {
          kinds.add(Kind.NEW);
          Event e = event(customer, "Soak", i, 10_000 + i, created);
          news.add(e);
          planned.add(e);
        }
      }

      ConcurrentHistogram latency = new ConcurrentHistogram(3);
      ConcurrentHistogram service = new ConcurrentHistogram(3);
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
      AtomicInteger invalidAccepted = new AtomicInteger();
      AtomicInteger invalidRefused = new AtomicInteger();
      AtomicInteger invalidOther = new AtomicInteger();
      AtomicInteger completed = new AtomicInteger();
      AtomicInteger skippedOutstanding = new AtomicInteger();
      Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);

      JvmSampler sampler = null;
      String samplerError = null;
      try {
        sampler = JvmSampler.attach(stack.pid());
      } catch (Exception e) {
        samplerError = e.toString();
      }
      if (sampler != null) {
        sampler.start(samplePeriod);
      }
      long period = 1_000_000_000L / rate;
      long start = System.nanoTime();
      for (int i = 0; i < slots; i++) {
        long due = start + i * period;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        if (!outstanding.tryAcquire()) {
          skippedOutstanding.incrementAndGet();
          continue;
        }
        Kind kind = kinds.get(i);
        Event event = planned.get(i);
        String signature =
            StripeSignatures.header(
                event.payload(),
                kind == Kind.INVALID ? secret + "x" : secret,
                Instant.now().getEpochSecond());
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(base + "/webhooks/stripe"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(event.payload()))
                .build();
        long sentAt = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
            .whenComplete(
                (response, failure) -> {
                  long now = System.nanoTime();
                  outstanding.release();
                  completed.incrementAndGet();
                  latency.recordValue(Math.max(0, now - due) / 1000);
                  service.recordValue(Math.max(0, now - sentAt) / 1000);
                  String status = failure != null ? "error" : String.valueOf(response.statusCode());
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
                });
      }
      // Every request answered (or timed out) before the clock stops.
      outstanding.acquire(MAX_OUTSTANDING);
      outstanding.release(MAX_OUTSTANDING);
      double runSeconds = (System.nanoTime() - start) / 1e9;
      JvmSampler.Sample endSample = sampler == null ? null : sampler.sample();

      long drainStart = System.nanoTime();
      Duration drainTimeout = DRAIN_TIMEOUT_MIN.plus(Duration.ofSeconds(seconds * 2L));
      boolean drained = awaitDrained(base, drainTimeout);
      double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
      List<JvmSampler.Sample> samples = sampler == null ? List.of() : sampler.samples();
      if (sampler != null) {
        sampler.close();
      }

      // Read back: payments per tenant, receipts, the DLQ.
      int lost = 0;
      int duplicateRecords = 0;
      int invalidApplied = 0;
      int unacknowledgedApplied = 0;
      Set<String> invalidInvoices = new HashSet<>();
      for (int i = 0; i < slots; i++) {
        if (kinds.get(i) == Kind.INVALID) {
          invalidInvoices.add(planned.get(i).invoiceId());
        }
      }
      for (Customer customer : customers) {
        List<String> ids = invoiceIds(base, customer);
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
          if (!seen.add(id)) {
            duplicateRecords++;
          }
          if (invalidInvoices.contains(id)) {
            invalidApplied++;
          }
        }
        for (Event e : news) {
          if (e.customer() == customer) {
            boolean applied = seen.contains(e.invoiceId());
            if (acknowledged.contains(e.eventId()) && !applied) {
              lost++;
            } else if (!acknowledged.contains(e.eventId()) && applied) {
              unacknowledgedApplied++;
            }
          }
        }
      }
      Map<String, Integer> emailCounts = new LinkedHashMap<>();
      JsonElement emails = getJson(base + "/_local/emails", null);
      int emailsAfter = emails.getAsJsonArray().size();
      for (JsonElement email : emails.getAsJsonArray()) {
        JsonObject o = email.getAsJsonObject();
        emailCounts.merge(
            o.get("to").getAsString() + " | " + o.get("subject").getAsString(), 1, Integer::sum);
      }
      int duplicateEmails = emailCounts.values().stream().mapToInt(n -> n - 1).sum();
      Map<String, Integer> bySuffix = new HashMap<>();
      emailCounts.forEach(
          (key, n) -> {
            int dollar = key.lastIndexOf('$');
            if (dollar >= 0) {
              bySuffix.merge(key.substring(dollar), n, Integer::sum);
            }
          });
      int receiptsMissing = 0;
      for (Event e : news) {
        if (acknowledged.contains(e.eventId()) && !bySuffix.containsKey(amountText(e.amount()))) {
          receiptsMissing++;
        }
      }
      JsonObject queues = getJson(base + "/_local/queues", null).getAsJsonObject();
      int dlq = queues.getAsJsonObject(LocalStack.DLQ_NAME).get("visible").getAsInt();

      int newSent = 0;
      int dupSent = 0;
      int invalidSent = 0;
      for (Kind k : kinds) {
        switch (k) {
          case NEW -> newSent++;
          case DUPLICATE -> dupSent++;
          case INVALID -> invalidSent++;
        }
      }
      return new Result(
          seconds,
          rate,
          customers.size(),
          duplicateShare,
          invalidShare,
          seed,
          setupSeconds,
          slots,
          newSent,
          dupSent,
          invalidSent,
          skippedOutstanding.get(),
          completed.get(),
          runSeconds,
          Map.copyOf(toInts(statuses)),
          acknowledged.size(),
          invalidRefused.get(),
          invalidAccepted.get(),
          invalidOther.get(),
          latency.copy(),
          service.copy(),
          drained,
          drainSeconds,
          lost,
          duplicateRecords,
          invalidApplied,
          unacknowledgedApplied,
          emailsAfter - emailsBefore,
          duplicateEmails,
          receiptsMissing,
          dlq,
          samples,
          endSample,
          samplerError,
          samplePeriod);
    }
  }

  private static Map<String, Integer> toInts(Map<String, AtomicInteger> m) {
    Map<String, Integer> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  static String amountText(long cents) {
    return String.format("$%d.%02d", cents / 100, cents % 100);
  }

  /** A paid invoice of {@code customer} with an id and amount of its own. */
  private static Event event(Customer customer, String tag, int n, long amount, long created) {
    String eventId = String.format("evt_1%s%07d", tag, n);
    String invoiceId = String.format("in_1%s%07d", tag, n);
    JsonObject event = customer.paidInvoiceEvent().deepCopy();
    event.addProperty("id", eventId);
    event.addProperty("created", created);
    JsonObject invoice = event.getAsJsonObject("data").getAsJsonObject("object");
    invoice.addProperty("id", invoiceId);
    invoice.addProperty("number", tag.toUpperCase() + "-" + n);
    invoice.addProperty("billing_reason", "subscription_cycle");
    invoice.addProperty("amount_paid", amount);
    invoice.addProperty("amount_due", amount);
    invoice.addProperty("total", amount);
    invoice.addProperty("subtotal", amount);
    return new Event(eventId, invoiceId, amount, customer, event.toString());
  }

  // ------------------------------------------------------------------ the customers, linked

  /**
   * Checkout of Pro paid on the stand-in's page: the tenant's customer, linked, and its
   * invoice.paid event.
   */
  private Customer subscribe(String base, String tenantId, String apiKey) throws Exception {
    HttpResponse<String> checkout =
        send(
            HttpRequest.newBuilder(URI.create(base + "/billing/checkout"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"plan\":\"pro\",\"billing_cycle\":\"monthly\"}")));
    if (checkout.statusCode() != 201) {
      throw new IllegalStateException(
          "checkout of " + tenantId + ": " + checkout.statusCode() + " " + checkout.body());
    }
    String checkoutUrl =
        JsonParser.parseString(checkout.body()).getAsJsonObject().get("checkout_url").getAsString();
    HttpResponse<String> pay =
        send(
            HttpRequest.newBuilder(URI.create(checkoutUrl + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()));
    if (pay.statusCode() != 303) {
      throw new IllegalStateException(
          "paying the checkout of " + tenantId + ": " + pay.statusCode());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String customerId = null;
    while (customerId == null) {
      JsonObject s = getJson(base + "/billing/subscription", apiKey).getAsJsonObject();
      if (s.has("status") && "active".equals(s.get("status").getAsString())) {
        customerId = s.get("stripe_customer_id").getAsString();
      } else if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no active subscription for " + tenantId + ": " + s);
      } else {
        Thread.sleep(100);
      }
    }
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
    if (paid == null) {
      throw new IllegalStateException("no invoice.paid event for " + customerId);
    }
    return new Customer(tenantId, apiKey, customerId, paid);
  }

  // ------------------------------------------------------------------ reading back over HTTP

  private List<String> invoiceIds(String base, Customer customer) throws Exception {
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

  private boolean awaitDrained(String base, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject q =
          getJson(base + "/_local/queues", null)
              .getAsJsonObject()
              .getAsJsonObject(LocalStack.QUEUE_NAME);
      if (q.get("visible").getAsInt() == 0 && q.get("in_flight").getAsInt() == 0) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  private JsonElement getJson(String url, String apiKey) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
    }
    return JsonParser.parseString(response.body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(b)
        .replace('-', 'a')
        .replace('_', 'b');
  }

  // ------------------------------------------------------------------ the result

  record Result(
      int seconds,
      int rate,
      int tenants,
      double duplicateShare,
      double invalidShare,
      long seed,
      double setupSeconds,
      int planned,
      int newSent,
      int duplicatesSent,
      int invalidSent,
      int skippedOutstanding,
      int completed,
      double runSeconds,
      Map<String, Integer> statuses,
      int acknowledged,
      int invalidRefused,
      int invalidAccepted,
      int invalidOther,
      Histogram latency,
      Histogram service,
      boolean drained,
      double drainSeconds,
      int lost,
      int duplicateRecords,
      int invalidApplied,
      int unacknowledgedApplied,
      int emailsSent,
      int duplicateEmails,
      int receiptsMissing,
      int dlq,
      List<JvmSampler.Sample> samples,
      JvmSampler.Sample endSample,
      String samplerError,
      int samplePeriod) {

    boolean ok() {
      return drained
          && lost == 0
          && duplicateRecords == 0
          && duplicateEmails == 0
          && invalidApplied == 0
          && invalidAccepted == 0
          && receiptsMissing == 0
          && dlq == 0
          && skippedOutstanding == 0;
    }

    double achievedRate() {
      return completed / runSeconds;
    }

    static String ms(Histogram h, double percentile) {
      return String.format("%.1f ms", h.getValueAtPercentile(percentile) / 1000.0);
    }

    static String mib(long bytes) {
      return String.format("%.0f MiB", bytes / 1048576.0);
    }

    /** Largest heap used and thread count among the samples of [from, to) seconds. */
    String window(double from, double to) {
      long heap = -1;
      int threads = -1;
      for (JvmSampler.Sample s : samples) {
        if (s.atSeconds() >= from && s.atSeconds() < to) {
          heap = Math.max(heap, s.heapUsed());
          threads = Math.max(threads, s.threads());
        }
      }
      return heap < 0 ? "n/a" : "heap " + mib(heap) + " threads " + threads;
    }

    String endOfRun() {
      return endSample == null
          ? "n/a"
          : "heap " + mib(endSample.heapUsed()) + " threads " + endSample.threads();
    }

    String summaryLine() {
      return String.format(
          "SOAK %s seconds=%d rate=%d/s tenants=%d sent=%d (new %d, duplicates %d, invalid %d) achieved=%.1f/s "
              + "p50=%s p99=%s max=%s acknowledged=%d lost=%d duplicate_records=%d duplicate_emails=%d "
              + "receipts_missing=%d invalid_refused_400=%d/%d invalid_accepted=%d dlq=%d drain=%.1fs "
              + "minute1=[%s] last_minute=[%s] end=[%s]",
          ok() ? "OK" : "FAILED",
          seconds,
          rate,
          tenants,
          completed,
          newSent,
          duplicatesSent,
          invalidSent,
          achievedRate(),
          ms(latency, 50),
          ms(latency, 99),
          ms(latency, 100),
          acknowledged,
          lost,
          duplicateRecords,
          duplicateEmails,
          receiptsMissing,
          invalidRefused,
          invalidSent,
          invalidAccepted,
          dlq,
          drainSeconds,
          window(0, 60),
          window(Math.max(0, runSeconds - 60), runSeconds + 1),
          endOfRun());
    }

    String markdown() {
      StringBuilder md = new StringBuilder();
      md.append("# Soak: signed webhooks against the local stack (separate JVM)\n\n");
      md.append(
          String.format(
              "Parameters: seconds=%d rate=%d/s tenants=%d duplicates=%.2f invalid=%.2f seed=%d; setup (tenants "
                  + "subscribed through the stand-in's checkout) %.1f s.%n%n",
              seconds, rate, tenants, duplicateShare, invalidShare, seed, setupSeconds));
      md.append("**Outcome: ").append(ok() ? "OK" : "FAILED").append("**\n\n");
      md.append("| deliveries planned | sent (new / duplicate / invalid) | not sent (over ")
          .append(MAX_OUTSTANDING)
          .append(
              " outstanding) | answered | achieved | answers |\n|---:|---|---:|---:|---:|---|\n");
      md.append(
          String.format(
              "| %d | %d / %d / %d | %d | %d in %.1f s | %.1f/s | %s |%n%n",
              planned,
              newSent,
              duplicatesSent,
              invalidSent,
              skippedOutstanding,
              completed,
              runSeconds,
              achievedRate(),
              new java.util.TreeMap<>(statuses)));
      md.append(
          "Webhook latency from each delivery's intended send time (open loop; HdrHistogram), and the "
              + "time from the actual send (service time):\n\n");
      md.append("| | p50 | p90 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|\n");
      for (var row :
          List.of(Map.entry("from intended send", latency), Map.entry("service time", service))) {
        Histogram h = row.getValue();
        md.append(
            String.format(
                "| %s | %s | %s | %s | %s | %s |%n",
                row.getKey(), ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), ms(h, 100)));
      }
      md.append("\n| check | result |\n|---|---:|\n");
      md.append("| queue drained after the run | ")
          .append(drained ? String.format("yes, %.1f s", drainSeconds) : "**no**")
          .append(" |\n");
      md.append("| events acknowledged (2xx) | ").append(acknowledged).append(" |\n");
      md.append("| acknowledged but not applied (lost) | ").append(lost).append(" |\n");
      md.append("| payment records twice | ").append(duplicateRecords).append(" |\n");
      md.append("| not acknowledged, yet applied | ").append(unacknowledgedApplied).append(" |\n");
      md.append("| invalid signatures refused with 400 | ")
          .append(invalidRefused)
          .append(" of ")
          .append(invalidSent)
          .append(" (accepted ")
          .append(invalidAccepted)
          .append(", other answers ")
          .append(invalidOther)
          .append(") |\n");
      md.append("| invalid events applied | ").append(invalidApplied).append(" |\n");
      md.append("| emails sent during the run | ").append(emailsSent).append(" |\n");
      md.append("| emails sent twice (same recipient and subject) | ")
          .append(duplicateEmails)
          .append(" |\n");
      md.append("| receipts missing for acknowledged events | ")
          .append(receiptsMissing)
          .append(" |\n");
      md.append("| DLQ messages | ").append(dlq).append(" |\n\n");
      md.append("The stack's JVM (`-Xmx512m`), sampled every ")
          .append(samplePeriod)
          .append(" s over JMX (heap used is instantaneous, garbage included):\n\n");
      if (samplerError != null) {
        md.append("Sampling failed: ").append(samplerError).append("\n");
      } else {
        md.append(
            "| s | phase | heap used | heap committed | live threads |\n|---:|---|---:|---:|---:|\n");
        for (JvmSampler.Sample s : samples) {
          md.append(
              String.format(
                  "| %.0f | %s | %s | %s | %d |%n",
                  s.atSeconds(),
                  s.atSeconds() <= runSeconds + 0.5 ? "sending" : "draining the queue",
                  mib(s.heapUsed()),
                  mib(s.heapCommitted()),
                  s.threads()));
        }
        md.append("\nMinute 1 (largest sample): ")
            .append(window(0, 60))
            .append("; last minute: ")
            .append(window(Math.max(0, runSeconds - 60), runSeconds + 1))
            .append("; at the end of the run: ")
            .append(endOfRun())
            .append(".\n");
      }
      return md.toString();
    }
  }
}
