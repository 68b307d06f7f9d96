package app.billing.dynamodb;

import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import java.time.Instant;
import java.util.List;

/** Records with the values Stripe events typically carry. */
final class Fixtures {
  static final Instant PERIOD_START = Instant.parse("2025-03-01T09:12:44Z");
  static final Instant PERIOD_END = Instant.parse("2025-04-01T09:12:44Z");

  /** 2025-03-01T09:12:45Z, the created second of the subscription's first event. */
  static final long T0 = 1_740_820_365L;

  private Fixtures() {}

  static EventVersion version(long created, String eventId) {
    return new EventVersion(created, eventId);
  }

  static SubscriptionRecord activeSubscription(String tenantId, EventVersion version) {
    return new SubscriptionRecord(
        tenantId,
        "cus_Q8fJ2kLmN3pR7s",
        "sub_1QxR4tKd8Zq2LmNpA7bC9dEf",
        "active",
        "pro",
        "price_1QxR2aKd8Zq2LmNpProMonth",
        "monthly",
        5,
        PERIOD_START,
        PERIOD_END,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        version);
  }

  static SubscriptionRecord trialingSubscription(String tenantId, EventVersion version) {
    return new SubscriptionRecord(
        tenantId,
        "cus_Q8fJ2kLmN3pR7s",
        "sub_1QxR4tKd8Zq2LmNpA7bC9dEf",
        "trialing",
        "pro",
        "price_1QxR2aKd8Zq2LmNpProMonth",
        "monthly",
        5,
        PERIOD_START,
        PERIOD_END,
        Instant.parse("2025-03-15T09:12:44Z"),
        true,
        Instant.parse("2025-04-01T09:12:44Z"),
        null,
        null,
        "cancellation_requested",
        null,
        version);
  }

  static SubscriptionRecord pastDueSubscription(
      String tenantId, String subscriptionId, EventVersion version) {
    return new SubscriptionRecord(
        tenantId,
        "cus_Q8fJ2kLmN3pR7s",
        subscriptionId,
        "past_due",
        "pro",
        "price_1QxR2aKd8Zq2LmNpProMonth",
        "monthly",
        5,
        PERIOD_START,
        PERIOD_END,
        null,
        false,
        null,
        null,
        null,
        null,
        Instant.ofEpochSecond(version.created()),
        version);
  }

  static SubscriptionRecord pastDueSubscription(String tenantId, EventVersion version) {
    return pastDueSubscription(tenantId, "sub_1QxR4tKd8Zq2LmNpA7bC9dEf", version);
  }

  static PaymentRecord invoice(
      String tenantId,
      String invoiceId,
      Instant created,
      String status,
      long amountPaid,
      EventVersion version) {
    return new PaymentRecord(
        tenantId,
        invoiceId,
        PaymentRecord.Kind.INVOICE,
        "cus_Q8fJ2kLmN3pR7s",
        4500,
        amountPaid,
        "eur",
        status,
        "Pro (monthly) × 5",
        created,
        "https://invoice.stripe.com/i/acct_1Nv0FGQ9RKHgCVdK/test_YWNjdF8xTnYw",
        "https://pay.stripe.com/invoice/acct_1Nv0FGQ9RKHgCVdK/test_YWNjdF8xTnYw/pdf",
        "subscription_cycle",
        "sub_1QxR4tKd8Zq2LmNpA7bC9dEf",
        "pro",
        version);
  }

  static PaymentRecord purchase(
      String tenantId, String sessionId, Instant created, String status, EventVersion version) {
    return new PaymentRecord(
        tenantId,
        sessionId,
        PaymentRecord.Kind.PURCHASE,
        "cus_Q8fJ2kLmN3pR7s",
        1900,
        "paid".equals(status) ? 1900 : 0,
        "eur",
        status,
        "1,000 credits",
        created,
        null,
        null,
        null,
        null,
        "credits-1000",
        version);
  }

  static CustomerRecord customer(
      String tenantId, String name, boolean delinquent, EventVersion version) {
    return new CustomerRecord(
        tenantId, "cus_Q8fJ2kLmN3pR7s", "billing@acme.example", name, delinquent, false, version);
  }

  static EntitlementsRecord entitlements(
      String tenantId, List<String> lookupKeys, EventVersion version) {
    return new EntitlementsRecord(tenantId, "cus_Q8fJ2kLmN3pR7s", lookupKeys, version);
  }
}
