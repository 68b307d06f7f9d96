package app.billing.local;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.InvalidCatalogException;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.http.BillingFunction;
import app.billing.http.Routes;
import app.billing.local.email.LocalMailbox;
import app.billing.local.http.Exchanges;
import app.billing.local.http.HttpApiEmulator;
import app.billing.local.stripe.LocalStripe;
import app.billing.testkit.Dynalite;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.InvocationContext;
import app.billing.testkit.LocalAws;
import app.billing.testkit.SqsEventSource;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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
  private static final String STATE_FILE = "local-stack.json";

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
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println(
                      "\nStopping the local stack: no new requests, finishing the events in progress…");
                  long stopping = System.nanoTime();
                  stack.close();
                  System.out.printf(
                      "Stopped in %.1f s; queued events are kept in %s%n",
                      (System.nanoTime() - stopping) / 1e9,
                      stack.info().dataDir().resolve(QUEUE_DIR));
                  System.out.flush();
                  stopped.countDown();
                },
                "local-stack-shutdown"));
    System.out.println(stack.banner());
    System.out.flush();
    stopped.await();
  }

  /** Starts everything; {@link #close()} stops it again (the dynalite child process included). */
  public static LocalStack start(LocalStackSettings settings) {
    long started = System.nanoTime();
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      return start(settings, resources, started);
    } catch (RuntimeException | Error e) {
      closeAll(resources);
      throw e;
    }
  }

  private static LocalStack start(
      LocalStackSettings settings, List<AutoCloseable> resources, long started) {
    Path dataDir = settings.dataDir();
    if (settings.reset()) {
      deleteRecursively(dataDir);
      log.info("wiped {}", dataDir);
    }
    createDirectories(dataDir);
    Path emailsDir = dataDir.resolve("emails");
    JsonObject state = readState(dataDir);

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
        state.has("webhookSecret") ? state.get("webhookSecret").getAsString() : newWebhookSecret();
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

    // The engines start in parallel: dynalite (a Node process) and ElasticMQ take the longest.
    CompletableFuture<Dynalite> dynaliteStart =
        CompletableFuture.supplyAsync(() -> Dynalite.start(dataDir.resolve("dynamodb")));
    CompletableFuture<EmbeddedSqs> sqsStart =
        CompletableFuture.supplyAsync(() -> EmbeddedSqs.startDurable(dataDir.resolve(QUEUE_DIR)));
    CompletableFuture<LocalMailbox> mailboxStart =
        CompletableFuture.supplyAsync(() -> LocalMailbox.start(emailsDir, settings.clock()));
    CompletableFuture<LocalStripe> stripeStart =
        standIn
            ? CompletableFuture.supplyAsync(
                () ->
                    LocalStripe.start(
                        catalog,
                        baseUrl,
                        URI.create(baseUrl + "/webhooks/stripe"),
                        webhookSecret,
                        dataDir.resolve(STRIPE_STATE_FILE),
                        settings.clock()))
            : CompletableFuture.completedFuture(null);
    joinAll(resources, dynaliteStart, sqsStart, mailboxStart, stripeStart);
    Dynalite dynalite = dynaliteStart.join();
    EmbeddedSqs sqs = sqsStart.join();
    LocalMailbox mailbox = mailboxStart.join();
    LocalStripe stripe = stripeStart.join();
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
    writeState(dataDir, newState);

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
        .page(mailbox.page())
        .page(recovery)
        .page(
            (exchange, method, path) -> {
              if (method.equals("GET") && path.equals("/_local/health")) {
                Exchanges.json(exchange, 200, "{\"status\":\"ok\"}");
                return true;
              }
              if (method.equals("GET") && path.equals("/_local/queues")) {
                JsonObject depth = new JsonObject();
                depth.add(QUEUE_NAME, queueDepth(sqsClient, queues.queueUrl()));
                depth.add(DLQ_NAME, queueDepth(sqsClient, queues.dlqUrl()));
                Exchanges.json(exchange, 200, depth.toString());
                return true;
              }
              if (method.equals("GET") && path.equals("/_local/events")) {
                Exchanges.json(
                    exchange,
                    200,
                    stripe == null ? "[]" : stripe.webhooks().deliveriesJson().toString());
                return true;
              }
              return false;
            });
    if (stripe != null) {
      emulator.page(stripe.pages());
      emulator.page(stripe.controls());
    }
    emulator.start();
    // Stopping: the HTTP API takes no more requests (those in progress finish), then the event
    // source
    // lets its batch in progress finish, then the engines stop in reverse order of start (dynalite
    // last).
    // What is still queued stays on disk for the next start.
    resources.remove(emulator);
    java.util.Collections.reverse(resources);
    resources.addFirst(emulator);

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
    String banner = banner(info, settings, demo, dynalite, sqs, queues, mailbox, stripe);
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

  /**
   * {@code {"visible": n, "in_flight": n}}: messages waiting and messages being processed (or
   * waiting to be retried).
   */
  private static JsonObject queueDepth(SqsClient sqs, String queueUrl) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    JsonObject depth = new JsonObject();
    depth.addProperty(
        "visible",
        Integer.parseInt(
            attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")));
    depth.addProperty(
        "in_flight",
        Integer.parseInt(
            attributes.getOrDefault(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
    return depth;
  }

  private static Catalog catalog(LocalStackSettings settings) {
    try {
      return Catalog.load(settings.variable("PLAN_CATALOG"));
    } catch (InvalidCatalogException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String banner(
      Info info,
      LocalStackSettings settings,
      DemoTenant.Credentials demo,
      Dynalite dynalite,
      EmbeddedSqs sqs,
      EmbeddedSqs.Queues queues,
      LocalMailbox mailbox,
      LocalStripe stripe) {
    String base = info.baseUrl();
    StringBuilder out = new StringBuilder();
    out.append("\n  Local stack ready in ")
        .append(String.format("%.1f", info.startup().toMillis() / 1000.0))
        .append(" s\n\n  HTTP API (API Gateway emulator, the real handlers behind it)\n");
    for (Routes.Route route : Routes.ALL) {
      out.append(
          String.format(
              "    %-5s %-45s %-9s %s%n",
              route.method(),
              base + route.path(),
              route.function(),
              route.authorized() ? "API key (Lambda authorizer)" : "public"));
    }
    out.append("\n  Demo page            ").append(base).append("/\n");
    out.append("  Emails (JSON)        ")
        .append(base)
        .append("/_local/emails   files: ")
        .append(info.emailsDir())
        .append('\n');
    if (stripe != null) {
      out.append("  Stripe               local stand-in ")
          .append(stripe.apiBase())
          .append("  (no Stripe account; hosted pages under ")
          .append(base)
          .append("/_local/checkout|portal|invoices)\n");
      out.append("  Webhook deliveries   ").append(base).append("/_local/events\n");
    } else {
      out.append(
              "  Stripe               TEST MODE with your STRIPE_SECRET_KEY; forward events with\n")
          .append("                       stripe listen --forward-to localhost:")
          .append(base.substring(base.lastIndexOf(':') + 1))
          .append("/webhooks/stripe\n")
          .append(
              "                       and start with STRIPE_WEBHOOK_SECRET=<the whsec_ it prints>\n");
    }
    out.append("  DynamoDB (dynalite)  ")
        .append(dynalite.endpoint())
        .append("  table ")
        .append(TABLE_NAME)
        .append(", data in ")
        .append(settings.dataDir().resolve("dynamodb"))
        .append('\n');
    out.append("  SQS (ElasticMQ)      ")
        .append(sqs.endpoint())
        .append("  ")
        .append(QUEUE_NAME)
        .append(" -> ")
        .append(DLQ_NAME)
        .append(" after ")
        .append(MAX_RECEIVE_COUNT)
        .append(" receives, visibility ")
        .append(settings.queueVisibility().toSeconds())
        .append(" s, messages kept in ")
        .append(settings.dataDir().resolve(QUEUE_DIR))
        .append(sqs.restoredMessages() > 0 ? " (" + sqs.restoredMessages() + " restored)" : "")
        .append('\n');
    out.append("  SES v2 (mailbox)     ").append(mailbox.endpoint()).append('\n');
    out.append("  Queue depth          ").append(base).append("/_local/queues\n");
    out.append("  Outage / reconcile   ")
        .append(base)
        .append("/_local/outage (POST {\"on\":true}), POST ")
        .append(base)
        .append("/_local/reconcile\n");
    out.append("\n  Demo tenant          ")
        .append(demo.tenant().tenantId())
        .append(" (")
        .append(demo.tenant().name())
        .append(", ")
        .append(demo.tenant().billingEmail())
        .append(")\n");
    out.append("  API key              ")
        .append(info.apiKey())
        .append(
            demo.keyFromEnvironment()
                ? "   (from BILLING_LOCAL_API_KEY)"
                : "   (set BILLING_LOCAL_API_KEY to choose one)")
        .append('\n');
    out.append("  Webhook secret       ")
        .append(info.webhookSecret())
        .append(
            settings.variable("STRIPE_WEBHOOK_SECRET").isPresent()
                ? "   (from STRIPE_WEBHOOK_SECRET)"
                : "   (set STRIPE_WEBHOOK_SECRET to choose one)")
        .append('\n');
    out.append("  Data                 ")
        .append(info.dataDir())
        .append("   (bin/local --reset wipes it)\n");
    out.append("\n  Try: curl -s ")
        .append(base)
        .append("/billing/subscription -H 'Authorization: Bearer ")
        .append(info.apiKey())
        .append("'\n");
    out.append("  Ctrl-C stops everything.\n");
    return out.toString();
  }

  @Override
  public void close() {
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : List.copyOf(resources)) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("failed to stop {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
    resources.clear();
  }

  /**
   * Waits for every engine; each one that started is closed with the stack, also when another one
   * failed (then the first failure is thrown).
   */
  @SafeVarargs
  private static void joinAll(
      List<AutoCloseable> resources, CompletableFuture<? extends AutoCloseable>... starts) {
    RuntimeException failure = null;
    for (CompletableFuture<? extends AutoCloseable> start : starts) {
      try {
        AutoCloseable started = start.join();
        if (started != null) {
          resources.add(started);
        }
      } catch (CompletionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static String newWebhookSecret() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder secret = new StringBuilder("whsec_");
    for (int i = 0; i < 32; i++) {
      secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return secret.toString();
  }

  private static JsonObject readState(Path dataDir) {
    Path file = dataDir.resolve(STATE_FILE);
    if (!Files.isRegularFile(file)) {
      return new JsonObject();
    }
    try {
      return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring unreadable {}: {}", file, e.toString());
      return new JsonObject();
    }
  }

  /**
   * The demo key and webhook secret, so they stay the same across restarts (local data,
   * git-ignored).
   */
  private static void writeState(Path dataDir, JsonObject state) {
    try {
      Files.writeString(
          dataDir.resolve(STATE_FILE),
          new GsonBuilder().setPrettyPrinting().create().toJson(state) + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e)
                throws IOException {
              Files.delete(directory);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot wipe " + dir, e);
    }
  }
}
