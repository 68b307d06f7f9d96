package app.billing.admin;

import app.billing.admin.Spec.Context;
import app.billing.catalog.RemoteCatalog;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogLoader;
import app.billing.core.config.ConfigReader;
import app.billing.core.error.ConflictException;
import app.billing.core.error.ValidationException;
import app.billing.core.model.ParkedEvent;
import app.billing.core.port.CustomerLinks.ParkedListing;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoCustomerLinks;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.provisioning.core.recovery.BackfillService;
import app.billing.provisioning.core.recovery.BackfillService.LinkedCustomer;
import app.billing.provisioning.core.recovery.BackfillService.TenantBackfill;
import app.billing.provisioning.core.recovery.RefetchedState;
import app.billing.provisioning.core.recovery.RefetchedState.Counts;
import app.billing.stripe.StripeAccountAdapter;
import app.billing.stripe.StripeSettings;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Recovery from Stripe, Stripe being the source of truth:
 *
 * <ul>
 *   <li>{@code backfill --tenant T | --all}: each tenant's customers' subscriptions, invoices,
 *       active entitlements and customer, written through the versioned path ({@link
 *       BackfillService}); no email is sent and welcomes of subscriptions found live are marked
 *       sent;
 *   <li>{@code link-customer --tenant T --customer cus_...}: links a customer created outside our
 *       checkout, backfills the tenant, then replays the customer's parked events through the event
 *       queue (provisioning applies and unparks them, as it does for any event of a linked
 *       customer);
 *   <li>{@code parked [--customer cus_...]}: the events waiting for their customer to be linked.
 * </ul>
 */
final class RecoveryCommands {
  static final String EVENT_QUEUE_URL = "EVENT_QUEUE_URL";

  /**
   * Stripe allows 25 requests/s in test mode (100 live); stay below with room for the live system.
   */
  static final int DEFAULT_RATE = 20;

  static final List<Spec> SPECS =
      List.of(
          new Spec(
              "backfill",
              List.of(),
              List.of("--tenant", "--rate"),
              List.of("--all"),
              "Writes Stripe's current state of one tenant's (or every tenant's) customers: subscriptions, invoices,"
                  + " entitlements. Never overwrites a newer event; sends no email. --rate: Stripe requests/s (default "
                  + DEFAULT_RATE
                  + ").",
              RecoveryCommands::backfill),
          new Spec(
              "link-customer",
              List.of("--tenant", "--customer"),
              List.of(),
              "Links a Stripe customer created outside our checkout (Dashboard, Payment Link) to a tenant,"
                  + " backfills it and replays its parked events.",
              RecoveryCommands::linkCustomer),
          new Spec(
              "parked",
              List.of(),
              List.of("--customer"),
              "Lists events parked because their customer is not linked to a tenant (they expire after 30 days).",
              RecoveryCommands::parked));

  private RecoveryCommands() {}

  // --- backfill ---

  private static void backfill(Context context, Map<String, String> options, PrintStream out) {
    boolean all = options.containsKey("--all");
    Optional<String> tenant = Optional.ofNullable(options.get("--tenant")).map(String::strip);
    if (all == tenant.isPresent()) {
      throw ValidationException.field(
          "--tenant", "backfill needs either --tenant <tenant id> or --all.");
    }
    int rate = rate(options.get("--rate"));
    BackfillService service = backfillService(context, rate);
    Instant started = Instant.now();
    List<TenantBackfill> done =
        all ? service.backfillAll() : List.of(service.backfillTenant(tenant.get()));
    Duration took = Duration.between(started, Instant.now());
    Counts total = Counts.NONE;
    for (TenantBackfill t : done) {
      out.println(
          "tenant "
              + t.tenantId()
              + "  customers "
              + (t.customerIds().isEmpty() ? "-" : String.join(",", t.customerIds()))
              + "  "
              + describe(t.counts()));
      total = total.plus(t.counts());
    }
    double seconds = Math.max(took.toMillis(), 1) / 1000.0;
    out.printf(
        "Backfilled %d tenant(s): %d records written, %d kept because a newer event is stored, %d welcome(s)"
            + " marked sent without sending, %d Stripe calls in %.1f s (%.0f objects/s).%n",
        done.size(),
        total.written(),
        total.keptNewer(),
        total.welcomesSettled(),
        total.stripeCalls(),
        seconds,
        (total.written() + total.keptNewer()) / seconds);
  }

  static String describe(Counts c) {
    return "written: "
        + c.subscriptions()
        + " subscription, "
        + c.payments()
        + " payments, "
        + c.entitlements()
        + " entitlements, "
        + c.customers()
        + " customer; kept newer: "
        + c.keptNewer()
        + "; welcomes marked sent: "
        + c.welcomesSettled()
        + "; Stripe calls: "
        + c.stripeCalls();
  }

