package app.billing.admin;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.tenant.TenantProfile;
import app.billing.core.testdata.PaymentRecords;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.DynamoOnDynalite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * capture and cancel-authorization refuse, before any Stripe call, a purchase that is not the
 * tenant's or not authorized; the calls themselves run against the Stripe stand-in in infra/local
 * (ManualCaptureE2ET).
 */
class CaptureCommandsIT {
  /** Nothing listens there: the commands below must fail before calling Stripe. */
  private static final String NO_STRIPE = "http://127.0.0.1:9";

  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("admin-capture-", BillingTable::createIfMissing);

  private String table;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void freshTable() {
    table = DYNAMO.freshTable();
    DynamoTenantStore tenants = new DynamoTenantStore(DYNAMO.client(), table);
    tenants.createTenant(new TenantProfile("t_acme", "Acme", "billing@acme.test", null, NOW));
    tenants.createTenant(new TenantProfile("t_other", "Other", "billing@other.test", null, NOW));
    DynamoBillingStore billing = new DynamoBillingStore(DYNAMO.client(), table);
    billing.savePayment(
        PaymentRecords.purchase()
            .tenant("t_acme")
            .id("cs_test_paid01")
            .status("paid")
            .version(1_795_000_000L, "evt_paid")
            .build(),
        false);
    billing.savePayment(
        PaymentRecords.purchase()
            .tenant("t_acme")
            .id("cs_test_held01")
            .status("authorized")
            .version(1_795_000_000L, "evt_held")
            .build(),
        false);
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return new AdminCommand(
            Map.of(
                "BILLING_TABLE",
                table,
                "STRIPE_SECRET_KEY",
                "sk_test_captureIT",
                "STRIPE_API_BASE",
                NO_STRIPE),
            DYNAMO.client())
        .run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPaidPurchaseCannotBeCapturedOrReleased() {
    assertThat(run("capture", "--tenant", "t_acme", "--purchase", "cs_test_paid01"))
        .isEqualTo(AdminCommand.FAILED);
    assertThat(err()).contains("cs_test_paid01 is paid").contains("only an authorized purchase");

    assertThat(run("cancel-authorization", "--tenant", "t_acme", "--purchase", "cs_test_paid01"))
        .isEqualTo(AdminCommand.FAILED);
    assertThat(err()).contains("is paid");
  }

  @Test
  void anotherTenantsPurchaseIsNotFound() {
    assertThat(run("capture", "--tenant", "t_other", "--purchase", "cs_test_held01"))
        .isEqualTo(AdminCommand.FAILED);
    assertThat(err()).contains("tenant t_other has no purchase cs_test_held01");
  }

  @Test
  void thePurchaseIsACheckoutSessionIdAndBothOptionsAreNeeded() {
    assertThat(run("capture", "--tenant", "t_acme", "--purchase", "pi_123"))
        .isEqualTo(AdminCommand.USAGE);
    assertThat(err()).contains("--purchase must be a purchase id");

    assertThat(run("cancel-authorization", "--tenant", "t_acme")).isEqualTo(AdminCommand.USAGE);
    assertThat(err()).contains("needs --purchase");
  }

  @Test
  void anAuthorizedPurchaseGoesToStripeWhoseFailureIsReported() {
    assertThat(run("capture", "--tenant", "t_acme", "--purchase", "cs_test_held01"))
        .isEqualTo(AdminCommand.FAILED);
    assertThat(err()).contains("Stripe could not retrieve checkout session cs_test_held01");
  }
}
