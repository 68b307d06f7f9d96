package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CreditsAuditEmailIT extends DynaliteTestSupport {
  private static final String TENANT = "tn_8c1f2e4a";
  private static final Instant NOW = Instant.parse("2025-03-17T14:03:15Z");

  @Test
  void creditsAreGrantedOncePerOrderAndAddUpAcrossOrders() {
    assertThat(store.credits(TENANT)).isZero();

    assertThat(store.grantCredits(TENANT, "cs_test_order1", 1_000, NOW)).isTrue();
    assertThat(store.grantCredits(TENANT, "cs_test_order1", 1_000, NOW.plusSeconds(5))).isFalse();
    assertThat(store.grantCredits(TENANT, "cs_test_order2", 250, NOW.plusSeconds(60))).isTrue();
    assertThat(store.grantCredits(TENANT, "cs_test_order2", 250, NOW.plusSeconds(61))).isFalse();

    assertThat(store.credits(TENANT)).isEqualTo(1_250);
    assertThat(store.credits("tn_other")).isZero();
    var item = rawItem(BillingTable.tenantPk(TENANT), BillingTable.CREDITS_SK);
    assertThat(item.get("grantedOrders").ss()).containsExactlyInAnyOrder("cs_test_order1", "cs_test_order2");
    assertThat(Items.string(item, "type")).isEqualTo(BillingTable.TYPE_CREDITS);
  }

  @Test
  void emailGuard() {
    String key = "welcome:sub_1QxR4tKd8Zq2LmNpA7bC9dEf";
    assertThat(store.emailSent(key)).isFalse();

    store.markEmailSent(key, NOW, false);

    assertThat(store.emailSent(key)).isTrue();
    assertThat(store.emailSent("invoice_receipt:evt_other")).isFalse();
    var item = rawItem(BillingTable.emailPk(key), BillingTable.EMAIL_SENT_SK);
    assertThat(Items.number(item, "expiresAt")).isEqualTo(NOW.plus(Duration.ofDays(35)).getEpochSecond());
  }

  @Test
  void emailGuardWithoutTtlWhenConfiguredSo() {
    var keepForever = new DynamoBillingStore(dynamo, table, Duration.ofMinutes(2), Duration.ofDays(35),
        Duration.ofDays(90), null);
    keepForever.markEmailSent("welcome:sub_x", NOW, false);
    assertThat(rawItem(BillingTable.emailPk("welcome:sub_x"), BillingTable.EMAIL_SENT_SK))
        .doesNotContainKey("expiresAt");
  }

  @Test
  void emailGuardMarkedForeverHasNoTtl() {
    store.markEmailSent("welcome:sub_forever", NOW, true);
    assertThat(rawItem(BillingTable.emailPk("welcome:sub_forever"), BillingTable.EMAIL_SENT_SK))
        .doesNotContainKey("expiresAt");
  }

  @Test
  void auditEntriesExpireAfterTheAuditTtl() {
    var entry = new AuditEntry(TENANT, "evt_1QxR5uKd8Zq2LmNp0a1B2c3D", "invoice.paid", 1_742_220_190L,
        Outcome.APPLIED, NOW);
    store.audit(entry);
    store.audit(entry); // redelivered after a failure later on: same item

    var item = rawItem(BillingTable.tenantPk(TENANT), "EVENT#001742220190#evt_1QxR5uKd8Zq2LmNp0a1B2c3D");
    assertThat(RecordItems.audit(item)).isEqualTo(entry);
    assertThat(Items.string(item, "type")).isEqualTo(BillingTable.TYPE_AUDIT);
    assertThat(Items.string(item, "outcome")).isEqualTo("applied");
    assertThat(Items.number(item, "expiresAt")).isEqualTo(NOW.plus(Duration.ofDays(90)).getEpochSecond());
  }

  @Test
  void billingEmailComesFromTheTenantProfile() {
    dynamo.putItem(b -> b.tableName(table).item(Map.of(
        "pk", AttributeValue.fromS(BillingTable.tenantPk(TENANT)),
        "sk", AttributeValue.fromS(BillingTable.PROFILE_SK),
        "type", AttributeValue.fromS(BillingTable.TYPE_PROFILE),
        "billingEmail", AttributeValue.fromS("admin@acme.example"))));
    dynamo.putItem(b -> b.tableName(table).item(Map.of(
        "pk", AttributeValue.fromS(BillingTable.tenantPk("tn_no_email")),
        "sk", AttributeValue.fromS(BillingTable.PROFILE_SK),
        "type", AttributeValue.fromS(BillingTable.TYPE_PROFILE))));

    assertThat(store.tenantBillingEmail(TENANT)).contains("admin@acme.example");
    assertThat(store.tenantBillingEmail("tn_no_email")).isEmpty();
  }
}
