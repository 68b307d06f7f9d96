package app.billing.local;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.InvalidCatalogException;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.http.BillingFunction;
import app.billing.local.email.LocalMailbox;
import app.billing.local.http.HttpApiEmulator;
import app.billing.local.stripe.LocalStripe;
import app.billing.testkit.Dynalite;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.InvocationContext;
import app.billing.testkit.LocalAws;
import app.billing.testkit.SqsEventSource;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole system offline in one JVM ({@code bin/local}): the HTTP API emulator in front of the
 * real handler classes (authorizer included) on 127.0.0.1:3000, dynalite with the billing table
 * persisted under {@code .local-data/dynamodb}, ElasticMQ with the FIFO event queue and its DLQ
 * (kept in {@code .local-data/sqs}, so a crash loses nothing acknowledged) fed to the provisioning
 * function like Lambda's SQS event source, an SES v2 endpoint that keeps every email, and Stripe:
 * the local stand-in with its hosted pages (its account kept in {@code
 * .local-data/stripe-stand-in.json}), or Stripe test mode when {@code STRIPE_SECRET_KEY} is set. No
 * AWS account, no Stripe key needed.
 */
public final class LocalStack implements AutoCloseable {
  public static final String TABLE_NAME = "billing";
  public static final String QUEUE_NAME = "billing-events.fifo";
  public static final String DLQ_NAME = "billing-events-dlq.fifo";
  public static final int MAX_RECEIVE_COUNT = 5;
  static final String STAND_IN_SECRET_KEY = "sk_test_local_stand_in";

  /** Signs checkout tokens locally; not a secret ({@code CHECKOUT_TOKEN_KEY} overrides it). */
  static final String LOCAL_CHECKOUT_TOKEN_KEY = "local-checkout-token-key-not-a-secret-0000";

  /**
   * The Stripe stand-in's account (customers, subscriptions, invoices, ...), next to the DynamoDB
   * data.
   */
  public static final String STRIPE_STATE_FILE = "stripe-stand-in.json";

  /** ElasticMQ's queues and messages (waiting, in flight, dead-lettered), kept across crashes. */
  public static final String QUEUE_DIR = "sqs";

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  /** What a developer (or a test) needs to talk to the running stack. */
  public record Info(
      String baseUrl,
      String tenantId,
      String apiKey,
      String webhookSecret,
      boolean stripeStandIn,
      Path dataDir,
      Path emailsDir,
      Duration startup) {}

  private final List<AutoCloseable> resources;
  private final Info info;
  private final String banner;

  private LocalStack(List<AutoCloseable> resources, Info info, String banner) {
    this.resources = resources;
    this.info = info;
    this.banner = banner;
  }

  public Info info() {
    return info;
  }

  /** What {@code bin/local} prints once the stack is up. */
  public String banner() {
    return banner;
  }