  // --- link-customer ---

  private static void linkCustomer(Context context, Map<String, String> options, PrintStream out) {
    String tenantId = options.get("--tenant").strip();
    String customerId = options.get("--customer").strip();
    if (!customerId.matches("cus_[A-Za-z0-9]+")) {
      throw ValidationException.field(
          "--customer",
          "--customer must be a Stripe customer id (cus_...), got '" + customerId + "'.");
    }
    Optional<String> queueUrl =
        Optional.ofNullable(context.env().get(EVENT_QUEUE_URL)).filter(u -> !u.isBlank());
    LinkedCustomer linked =
        backfillService(context, DEFAULT_RATE).linkCustomer(tenantId, customerId);
    out.println(
        (linked.newLink() ? "Linked " : "Already linked: ")
            + customerId
            + " to tenant "
            + tenantId
            + ".");
    out.println("Backfilled: " + describe(linked.backfill().counts()));
    List<ParkedEvent> parked = linked.parked();
    if (parked.isEmpty()) {
      out.println("No parked events.");
      return;
    }
    if (queueUrl.isEmpty()) {
      throw new ConflictException(
          "queue_needed",
          parked.size()
              + " parked event(s) of "
              + customerId
              + " wait for replay: set "
              + EVENT_QUEUE_URL
              + " to the event queue and run link-customer"
              + " again (linking again is harmless).");
    }
    try (SqsClient sqs = sqsClient(context.env())) {
      new ParkedEventReplay(sqs, queueUrl.get()).replay(parked);
    }
    out.println(
        "Replayed "
            + parked.size()
            + " parked event(s) through the event queue, in order; provisioning"
            + " applies them (versioned: older than the backfill, they change no record) and removes them from parking.");
  }

  // --- parked ---

  private static void parked(Context context, Map<String, String> options, PrintStream out) {
    Optional<String> customer = Optional.ofNullable(options.get("--customer")).map(String::strip);
    List<ParkedListing> parked =
        new DynamoCustomerLinks(context.dynamo(), context.table())
            .parkedEvents().stream()
                .filter(p -> customer.isEmpty() || customer.get().equals(p.event().customerId()))
                .toList();
    if (parked.isEmpty()) {
      out.println("No parked events.");
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CUSTOMER", "EVENT ID", "TYPE", "CREATED", "PARKED AT", "EXPIRES AT"});
    for (ParkedListing p : parked) {
      ParkedEvent e = p.event();
      rows.add(
          new String[] {
            e.customerId(),
            e.eventId(),
            e.eventType(),
            Instant.ofEpochSecond(e.created()).toString(),
            String.valueOf(p.parkedAt()),
            p.expiresAt() == null ? "-" : p.expiresAt().toString()
          });
    }
    Table.print(rows, out);
    out.println(
        parked.size()
            + " parked event(s). Link their customer with: link-customer --tenant <tenant id>"
            + " --customer <cus_...>");
  }

  // --- wiring ---

  private static BackfillService backfillService(Context context, int rate) {
    ConfigReader reader = new ConfigReader(RemoteCatalog.resolve(context.env()));
    StripeSettings stripe = StripeSettings.fromEnvironment(reader);
    Catalog catalog = CatalogLoader.load(reader);
    reader.validate();
    Clock clock = Clock.systemUTC();
    DynamoBillingStore store = new DynamoBillingStore(context.dynamo(), context.table());
    PacedStripeAccount paced =
        new PacedStripeAccount(new StripeAccountAdapter(stripe.client()), rate);
    return new BackfillService(
        new DynamoTenantStore(context.dynamo(), context.table()),
        store,
        paced,
        new RefetchedState(store, store, store, paced, catalog, clock),
        clock);
  }

  /**
   * The SDK's default chains, except what the command's environment names itself (tests and other
   * wiring run the command in-process with an environment of their own): region, endpoint ({@code
   * AWS_ENDPOINT_URL_SQS}) and static credentials.
   */
  static SqsClient sqsClient(Map<String, String> env) {
    var builder = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    Optional.ofNullable(env.get("AWS_REGION")).map(Region::of).ifPresent(builder::region);
    Optional.ofNullable(env.get("AWS_ENDPOINT_URL_SQS"))
        .map(URI::create)
        .ifPresent(builder::endpointOverride);
    String keyId = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (keyId != null && secret != null) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)));
    }
    return builder.build();
  }

  private static int rate(String value) {
    if (value == null) {
      return DEFAULT_RATE;
    }
    try {
      int rate = Integer.parseInt(value.strip());
      if (rate >= 1 && rate <= 100) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ValidationException.field(
        "--rate", "--rate must be a whole number of requests per second, 1 to 100.");
  }
}
