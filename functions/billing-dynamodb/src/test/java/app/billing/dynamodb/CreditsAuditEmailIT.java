package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.AuditEntry;
import app.billing.core.port.EmailGuards.EmailClaim;
import app.billing.core.port.EmailGuards.SentEmail;
import app.billing.core.testdata.AuditEntries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    assertThat(item.get("grantedOrders").ss())
        .containsExactlyInAnyOrder("cs_test_order1", "cs_test_order2");
    assertThat(Items.string(item, "type")).isEqualTo(BillingTable.TYPE_CREDITS);
  }

  @Test
  void anEmailIsClaimedOnceThenMarkedSent() {
    String key = "evt_1QxR5uKd8Zq2LmNp0a1B2c3D:invoice_receipt";
    assertThat(store.claimEmail(key, NOW, false)).isEqualTo(EmailClaim.CLAIMED);
    assertThat(store.claimEmail(key, NOW.plusSeconds(30), false)).isEqualTo(EmailClaim.TAKEN);
    assertThat(store.claimEmail("evt_other:invoice_receipt", NOW, false))
        .isEqualTo(EmailClaim.CLAIMED);

    store.writeBatch(List.of(), List.of(new SentEmail(key, NOW.plusSeconds(1), false)));

    assertThat(store.claimEmail(key, NOW.plus(Duration.ofDays(1)), false))
        .isEqualTo(EmailClaim.TAKEN);
    var item = rawItem(BillingTable.emailPk(key), BillingTable.EMAIL_SENT_SK);
    assertThat(Items.string(item, "status")).isEqualTo("SENT");
    assertThat(item).doesNotContainKey("leaseUntil");
    assertThat(Items.number(item, "expiresAt"))
        .isEqualTo(NOW.plusSeconds(1).plus(Duration.ofDays(35)).getEpochSecond());
  }

  @Test
  void aReleasedOrExpiredClaimCanBeClaimedAgainButASentOneCannotBeReleased() {
    String key = "welcome:sub_1QxR4tKd8Zq2LmNpA7bC9dEf:welcome";
    store.claimEmail(key, NOW, true);
    store.releaseEmail(key);
    assertThat(rawItem(BillingTable.emailPk(key), BillingTable.EMAIL_SENT_SK)).isNull();

    assertThat(store.claimEmail(key, NOW, true)).isEqualTo(EmailClaim.CLAIMED);
    assertThat(store.claimEmail(key, NOW.plus(Duration.ofMinutes(2)), true))
        .isEqualTo(EmailClaim.TAKEN);
    assertThat(store.claimEmail(key, NOW.plus(Duration.ofMinutes(2)).plusSeconds(1), true))
        .isEqualTo(EmailClaim.CLAIMED);

    store.writeBatch(List.of(), List.of(new SentEmail(key, NOW.plus(Duration.ofMinutes(3)), true)));
    store.releaseEmail(key);
    assertThat(store.claimEmail(key, NOW.plus(Duration.ofDays(400)), true))
        .isEqualTo(EmailClaim.TAKEN);
    assertThat(rawItem(BillingTable.emailPk(key), BillingTable.EMAIL_SENT_SK))
        .doesNotContainKey("expiresAt");
  }

  @Test
  void aGuardWrittenBeforeClaimsExistedCountsAsSent() {
    String key = "evt_legacy:payment_failed";
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS(BillingTable.emailPk(key)),
                        "sk", AttributeValue.fromS(BillingTable.EMAIL_SENT_SK),
                        "type", AttributeValue.fromS(BillingTable.TYPE_EMAIL_GUARD),
                        "emailKey", AttributeValue.fromS(key))));

    assertThat(store.claimEmail(key, NOW, false)).isEqualTo(EmailClaim.TAKEN);
  }

  @Test
  void emailGuardWithoutTtlWhenConfiguredSo() {
    var keepForever =
        new DynamoBillingStore(dynamo, table, Duration.ofMinutes(2), Duration.ofDays(90), null);
    keepForever.claimEmail("evt_x:receipt", NOW, false);
    keepForever.writeBatch(List.of(), List.of(new SentEmail("evt_x:receipt", NOW, false)));
    assertThat(rawItem(BillingTable.emailPk("evt_x:receipt"), BillingTable.EMAIL_SENT_SK))
        .doesNotContainKey("expiresAt");
  }

  @Test
  void auditEntriesExpireAfterTheAuditTtl() {
    var entry =
        AuditEntries.applied()
            .tenant(TENANT)
            .event("evt_1QxR5uKd8Zq2LmNp0a1B2c3D", "invoice.paid", 1_742_220_190L)
            .processedAt(NOW)
            .build();
    store.writeBatch(List.of(entry), List.of());
    store.writeBatch(
        List.of(entry), List.of()); // written again after a batch was retried: same item

    var item =
        rawItem(BillingTable.tenantPk(TENANT), "EVENT#001742220190#evt_1QxR5uKd8Zq2LmNp0a1B2c3D");
    assertThat(EventItems.audit(item)).isEqualTo(entry);
    assertThat(Items.string(item, "type")).isEqualTo(BillingTable.TYPE_AUDIT);
    assertThat(Items.string(item, "outcome")).isEqualTo("applied");
    assertThat(Items.number(item, "expiresAt"))
        .isEqualTo(NOW.plus(Duration.ofDays(90)).getEpochSecond());
  }

  @Test
  void aBatchLargerThanOneRequestIsWrittenWhole() {
    List<AuditEntry> entries = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      entries.add(
          AuditEntries.applied()
              .tenant(TENANT)
              .event("evt_batch_" + i, "invoice.paid", 1_742_220_000L + i)
              .processedAt(NOW)
              .build());
    }
    entries.add(
        entries.get(7)); // the same event twice in one batch: one item, not a refused request
    List<SentEmail> sent =
        List.of(
            new SentEmail("evt_batch_1:invoice_receipt", NOW, false),
            new SentEmail("evt_batch_2:invoice_receipt", NOW, false));
    sent.forEach(email -> store.claimEmail(email.emailKey(), NOW, false));

    store.writeBatch(entries, sent);

    var items =
        dynamo
            .query(
                b ->
                    b.tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :e)")
                        .expressionAttributeValues(
                            Map.of(
                                ":pk",
                                AttributeValue.fromS(BillingTable.tenantPk(TENANT)),
                                ":e",
                                AttributeValue.fromS(BillingTable.AUDIT_PREFIX))))
            .items();
    assertThat(items).hasSize(60);
    assertThat(store.claimEmail("evt_batch_2:invoice_receipt", NOW.plus(Duration.ofDays(1)), false))
        .isEqualTo(EmailClaim.TAKEN);
    assertThat(
            Items.string(
                rawItem(
                    BillingTable.emailPk("evt_batch_1:invoice_receipt"),
                    BillingTable.EMAIL_SENT_SK),
                "status"))
        .isEqualTo("SENT");
  }

  @Test
  void billingEmailComesFromTheTenantProfile() {
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS(BillingTable.tenantPk(TENANT)),
                        "sk", AttributeValue.fromS(BillingTable.PROFILE_SK),
                        "type", AttributeValue.fromS(BillingTable.TYPE_PROFILE),
                        "billingEmail", AttributeValue.fromS("admin@acme.example"))));
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS(BillingTable.tenantPk("tn_no_email")),
                        "sk", AttributeValue.fromS(BillingTable.PROFILE_SK),
                        "type", AttributeValue.fromS(BillingTable.TYPE_PROFILE))));

    assertThat(store.tenantBillingEmail(TENANT)).contains("admin@acme.example");
    assertThat(store.tenantBillingEmail("tn_no_email")).isEmpty();
  }
}