  public static void main(String[] args) throws InterruptedException {
    LocalStackSettings settings;
    try {
      settings = LocalStackSettings.fromCommandLine(args, System.getenv());
    } catch (LocalStackSettings.UsageException e) {
      if (e.getMessage() != null) {
        System.err.println("bin/local: " + e.getMessage());
      }
      System.err.println(
          "usage: bin/local [--reset] [--port N] [--data-dir DIR]   (env: PORT, STRIPE_SECRET_KEY, "
              + "STRIPE_WEBHOOK_SECRET, BILLING_LOCAL_API_KEY)");
      System.exit(e.getMessage() == null ? 0 : 2);
      return;
    }
    LocalStack stack;
    try {
      stack = start(settings);
    } catch (RuntimeException e) {
      log.error("the local stack did not start", e);
      System.err.println("\nThe local stack did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    StackShutdown.runUntilStopped(stack);
  }

  /** Starts everything; {@link #close()} stops it again (the dynalite child process included). */
  public static LocalStack start(LocalStackSettings settings) {
    long started = System.nanoTime();
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      return start(settings, resources, started);
    } catch (RuntimeException | Error e) {
      StackShutdown.closeAll(resources);
      throw e;
    }
  }

  private static LocalStack start(
      LocalStackSettings settings, List<AutoCloseable> resources, long started) {
    Path dataDir = settings.dataDir();
    if (settings.reset()) {
      LocalData.deleteRecursively(dataDir);
      log.info("wiped {}", dataDir);
    }
    LocalData.createDirectories(dataDir);
    Path emailsDir = dataDir.resolve("emails");
    JsonObject state = LocalData.readState(dataDir);

    Optional<String> stripeKey = settings.variable("STRIPE_SECRET_KEY");
    stripeKey
        .filter(k -> k.startsWith("sk_live_") || k.startsWith("rk_live_"))
        .ifPresent(
            k -> {
              throw new IllegalArgumentException(
                  "STRIPE_SECRET_KEY is a live key; the local stack only runs with test-mode "
                      + "keys (sk_test_...) or with none (Stripe stand-in)");
            });
    boolean standIn = stripeKey.isEmpty();
    // A generated secret is remembered, so it stays the same across restarts.
    String generatedSecret =
        state.has("webhookSecret")
            ? state.get("webhookSecret").getAsString()
            : LocalData.newWebhookSecret();
    String webhookSecret = settings.variable("STRIPE_WEBHOOK_SECRET").orElse(generatedSecret);
    if (!webhookSecret.startsWith("whsec_")) {
      throw new IllegalArgumentException(
          "STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_...)");
    }
    Catalog catalog = catalog(settings);

    HttpApiEmulator emulator;
    try {
      emulator = HttpApiEmulator.bind(settings.port());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot listen on 127.0.0.1:"
              + settings.port()
              + " (in use? set PORT or --port): "
              + e.getMessage(),
          e);
    }
    resources.add(emulator);
    String baseUrl = emulator.baseUrl();
    Engines engines =
        Engines.start(
            settings, dataDir, emailsDir, catalog, baseUrl, webhookSecret, standIn, resources);
    Dynalite dynalite = engines.dynalite();
    EmbeddedSqs sqs = engines.sqs();
    LocalMailbox mailbox = engines.mailbox();
    LocalStripe stripe = engines.stripe();
    log.debug("engines up after {} ms", (System.nanoTime() - started) / 1_000_000);

    DynamoDbClient dynamo =
        LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build();
    resources.add(dynamo);
    SqsClient sqsClient = LocalAws.configure(SqsClient.builder(), sqs.endpoint()).build();
    resources.add(sqsClient);
    SesV2Client ses = LocalAws.configure(SesV2Client.builder(), mailbox.endpoint()).build();
    resources.add(ses);
    BillingTable.createIfMissing(dynamo, TABLE_NAME);
    EmbeddedSqs.Queues queues =
        sqs.createFifoQueueWithDlq(
            QUEUE_NAME, DLQ_NAME, MAX_RECEIVE_COUNT, (int) settings.queueVisibility().toSeconds());

    Map<String, String> env =
        functionEnvironment(
            settings,
            baseUrl,
            queues.queueUrl(),
            webhookSecret,
            stripe == null ? null : stripe.apiBase(),
            dynalite.endpoint(),
            sqs.endpoint(),
            mailbox.endpoint());
    log.debug("table and queues ready after {} ms", (System.nanoTime() - started) / 1_000_000);
    LocalFunctions functions =
        LocalFunctions.build(
            env, new LocalFunctions.Clients(dynamo, sqsClient, ses), settings.clock());
    log.debug("functions built after {} ms", (System.nanoTime() - started) / 1_000_000);

    DemoTenant.Credentials demo =
        DemoTenant.ensure(
            new DynamoTenantStore(dynamo, TABLE_NAME),
            settings.clock(),
            settings.variable("BILLING_LOCAL_API_KEY"),
            Optional.ofNullable(state.has("apiKey") ? state.get("apiKey").getAsString() : null));
    JsonObject newState = new JsonObject();
    newState.addProperty("tenantId", demo.tenant().tenantId());
    if (!demo.keyFromEnvironment()) {
      newState.addProperty("apiKey", demo.apiKey());
    } else if (state.has("apiKey")) {
      newState.add("apiKey", state.get("apiKey"));
    }
    newState.addProperty("webhookSecret", generatedSecret);
    LocalData.writeState(dataDir, newState);

    if (sqs.restoredMessages() > 0) {
      log.info(
          "{} queued messages restored from {}",
          sqs.restoredMessages(),
          dataDir.resolve(QUEUE_DIR));
    }
    SqsEventSource eventSource =
        new SqsEventSource(
                sqsClient,
                queues.queueUrl(),
                event ->
                    functions
                        .provisioning()
                        .handleRequest(
                            event,
                            new InvocationContext(
                                "provisioning",
                                HttpApiEmulator.FUNCTION_MEMORY_MB,
                                Duration.ofSeconds(60))))
            .start();
    resources.add(
        () -> {
          if (!eventSource.close(SqsEventSource.DRAIN)) {
            log.warn(
                "the batch in progress did not finish within {} s; its events are retried at the next start",
                SqsEventSource.DRAIN.toSeconds());
          }
        });

    LocalRecovery recovery = new LocalRecovery(functions.reconciler(), reconcileInterval(settings));
    resources.add(recovery);
    for (BillingFunction function : BillingFunction.values()) {
      functions
          .http(function)
          .map(http -> function == BillingFunction.WEBHOOK ? recovery.webhook(http) : http)
          .ifPresent(http -> emulator.function(function.module(), http));
    }
    emulator
        .authorizer(functions.authorizer()::handleRequest)
        .page(new DemoPage(demo.apiKey(), demo.tenant().tenantId()))
        .page(new ApiContractPage())
        .page(mailbox.page())
        .page(recovery)
        .page(new StackStatusPage(sqsClient, queues, stripe));
    if (stripe != null) {
      emulator.page(stripe.pages());
      emulator.page(stripe.controls());
    }
    emulator.start();
    StackShutdown.orderForStop(resources, emulator);

    Duration startup = Duration.ofNanos(System.nanoTime() - started);
    Info info =
        new Info(
            baseUrl,
            demo.tenant().tenantId(),
            demo.apiKey(),
            webhookSecret,
            standIn,
            dataDir,
            emailsDir,
            startup);
    String banner = LocalStackBanner.banner(info, settings, demo, engines);
    log.info("local stack up on {} in {} ms", baseUrl, startup.toMillis());
    return new LocalStack(resources, info, banner);
  }

