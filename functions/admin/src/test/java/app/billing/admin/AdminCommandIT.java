package app.billing.admin;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.tenant.Authenticator;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.DynamoOnDynalite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin command end to end on dynalite, through {@link AdminCommand#run}. */
class AdminCommandIT {
  private static final Pattern KEY =
      Pattern.compile("^  (bk_live_[A-Za-z0-9_-]{43})$", Pattern.MULTILINE);
  private static final Pattern KEY_ID = Pattern.compile("API key \\(id ([0-9a-f]{12})\\):");

  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("admin-", BillingTable::createIfMissing);

  private DynamoTenantStore store;
  private AdminCommand command;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void freshTable() {
    String table = DYNAMO.freshTable();
    store = new DynamoTenantStore(DYNAMO.client(), table);
    command = new AdminCommand(Map.of("BILLING_TABLE", table), DYNAMO.client());
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return command.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as(text).isTrue();
    return matcher.group(1);
  }

  private String tenantOf(String apiKey) {
    return new Authenticator(store).tenantFor("Bearer " + apiKey).orElse(null);
  }

  @Test
  void createTenantPrintsTheKeyOnceAndStoresOnlyItsHash() {
    assertThat(
            run(
                "create-tenant",
                "--name",
                "Acme",
                "--email",
                "billing@acme.test",
                "--id",
                "t_acme"))
        .isZero();

    String key = group(KEY, out());
    String keyId = group(KEY_ID, out());
    assertThat(out())
        .startsWith("Created tenant t_acme\n")
        .contains("  name:  Acme\n", "  email: billing@acme.test\n")
        .contains("will not be shown again");
    assertThat(err()).isEmpty();
    assertThat(tenantOf(key)).isEqualTo("t_acme");
    assertThat(store.tenant("t_acme").orElseThrow().billingEmail()).isEqualTo("billing@acme.test");
    assertThat(store.apiKeys("t_acme"))
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.keyId()).isEqualTo(keyId);
              assertThat(k.keyHash()).doesNotContain(key);
            });
  }

  @Test
  void createTenantGeneratesAnIdAndAcceptsOptionEqualsValue() {
    assertThat(run("create-tenant", "--name=Globex Corp", "--email=ap@globex.test")).isZero();

    String tenantId =
        group(Pattern.compile("^Created tenant (tnt_[a-z2-7]{16})$", Pattern.MULTILINE), out());
    assertThat(store.tenant(tenantId).orElseThrow().name()).isEqualTo("Globex Corp");
    assertThat(tenantOf(group(KEY, out()))).isEqualTo(tenantId);
  }

  @Test
  void createTenantRefusesATakenIdAndBadValues() {
    run("create-tenant", "--name", "Acme", "--email", "billing@acme.test", "--id", "t_acme");

    assertThat(run("create-tenant", "--name", "Other", "--email", "x@other.test", "--id", "t_acme"))
        .isEqualTo(1);
    assertThat(err()).isEqualTo("admin create-tenant: Tenant t_acme already exists.\n");
    assertThat(out()).isEmpty();

    assertThat(run("create-tenant", "--name", "Acme", "--email", "not-an-email")).isEqualTo(2);
    assertThat(err()).startsWith("admin create-tenant: The billing email");
    assertThat(run("create-tenant", "--name", " ", "--email", "billing@acme.test")).isEqualTo(2);
    assertThat(
            run("create-tenant", "--name", "Acme", "--email", "billing@acme.test", "--id", "t#1"))
        .isEqualTo(2);
    assertThat(store.tenants()).hasSize(1);
  }

  @Test
  void issueKeyAddsAWorkingKey() {
    run("create-tenant", "--name", "Acme", "--email", "billing@acme.test", "--id", "t_acme");
    String first = group(KEY, out());

    assertThat(run("issue-key", "--tenant", "t_acme")).isZero();

    String second = group(KEY, out());
    assertThat(out())
        .startsWith("Issued a new key for tenant t_acme\n")
        .contains("will not be shown again");
    assertThat(second).isNotEqualTo(first);
    assertThat(tenantOf(second)).isEqualTo("t_acme");
    assertThat(tenantOf(first)).isEqualTo("t_acme");
  }

  @Test
  void issueKeyForAnUnknownTenantFails() {
    assertThat(run("issue-key", "--tenant", "t_nobody")).isEqualTo(1);
    assertThat(err()).isEqualTo("admin issue-key: There is no tenant t_nobody.\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void revokeKeyStopsTheKey() {
    run("create-tenant", "--name", "Acme", "--email", "billing@acme.test", "--id", "t_acme");
    String key = group(KEY, out());
    String keyId = group(KEY_ID, out());

    assertThat(run("revoke-key", "--tenant", "t_acme", "--key-id", keyId)).isZero();
    assertThat(out()).startsWith("Revoked key " + keyId + " of tenant t_acme.\n");
    assertThat(tenantOf(key)).isNull();

    assertThat(run("revoke-key", "--tenant", "t_acme", "--key-id", keyId)).isEqualTo(1);
    assertThat(err()).isEqualTo("admin revoke-key: Tenant t_acme has no key " + keyId + ".\n");
    assertThat(run("revoke-key", "--tenant", "t_acme", "--key-id", "KEY1")).isEqualTo(2);
  }

  @Test
  void listTenantsShowsProfilesAndKeyIds() {
    assertThat(run("list-tenants")).isZero();
    assertThat(out()).isEqualTo("No tenants.\n");

    run("create-tenant", "--name", "Acme", "--email", "billing@acme.test", "--id", "t_acme");
    String acmeFirst = group(KEY_ID, out());
    run("issue-key", "--tenant", "t_acme");
    String acmeSecond = group(KEY_ID, out());
    run(
        "create-tenant",
        "--name",
        "Globex Corporation",
        "--email",
        "ap@globex.test",
        "--id",
        "t_globex");
    String globexKey = group(KEY_ID, out());
    store.attachStripeCustomer("t_globex", "cus_R2d2C3po");
    run("revoke-key", "--tenant", "t_globex", "--key-id", globexKey);

    assertThat(run("list-tenants")).isZero();

    String[] lines = out().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).matches("TENANT +NAME +EMAIL +STRIPE CUSTOMER +KEY IDS");
    assertThat(lines[1].split(" {2,}"))
        .satisfiesAnyOf(
            cols ->
                assertThat(cols)
                    .containsExactly(
                        "t_acme", "Acme", "billing@acme.test", "-", acmeFirst + "," + acmeSecond),
            cols ->
                assertThat(cols)
                    .containsExactly(
                        "t_acme", "Acme", "billing@acme.test", "-", acmeSecond + "," + acmeFirst));
    assertThat(lines[2].split(" {2,}"))
        .containsExactly("t_globex", "Globex Corporation", "ap@globex.test", "cus_R2d2C3po", "-");
    // columns line up
    assertThat(lines[1].indexOf("billing@acme.test")).isEqualTo(lines[0].indexOf("EMAIL"));
    assertThat(lines[2].indexOf("cus_R2d2C3po")).isEqualTo(lines[0].indexOf("STRIPE CUSTOMER"));
    assertThat(err()).isEmpty();
  }
}
