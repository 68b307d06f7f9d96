package app.billing.testkit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * JUnit extension: one dynalite and one DynamoDB client per test class, and fresh tables on demand.
 * Register it with {@code @RegisterExtension} on a static field, e.g. {@code static final
 * DynamoOnDynalite DYNAMO = new DynamoOnDynalite("admin-", BillingTable::createIfMissing)}, and
 * take {@link #freshTable()} in a {@code @BeforeEach} method. The table layout comes from the
 * caller, so the testkit needs none of our modules (billing-dynamodb tests use the testkit).
 *
 * <p>The engine starts before the class's own {@code @BeforeAll} methods and stops after its
 * {@code @AfterAll} methods; {@code @Nested} classes use the engine of the class that registered
 * it.
 */
public final class DynamoOnDynalite implements BeforeAllCallback, AfterAllCallback {
  private final String tablePrefix;
  private final BiConsumer<DynamoDbClient, String> createTable;
  private final AtomicInteger tables = new AtomicInteger();

  private Class<?> owner;
  private Dynalite dynalite;
  private DynamoDbClient client;

  /** Engine and client only: the tests create what they need themselves. */
  public DynamoOnDynalite() {
    this(null, null);
  }

  /**
   * {@link #freshTable()} names tables {@code tablePrefix} followed by 1, 2, ... and creates each
   * with {@code createTable} (e.g. {@code BillingTable::createIfMissing}).
   */
  public DynamoOnDynalite(String tablePrefix, BiConsumer<DynamoDbClient, String> createTable) {
    this.tablePrefix = tablePrefix;
    this.createTable = createTable;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (owner != null) {
      return; // a @Nested class: the engine of its enclosing class is running
    }
    dynalite = Dynalite.start();
    client = LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build();
    owner = context.getRequiredTestClass();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getRequiredTestClass() != owner) {
      return;
    }
    client.close();
    dynalite.close();
    client = null;
    dynalite = null;
    owner = null;
  }

  /** The client of the running engine. */
  public DynamoDbClient client() {
    if (client == null) {
      throw new IllegalStateException(
          "dynalite is not running: register DynamoOnDynalite with "
              + "@RegisterExtension on a static field");
    }
    return client;
  }

  /** Creates the next table and returns its name. */
  public String freshTable() {
    if (createTable == null) {
      throw new IllegalStateException(
          "no table layout given: use DynamoOnDynalite(tablePrefix, createTable)");
    }
    String table = tablePrefix + tables.incrementAndGet();
    createTable.accept(client(), table);
    return table;
  }
}
