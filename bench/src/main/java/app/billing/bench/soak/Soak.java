package app.billing.bench.soak;

import app.billing.bench.soak.SoakPlan.Customer;
import app.billing.bench.soak.SoakPlan.Kind;
import app.billing.bench.stack.JvmSampler;
import app.billing.bench.stack.LocalStackProcess;
import app.billing.core.tenant.ApiKeys;
import app.billing.core.tenant.TenantAdmin;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.local.LocalStack;
import app.billing.testkit.LocalAws;
import app.billing.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    SoakResult result =
        new Soak().run(seconds, rate, tenants, duplicates, invalid, sample, seed, dir, log);
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, result.markdown());
    System.err.println(result.summaryLine());
    System.exit(result.ok() ? 0 : 1);
  }

  SoakResult run(
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
    try (LocalStackProcess process =
        LocalStackProcess.start(dir, Ports.free(), env, List.of("-Xmx512m"), log)) {
      StackHttp stack = new StackHttp(process.baseUrl());
      long setupStart = System.nanoTime();
      List<Customer> customers = subscribeTenants(stack, process, tenantCount, demoKey);
      stack.awaitDrained(DRAIN_TIMEOUT_MIN);
      int emailsBefore = stack.getJson("/_local/emails", null).getAsJsonArray().size();
      double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

      SoakPlan plan =
          SoakPlan.draw(
              customers,
              seconds * rate,
              seed,
              invalidShare,
              duplicateShare,
              Instant.now().getEpochSecond());

      JvmSampler sampler = null;
      String samplerError = null;
      try {
        sampler = JvmSampler.attach(process.pid());
      } catch (Exception e) {
        samplerError = e.toString();
      }
      if (sampler != null) {
        sampler.start(samplePeriod);
      }
      OpenLoop.Sent sent = OpenLoop.run(stack, plan, rate, secret);
      JvmSampler.Sample endSample = sampler == null ? null : sampler.sample();

      long drainStart = System.nanoTime();
      Duration drainTimeout = DRAIN_TIMEOUT_MIN.plus(Duration.ofSeconds(seconds * 2L));
      boolean drained = stack.awaitDrained(drainTimeout);
      double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
      List<JvmSampler.Sample> samples = sampler == null ? List.of() : sampler.samples();
      if (sampler != null) {
        sampler.close();
      }

      ReadBack back = ReadBack.read(stack, customers, plan, sent.acknowledged(), emailsBefore);
      return new SoakResult(
          seconds,
          rate,
          customers.size(),
          duplicateShare,
          invalidShare,
          seed,
          setupSeconds,
          plan.slots(),
          plan.count(Kind.NEW),
          plan.count(Kind.DUPLICATE),
          plan.count(Kind.INVALID),
          sent.skippedOutstanding(),
          sent.completed(),
          sent.runSeconds(),
          sent.statuses(),
          sent.acknowledged().size(),
          sent.invalidRefused(),
          sent.invalidAccepted(),
          sent.invalidOther(),
          sent.latency(),
          sent.service(),
          drained,
          drainSeconds,
          back.lost(),
          back.duplicateRecords(),
          back.invalidApplied(),
          back.unacknowledgedApplied(),
          back.emailsSent(),
          back.duplicateEmails(),
          back.receiptsMissing(),
          back.dlq(),
          samples,
          endSample,
          samplerError,
          samplePeriod);
    }
  }

  /** The demo tenant and {@code tenantCount - 1} more, each with a paid Pro checkout. */
  private static List<Customer> subscribeTenants(
      StackHttp stack, LocalStackProcess process, int tenantCount, String demoKey)
      throws Exception {
    List<Customer> customers = new ArrayList<>();
    customers.add(stack.subscribe("tnt_demo", demoKey));
    try (DynamoDbClient dynamo =
        LocalAws.configure(DynamoDbClient.builder(), process.dynamoEndpoint()).build()) {
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
        customers.add(stack.subscribe(tenantId, key));
      }
    }
    return customers;
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
}