  /**
   * The environment every function gets: what template.yaml sets, with local values. One map for
   * all functions (each reads only its own variables), like SAM's Globals plus the function
   * sections.
   */
  static Map<String, String> functionEnvironment(
      LocalStackSettings settings,
      String baseUrl,
      String queueUrl,
      String webhookSecret,
      String stripeApiBase,
      URI dynamoEndpoint,
      URI sqsEndpoint,
      URI sesEndpoint) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", LocalAws.REGION.id());
    env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint.toString());
    env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
    env.put("AWS_ENDPOINT_URL_SESV2", sesEndpoint.toString());
    env.put("BILLING_TABLE", TABLE_NAME);
    env.put("EVENT_QUEUE_URL", queueUrl);
    env.put("STRIPE_WEBHOOK_SECRETS", webhookSecret);
    // Fixed by default so sessions created before a restart still verify against .local-data.
    env.put(
        "CHECKOUT_TOKEN_KEY",
        settings.variable("CHECKOUT_TOKEN_KEY").orElse(LOCAL_CHECKOUT_TOKEN_KEY));
    env.put("STRIPE_MODE", "test"); // the stand-in's events are test mode
    if (stripeApiBase != null) {
      env.put("STRIPE_SECRET_KEY", STAND_IN_SECRET_KEY);
      env.put("STRIPE_API_BASE", stripeApiBase);
    } else {
      env.put("STRIPE_SECRET_KEY", settings.variable("STRIPE_SECRET_KEY").orElseThrow());
    }
    env.put("EMAIL_FROM", "Acme Billing <billing@acme.example>");
    env.put("EMAIL_REPLY_TO", "support@acme.example");
    env.put("PRODUCT_NAME", "Acme");
    env.put("APP_BILLING_URL", baseUrl + "/");
    env.put("CHECKOUT_SUCCESS_URL", baseUrl + "/?checkout=success");
    env.put("CHECKOUT_CANCEL_URL", baseUrl + "/?checkout=canceled");
    env.put("PORTAL_RETURN_URL", baseUrl + "/");
    env.put("LOG_LEVEL", "INFO");
    for (String name : LocalStackSettings.PASSED_TO_FUNCTIONS) {
      settings.variable(name).ifPresent(value -> env.put(name, value));
    }
    return env;
  }

  /**
   * How often the reconciler runs locally, like its schedule: {@code RECONCILE_INTERVAL_SECONDS}
   * (0: never).
   */
  private static Duration reconcileInterval(LocalStackSettings settings) {
    String value = settings.variable("RECONCILE_INTERVAL_SECONDS").orElse(null);
    if (value == null) {
      return LocalRecovery.DEFAULT_INTERVAL;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "RECONCILE_INTERVAL_SECONDS must be a whole number of seconds >= 0, got '" + value + "'");
    }
  }

  private static Catalog catalog(LocalStackSettings settings) {
    try {
      return Catalog.load(settings.variable("PLAN_CATALOG"));
    } catch (InvalidCatalogException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    StackShutdown.closeAll(resources);
  }
}
