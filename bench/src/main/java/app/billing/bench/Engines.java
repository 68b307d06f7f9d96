package app.billing.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import app.billing.core.tenant.ApiKeyRecord;
import app.billing.core.tenant.ApiKeys;
import app.billing.core.tenant.TenantProfile;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.Dynalite;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.LocalAws;
import app.billing.testkit.SesStandIn;
import app.billing.testkit.StripeStandIn;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every engine the functions talk to, on loopback: ElasticMQ with the FIFO event queue (+ DLQ),
 * dynalite with the billing table, the SES v2 stand-in and the Stripe stand-in answering every call
 * provisioning and checkout make. {@link #main} keeps them up for the cold-start runs of {@code
 * bench/run.sh}, which gives the functions' processes {@link #functionEnvironment()}.
 */
public final class Engines implements AutoCloseable {
  public static final String QUEUE = "bench-events.fifo";
  public static final String DLQ = "bench-events-dlq.fifo";
  public static final String TABLE = "bench-billing";

  /**
   * Tenants {@code usr_bench_0000}... seeded without a Stripe customer, for checkout cold starts.
   */
  public static final int TENANTS = 400;

  /**
   * Tenants {@code usr_benchl_0000}... seeded already linked to a Stripe customer, for portal and
   * account cold starts (each run takes the next one: the routes rate-limit per tenant).
   */
  public static final int LINKED_TENANTS = 300;

  /**
   * API key of {@code usr_benchl_0000}, for authorizer cold starts (the bench's own, never a real
   * key).
   */
  public static final String API_KEY = "bk_live_benchBenchBenchBenchBenchBenchBenchBench000";

  public final EmbeddedSqs sqs;
  public final EmbeddedSqs.Queues queues;
  public final StripeStandIn stripe;
  public final SesStandIn ses;
  public final Dynalite dynalite;

  private Engines() {
    sqs = EmbeddedSqs.start();
    queues = sqs.createFifoQueueWithDlq(QUEUE, DLQ, 5, 30);
    stripe = StripeStandIn.start();
    stubStripe(stripe);
    ses = SesStandIn.start();
    dynalite = Dynalite.start();
    try (DynamoDbClient dynamo =
        LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build()) {
      BillingTable.createIfMissing(dynamo, TABLE);
      DynamoTenantStore tenants = new DynamoTenantStore(dynamo, TABLE);
      Instant now = Instant.now();
      for (int i = 0; i < TENANTS; i++) {
        String id = String.format("usr_bench_%04d", i);
        tenants.createTenant(
            new TenantProfile(id, "Bench Tenant " + i, "billing+" + i + "@bench.test", null, now));
      }
      for (int i = 0; i < LINKED_TENANTS; i++) {
        tenants.createTenant(
            new TenantProfile(
                linkedTenant(i),
                "Linked Bench Tenant " + i,
                "linked+" + i + "@bench.test",
                String.format("cus_benchl%04d", i),
                now));
      }
      String hash = ApiKeys.hash(API_KEY);
      tenants.saveApiKey(new ApiKeyRecord(ApiKeys.keyId(hash), hash, linkedTenant(0), now));
    }
  }

  /** Creates the tenants of synthetic customers (their story's checkout links to them). */
  public void createTenants(List<String> tenantIds) {
    try (DynamoDbClient dynamo =
        LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build()) {
      DynamoTenantStore tenants = new DynamoTenantStore(dynamo, TABLE);
      Instant now = Instant.now();
      for (String id : tenantIds) {
        tenants.createTenant(new TenantProfile(id, id, "billing@" + id + ".test", null, now));
      }
    }
  }

  /** The {@code i}-th tenant seeded with a Stripe customer. */
  public static String linkedTenant(int i) {
    return String.format("usr_benchl_%04d", i);
  }

  /** All engines, dynalite included (it is a Node process; the others run in this JVM). */
  public static Engines start() {
    return new Engines();
  }

  public URI dynamoEndpoint() {
    return dynalite.endpoint();
  }

