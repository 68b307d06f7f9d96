package app.billing.admin;

import app.billing.admin.catalog.CheckCatalogCommand;
import app.billing.admin.dlq.DlqCommand;
import app.billing.core.config.ConfigException;
import app.billing.core.config.ConfigReader;
import app.billing.core.error.ApiException;
import app.billing.core.error.ValidationException;
import app.billing.core.tenant.ApiKeys;
import app.billing.core.tenant.TenantAdmin;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Operator command line for tenants and API keys, and for recovery from Stripe (backfill,
 * link-customer, parked; see {@link RecoveryCommands}):
 *
 * <pre>
 * java -cp functions/admin/target/admin-function.jar app.billing.admin.AdminCommand &lt;command&gt; [options]
 * </pre>
 *
 * <p>Env: {@code BILLING_TABLE} (required); region and credentials from the AWS SDK's default chain
 * ({@code AWS_REGION}, {@code AWS_PROFILE}, ...); {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the
 * SDK itself) for a local DynamoDB. Exit codes: 0 done, 1 failed, 2 bad arguments.
 */
public final class AdminCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final String PROGRAM = "admin";
  private static final Set<String> HELP = Set.of("-h", "--help", "help");

  private static final List<Spec> COMMANDS =
      Stream.of(TenantCommands.SPECS, RecoveryCommands.SPECS, CaptureCommands.SPECS)
          .flatMap(List::stream)
          .toList();

  private final Map<String, String> env;
  private final Supplier<DynamoDbClient> dynamo;
  private final boolean ownsClient;
  private final Supplier<SqsClient> sqs;

  /** Builds its DynamoDB client from the SDK's default chain on each run, and closes it. */
  public AdminCommand(Map<String, String> env) {
    this(env, AdminCommand::defaultClient, true);
  }

  /** Uses {@code dynamo} (not closed); for tests and other wiring. */
  public AdminCommand(Map<String, String> env, DynamoDbClient dynamo) {
    this(env, constant(Objects.requireNonNull(dynamo, "dynamo")), false);
  }

  /**
   * Builds its client with {@code dynamo} only once the arguments and environment are valid; never
   * closes it.
   */
  AdminCommand(Map<String, String> env, Supplier<DynamoDbClient> dynamo) {
    this(env, dynamo, false);
  }

  private static Supplier<DynamoDbClient> constant(DynamoDbClient dynamo) {
    return () -> dynamo;
  }

  /** Uses {@code dynamo} and {@code sqs} (not closed); for tests and other wiring. */
  public AdminCommand(Map<String, String> env, DynamoDbClient dynamo, SqsClient sqs) {
    this(
        env,
        constant(Objects.requireNonNull(dynamo, "dynamo")),
        false,
        constantSqs(Objects.requireNonNull(sqs, "sqs")));
  }

  private AdminCommand(
      Map<String, String> env, Supplier<DynamoDbClient> dynamo, boolean ownsClient) {
    this(env, dynamo, ownsClient, AdminCommand::defaultSqsClient);
  }

  private AdminCommand(
      Map<String, String> env,
      Supplier<DynamoDbClient> dynamo,
      boolean ownsClient,
      Supplier<SqsClient> sqs) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.dynamo = dynamo;
    this.ownsClient = ownsClient;
    this.sqs = sqs;
  }

  private static Supplier<SqsClient> constantSqs(SqsClient sqs) {
    return () -> sqs;
  }

  public static void main(String[] args) {
    quietLogging();
    System.exit(new AdminCommand(System.getenv()).run(args, System.out, System.err));
  }

  /** Uses {@code sqs} for the dlq commands (not closed); for tests and other wiring. */
  public AdminCommand withSqs(SqsClient sqs) {
    Objects.requireNonNull(sqs, "sqs");
    return new AdminCommand(env, dynamo, ownsClient, constantSqs(sqs));
  }

  /** Runs one command; returns the exit code (0 done, 1 failed, 2 bad arguments). */
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && HELP.contains(args[0])) {
      out.print(usage());
      return OK;
    }
    if (args.length == 0) {
      return usageError(err, "no command given");
    }
    if (FailedCommand.NAME.equals(args[0])) {
      return runFailed(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    if (CheckCatalogCommand.NAME.equals(args[0])) {
      return new CheckCatalogCommand(env).run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    if (DlqCommand.NAME.equals(args[0])) {
      return new DlqCommand(env, sqs, dynamo, Clock.systemUTC())
          .run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    Optional<Spec> spec = COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst();
    if (spec.isEmpty()) {
      return usageError(err, "unknown command '" + args[0] + "'");
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (rest.length == 1 && HELP.contains(rest[0])) {
      out.print(usage());
      return OK;
    }
    Map<String, String> options;
    try {
      options = Spec.parse(spec.get(), rest);
    } catch (IllegalArgumentException e) {
      return usageError(err, e.getMessage());
    }
    return execute(spec.get(), options, out, err);
  }

  private int execute(Spec spec, Map<String, String> options, PrintStream out, PrintStream err) {
    String table;
    try {
      ConfigReader reader = new ConfigReader(env);
      table = BillingTable.tableName(reader);
      reader.validate();
    } catch (ConfigException e) {
      err.println(
          PROGRAM
              + ": "
              + String.join("; ", e.problems())
              + " (set it to the billing table's name)");
      return FAILED;
    }
    DynamoDbClient client = null;
    try {
      client = dynamo.get();
      TenantAdmin admin =
          new TenantAdmin(new DynamoTenantStore(client, table), new ApiKeys(), Clock.systemUTC());
      spec.action().run(new Spec.Context(env, client, table, admin), options, out);
      return OK;
    } catch (ConfigException e) {
      err.println(PROGRAM + " " + spec.name() + ": " + String.join("; ", e.problems()));
      return FAILED;
    } catch (ValidationException e) {
      err.println(PROGRAM + " " + spec.name() + ": " + e.getMessage());
      return USAGE;
    } catch (ApiException e) {
      err.println(PROGRAM + " " + spec.name() + ": " + e.getMessage());
      return FAILED;
    } catch (SdkException e) {
      err.println(PROGRAM + " " + spec.name() + ": DynamoDB request failed: " + e.getMessage());
      return FAILED;
    } finally {
      if (ownsClient && client != null) {
        client.close();
      }
    }
  }

  /** Builds the clients only when a command needs them; closes those it built. */
  private int runFailed(String[] args, PrintStream out, PrintStream err) {
    List<AutoCloseable> built = new ArrayList<>();
    Supplier<DynamoDbClient> dynamoOnce = memoize(dynamo, ownsClient ? built : null);
    Supplier<SqsClient> sqsOnce = memoize(sqs, ownsClient ? built : null);
    try {
      return new FailedCommand(env, dynamoOnce, sqsOnce).run(args, out, err);
    } finally {
      for (AutoCloseable client : built) {
        try {
          client.close();
        } catch (Exception e) {
          // closing a client on the way out changes nothing for the operator
        }
      }
    }
  }

  private static <T extends AutoCloseable> Supplier<T> memoize(
      Supplier<T> supplier, List<AutoCloseable> toClose) {
    return new Supplier<>() {
      private T value;

      @Override
      public T get() {
        if (value == null) {
          value = supplier.get();
          if (toClose != null) {
            toClose.add(value);
          }
        }
        return value;
      }
    };
  }

  private static int usageError(PrintStream err, String problem) {
    err.println(PROGRAM + ": " + problem);
    err.println();
    err.print(usage());
    return USAGE;
  }

  static String usage() {
    StringBuilder text =
        new StringBuilder("Usage: java -cp admin-function.jar ")
            .append(AdminCommand.class.getName())
            .append(" <command> [options]\n\nCommands:\n");
    for (Spec spec : COMMANDS) {
      text.append("  ")
          .append(spec.synopsis())
          .append('\n')
          .append("      ")
          .append(spec.summary())
          .append('\n');
    }
    text.append(FailedCommand.usage());
    text.append(DlqCommand.USAGE_TEXT);
    text.append(CheckCatalogCommand.USAGE_TEXT);
    return text.append(
            """

        Environment:
          BILLING_TABLE              the billing table (required; optional for dlq)
          EVENT_QUEUE_URL            the FIFO event queue (failed retry, link-customer, dlq; the DLQ is
                                     read from its redrive policy, or EVENT_DLQ_URL)
          AWS_ENDPOINT_URL_SQS       a local SQS, e.g. ElasticMQ
          AWS_REGION, AWS_PROFILE    region and credentials, as for the AWS CLI
          AWS_ENDPOINT_URL_DYNAMODB  a local DynamoDB, e.g. http://127.0.0.1:4567
          STRIPE_SECRET_KEY          backfill, link-customer: a Stripe key that can read customers,
                                     subscriptions, invoices and entitlements (a restricted rk_ key will do);
                                     capture, cancel-authorization: one that can write payment intents
          STRIPE_API_BASE            optional: a Stripe stand-in, e.g. the local stack's
          PLAN_CATALOG_SOURCE        check-catalog, backfill: bundled (default), ssm:/name or s3://bucket/key

        Exit codes: 0 done, 1 failed, 2 bad arguments.
        """)
        .toString();
  }

  // --- wiring ---

  private static DynamoDbClient defaultClient() {
    return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /** {@code AWS_ENDPOINT_URL_SQS} (read by the SDK itself) points it at a local queue. */
  private static SqsClient defaultSqsClient() {
    return SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /**
   * Human output on stdout: log events (warnings only) go to stderr as plain lines, unless a log
   * configuration is chosen explicitly. Must run before the first logger is created.
   */
  private static void quietLogging() {
    if (System.getProperty("log4j2.configurationFile") == null
        && System.getProperty("log4j.configurationFile") == null
        && System.getenv("LOG4J_CONFIGURATION_FILE") == null) {
      System.setProperty("log4j2.configurationFile", "log4j2-admin.xml");
    }
  }
}
