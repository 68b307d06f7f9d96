package app.billing.admin;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.ParkedEvent;
import app.billing.core.tenant.TenantProfile;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.dynamodb.Items;
import app.billing.testkit.DynamoOnDynalite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recovery commands' arguments, errors and parked listing on dynalite, through {@link
 * AdminCommand#run}; backfill and link-customer against the Stripe stand-in are exercised in
 * infra/local (BackfillE2ET, LinkCustomerE2ET).
 */
class RecoveryCommandsIT {
  /** Nothing listens there: the commands below must fail before calling Stripe. */
  private static final String NO_STRIPE = "http://127.0.0.1:9";

  private static final Instant PARKED_AT = Instant.parse("2026-11-20T10:00:00Z");

  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("admin-recovery-", BillingTable::createIfMissing);

  private String table;
  private DynamoBillingStore billing;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void freshTable() {
    table = DYNAMO.freshTable();
    billing = new DynamoBillingStore(DYNAMO.client(), table);
    new DynamoTenantStore(DYNAMO.client(), table)
        .createTenant(new TenantProfile("t_acme", "Acme", "billing@acme.test", null, PARKED_AT));
  }

  private int run(Map<String, String> extraEnv, String... args) {
    out.reset();
    err.reset();
    Map<String, String> env = new HashMap<>(Map.of("BILLING_TABLE", table));
    env.putAll(extraEnv);
    return new AdminCommand(env, DYNAMO.client())
        .run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private int run(String... args) {
    return run(
        Map.of("STRIPE_SECRET_KEY", "sk_test_recoveryIT", "STRIPE_API_BASE", NO_STRIPE), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void parkedListsEveryParkedEventWithItsExpiry() {
    billing.park(
        new ParkedEvent("cus_Dash01", "evt_2", "invoice.paid", 1_795_000_100L, "{}"), PARKED_AT);
    billing.park(
        new ParkedEvent(
            "cus_Dash01", "evt_1", "customer.subscription.created", 1_795_000_000L, "{}"),
        PARKED_AT);
    billing.park(
        new ParkedEvent("cus_Other", "evt_3", "invoice.paid", 1_795_000_200L, "{}"), PARKED_AT);

    assertThat(run("parked")).isEqualTo(AdminCommand.OK);
    assertThat(out())
        .containsSubsequence(
            "CUSTOMER",
            "EVENT ID",
            "TYPE",
            "CREATED",
            "PARKED AT",
            "EXPIRES AT",
            "cus_Dash01",
            "evt_1",
            "customer.subscription.created",
            "2026-11-18T11:06:40Z",
            "2026-11-20T10:00:00Z",
            "2026-12-20T10:00:00Z",
            "cus_Dash01",
            "evt_2",
            "cus_Other",
            "evt_3",
            "3 parked event(s)");

    assertThat(run("parked", "--customer", "cus_Other")).isEqualTo(AdminCommand.OK);
    assertThat(out()).contains("evt_3").doesNotContain("evt_1");
  }

  @Test
  void parkedItemsCarryTheTtlAttribute() {
    billing.park(
        new ParkedEvent("cus_Dash01", "evt_1", "invoice.paid", 1_795_000_000L, "{}"), PARKED_AT);
    var item =
        DYNAMO
            .client()
            .getItem(
                b ->
                    b.tableName(table)
                        .key(
                            Items.key(
                                BillingTable.customerPk("cus_Dash01"),
                                BillingTable.parkedSk(1_795_000_000L, "evt_1"))))
            .item();
    assertThat(Items.number(item, BillingTable.EXPIRES_AT))
        .isEqualTo(PARKED_AT.plusSeconds(30L * 86_400).getEpochSecond());
  }

  @Test
  void noParkedEvents() {
    assertThat(run("parked")).isEqualTo(AdminCommand.OK);
    assertThat(out()).isEqualTo("No parked events.\n");
  }

  @Test
  void backfillNeedsExactlyOneOfTenantAndAll() {
    assertThat(run("backfill")).isEqualTo(AdminCommand.USAGE);
    assertThat(err()).contains("--tenant <tenant id> or --all");
    assertThat(run("backfill", "--all", "--tenant", "t_acme")).isEqualTo(AdminCommand.USAGE);
    assertThat(run("backfill", "--all=yes")).isEqualTo(AdminCommand.USAGE);
    assertThat(err()).contains("--all takes no value");
    assertThat(run("backfill", "--tenant", "t_acme", "--rate", "0")).isEqualTo(AdminCommand.USAGE);
    assertThat(err()).contains("--rate");
  }

  @Test
  void backfillOfAnUnknownTenantFailsClearlyWithoutCallingStripe() {
    assertThat(run("backfill", "--tenant", "t_nobody")).isEqualTo(AdminCommand.FAILED);
    assertThat(err()).contains("There is no tenant t_nobody.");
  }

  @Test
  void backfillWithoutAStripeKeyNamesTheVariable() {
    assertThat(run(Map.of(), "backfill", "--tenant", "t_acme")).isEqualTo(AdminCommand.FAILED);
    assertThat(err()).contains("STRIPE_SECRET_KEY");
  }

  @Test
  void linkCustomerRefusesAnUnknownTenantAndAMalformedCustomer() {
    assertThat(run("link-customer", "--tenant", "t_nobody", "--customer", "cus_Dash01"))
        .isEqualTo(AdminCommand.FAILED);
    assertThat(err()).contains("There is no tenant t_nobody.");
    assertThat(billing.lookup("cus_Dash01").tenantId()).isEmpty();

    assertThat(run("link-customer", "--tenant", "t_acme", "--customer", "acme"))
        .isEqualTo(AdminCommand.USAGE);
    assertThat(err()).contains("cus_...");
  }

  @Test
  void usageListsTheRecoveryCommands() {
    assertThat(run("--help")).isEqualTo(AdminCommand.OK);
    assertThat(out())
        .contains(
            "backfill [--tenant <tenant id>] [--rate <value>] [--all]",
            "link-customer --tenant <tenant id> --customer <cus_...>",
            "parked [--customer <cus_...>]");
  }
}