  /**
   * What a function process needs besides its code: queue URL, table, endpoints of the engines,
   * dummy credentials and region (the SDKs' default chains read them), the webhook secret. Both the
   * Java functions and the Node twins read these same variables.
   */
  public Map<String, String> functionEnvironment() {
    // 127.0.0.1 rather than WireMock's "localhost": Node may resolve that to ::1, where nothing
    // listens.
    URI stripeBase = URI.create(stripe.baseUrl().replace("//localhost:", "//127.0.0.1:"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", LocalAws.REGION.id());
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
    env.put("EVENT_QUEUE_URL", queues.queueUrl());
    env.put("STRIPE_WEBHOOK_SECRETS", Events.SECRET);
    env.put("STRIPE_MODE", "test");
    env.put("STRIPE_SECRET_KEY", "sk_test_bench");
    env.put("CHECKOUT_TOKEN_KEY", Events.CHECKOUT_TOKEN_KEY);
    env.put("STRIPE_API_BASE", stripeBase.toString());
    env.put("STRIPE_HOST", stripeBase.getHost());
    env.put("STRIPE_PORT", String.valueOf(stripeBase.getPort()));
    env.put("STRIPE_PROTOCOL", stripeBase.getScheme());
    env.put("BILLING_TABLE", TABLE);
    env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
    env.put(
        "AWS_ENDPOINT_URL_SESV2",
        ses.endpoint().toString().replace("//localhost:", "//127.0.0.1:"));
    env.put("EMAIL_FROM", "Acme Billing <billing@acme.test>");
    env.put("EMAIL_REPLY_TO", "support@acme.test");
    env.put("APP_BILLING_URL", "https://app.acme.test/billing");
    env.put("PRODUCT_NAME", "Acme");
    env.put("CHECKOUT_SUCCESS_URL", "https://app.acme.test/billing/success");
    env.put("CHECKOUT_CANCEL_URL", "https://app.acme.test/billing/cancel");
    env.put("PORTAL_RETURN_URL", "https://app.acme.test/billing");
    // The origin the events/ files' own return URLs use (RIC cold starts send those files).
    env.put("ALLOWED_REDIRECT_ORIGINS", "https://www.example.com");
    env.put("BENCH_TENANTS", String.valueOf(TENANTS));
    return env;
  }

  /**
   * Answers for every Stripe read provisioning makes (any id: the objects of the first story
   * customer) and the writes checkout makes (create customer, create Checkout session).
   */
  static void stubStripe(StripeStandIn stripe) {
    var wm = stripe.wireMock();
    String customer = Events.stripeApi("customer-cus_1BREyS0ms3pllo.json");
    wm.stubFor(get(urlPathMatching("/v1/customers/[^/]+")).willReturn(okJson(customer)));
    // Every created customer gets its own id (WireMock response templating), as in Stripe: checkout
    // links
    // each new customer to its tenant and refuses one that belongs to another tenant.
    String newCustomer =
        customer.replace(
            "\"cus_1BREyS0ms3pllo\"", "\"cus_{{randomValue length=14 type='ALPHANUMERIC'}}\"");
    wm.stubFor(
        post(urlPathEqualTo("/v1/customers"))
            .willReturn(okJson(newCustomer).withTransformers("response-template")));
    wm.stubFor(
        get(urlPathMatching("/v1/subscriptions/[^/]+"))
            .willReturn(okJson(Events.stripeApi("subscription-sub_1hNEdc.json"))));
    wm.stubFor(
        get(urlPathMatching("/v1/invoices/[^/]+"))
            .willReturn(okJson(Events.stripeApi("invoice-in_1plsy9.json"))));
    wm.stubFor(
        get(urlPathMatching("/v1/checkout/sessions/[^/]+/line_items"))
            .willReturn(okJson(Events.stripeApi("checkout-line-items-cs_test_a1eH2E.json"))));
    JsonObject session = dataObject(Events.story("18-checkout.session.completed.json"));
    wm.stubFor(
        get(urlPathMatching("/v1/checkout/sessions/[^/]+")).willReturn(okJson(session.toString())));
    JsonObject newSession = dataObject(Events.story("08-checkout.session.completed.json"));
    newSession.addProperty("status", "open");
    newSession.addProperty(
        "url", "https://checkout.stripe.com/c/pay/" + newSession.get("id").getAsString());
    wm.stubFor(
        post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(okJson(newSession.toString())));
    wm.stubFor(
        post(urlPathEqualTo("/v1/billing_portal/sessions"))
            .willReturn(okJson(Events.stripeApi("billing_portal.session.json"))));
    JsonObject summary =
        dataObject(Events.story("17-entitlements.active_entitlement_summary.updated.json"));
    JsonObject list = new JsonObject();
    list.addProperty("object", "list");
    list.add("data", summary.getAsJsonObject("entitlements").get("data").deepCopy());
    list.addProperty("has_more", false);
    list.addProperty("url", "/v1/entitlements/active_entitlements");
    wm.stubFor(
        get(urlPathEqualTo("/v1/entitlements/active_entitlements"))
            .willReturn(okJson(list.toString())));
  }

  private static JsonObject dataObject(String event) {
    return JsonParser.parseString(event)
        .getAsJsonObject()
        .getAsJsonObject("data")
        .getAsJsonObject("object");
  }

  @Override
  public void close() {
    stripe.close();
    ses.close();
    sqs.close();
    dynalite.close();
  }

  /**
   * Starts the engines, writes {@code export NAME='value'} lines for {@link #functionEnvironment()}
   * to the given file, and serves until killed or until the given number of minutes has passed (so
   * a forgotten one never lingers).
   *
   * <p>Arguments: env file, maximum lifetime in minutes (default 60).
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path envFile = Path.of(args.length > 0 ? args[0] : "bench/target/engines.env");
    Duration lifetime = Duration.ofMinutes(args.length > 1 ? Long.parseLong(args[1]) : 60);
    Engines engines = Engines.start();
    Runtime.getRuntime().addShutdownHook(new Thread(engines::close, "engines-shutdown"));
    String exports =
        engines.functionEnvironment().entrySet().stream()
            .map(e -> "export " + e.getKey() + "='" + e.getValue() + "'")
            .collect(Collectors.joining("\n", "", "\n"));
    Files.createDirectories(envFile.toAbsolutePath().getParent());
    Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
    Files.writeString(tmp, exports);
    Files.move(tmp, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.println("engines ready: " + envFile);
    Thread.sleep(lifetime.toMillis());
    System.out.println("engines: lifetime of " + lifetime.toMinutes() + " min over, stopping");
    System.exit(0);
  }
}
