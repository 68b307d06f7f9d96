package app.billing.bench.recovery;

import app.billing.core.catalog.Catalog;
import app.billing.core.tenant.TenantProfile;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.local.LocalStack;
import app.billing.local.LocalStackSettings;
import app.billing.provisioning.core.recovery.BackfillService;
import app.billing.provisioning.core.recovery.BackfillService.TenantBackfill;
import app.billing.provisioning.core.recovery.RefetchedState;
import app.billing.provisioning.core.recovery.RefetchedState.Counts;
import app.billing.stripe.StripeAccountAdapter;
import app.billing.testkit.LocalAws;
import com.stripe.StripeClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Backfill throughput against the local stack's Stripe stand-in: seeds {@code customers} tenants,
 * each with a customer (our {@code tenantId} metadata), a subscription paid through the hosted
 * checkout (one invoice) and its entitlements, lets the webhooks settle, then backfills every
 * tenant ({@code backfill --all} without pacing) into a table that saw no event. Reports objects
 * written per second, Stripe calls per customer and what 10,000 customers would take within
 * Stripe's rate limits.
 *
 * <pre>
 * java -cp ... app.billing.bench.recovery.BackfillBench customers=200 report=target/results/backfill.md
 * </pre>
 */
public final class BackfillBench {
  /** Stripe's test-mode limit, and the admin command's default pace below it. */
  static final double TEST_MODE_RATE = 25;

  static final double ADMIN_DEFAULT_RATE = 20;

  public record Result(int customers, Counts counts, int stripeCalls, Duration took) {
    double objectsPerSecond() {
      return (counts.written() + counts.keptNewer()) / seconds();
    }

    double callsPerCustomer() {
      return (double) stripeCalls / customers;
    }

    double seconds() {
      return Math.max(took.toMillis(), 1) / 1000.0;
    }

    /** Seconds 10,000 customers take when Stripe calls are the bound, at {@code rate} calls/s. */
    double tenThousandAt(double rate) {
      return 10_000 * callsPerCustomer() / rate;
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "BACKFILL customers=%d written=%d kept=%d stripeCalls=%d (%.2f/customer) "
              + "seconds=%.2f objects/s=%.0f calls/s=%.0f 10k@25/s=%.0f s 10k@20/s=%.0f s",
          customers,
          counts.written(),
          counts.keptNewer(),
          stripeCalls,
          callsPerCustomer(),
          seconds(),
          objectsPerSecond(),
          stripeCalls / seconds(),
          tenThousandAt(TEST_MODE_RATE),
          tenThousandAt(ADMIN_DEFAULT_RATE));
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int customers = Integer.parseInt(options.getOrDefault("customers", "200"));
    Result result = run(customers, Path.of(options.getOrDefault("dir", "target/bench-backfill")));
    System.err.println(result.line());
    String report = options.get("report");
    if (report != null) {
      Path path = Path.of(report);
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.writeString(
          path,
          "| what | measured |\n|---|---:|\n"
              + String.format(
                  Locale.ROOT,
                  "| customers (1 subscription, 1 invoice, entitlements each) | %d |%n",
                  customers)
              + String.format(
                  Locale.ROOT,
                  "| objects written / kept | %d / %d |%n",
                  result.counts().written(),
                  result.counts().keptNewer())
              + String.format(
                  Locale.ROOT, "| backfill time (unpaced) | %.2f s |%n", result.seconds())
              + String.format(
                  Locale.ROOT, "| objects per second | %.0f |%n", result.objectsPerSecond())
              + String.format(
                  Locale.ROOT, "| Stripe calls per customer | %.2f |%n", result.callsPerCustomer())
              + String.format(
                  Locale.ROOT,
                  "| 10,000 customers at 25 req/s (test mode) | %.0f s = %.1f min |%n",
                  result.tenThousandAt(TEST_MODE_RATE),
                  result.tenThousandAt(TEST_MODE_RATE) / 60)
              + String.format(
                  Locale.ROOT,
                  "| 10,000 customers at 20 req/s (admin default) | %.0f s = %.1f min |%n",
                  result.tenThousandAt(ADMIN_DEFAULT_RATE),
                  result.tenThousandAt(ADMIN_DEFAULT_RATE) / 60));
    }
  }

  /** Seeds, settles and backfills; the stack is stopped afterwards. */
  public static Result run(int customers, Path dataDir) throws Exception {
    deleteRecursively(dataDir.toAbsolutePath());
    try (LocalStack stack =
        LocalStack.start(
            LocalStackSettings.forTest(
                dataDir.toAbsolutePath(), Map.of("CHECKOUT_RATE_LIMIT", "1000")))) {
      String banner = stack.banner();
      URI stripeBase = URI.create(find(banner, "Stripe +local stand-in (\\S+)"));
      URI dynamoEndpoint = URI.create(find(banner, "DynamoDB \\(dynalite\\) +(\\S+)"));
      StripeClient stripe =
          StripeClient.builder()
              .setApiKey("sk_test_bench_backfill")
              .setApiBase(stripeBase.toString())
              .build();
      HttpClient http = HttpClient.newHttpClient();
      String table = "bench-backfilled";
      try (DynamoDbClient dynamo =
          LocalAws.configure(DynamoDbClient.builder(), dynamoEndpoint).build()) {
        BillingTable.createIfMissing(dynamo, table);
        DynamoTenantStore tenants = new DynamoTenantStore(dynamo, table);
        for (int i = 0; i < customers; i++) {
          String tenantId = "t_bench_" + i;
          StandInSeed.seed(stripe, http, stack.info().baseUrl(), tenantId);
          tenants.createTenant(
              new TenantProfile(
                  tenantId, "Bench " + i, "bench" + i + "@example.test", null, Instant.now()));
        }
        StandInSeed.awaitDrained(http, stack.info().baseUrl());

        DynamoBillingStore store = new DynamoBillingStore(dynamo, table);
        Clock clock = Clock.systemUTC();
        CountingReader counted = new CountingReader(new StripeAccountAdapter(stripe));
        Catalog catalog = Catalog.fromResource(Catalog.RESOURCE);
        BackfillService backfill =
            new BackfillService(
                tenants,
                store,
                counted,
                new RefetchedState(store, store, store, counted, catalog, clock),
                clock);
        Instant start = Instant.now();
        List<TenantBackfill> done = backfill.backfillAll();
        Duration took = Duration.between(start, Instant.now());
        Counts total = done.stream().map(TenantBackfill::counts).reduce(Counts.NONE, Counts::plus);
        return new Result(customers, total, counted.calls.get(), took);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String find(String banner, String regex) {
    Matcher m = Pattern.compile(regex).matcher(banner);
    if (!m.find()) {
      throw new IllegalStateException("no " + regex + " in the banner");
    }
    return m.group(1);
  }
}
