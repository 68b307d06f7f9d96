package app.billing.dynamodb;

import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.testdata.CustomerRecords;
import app.billing.core.testdata.EntitlementsRecords;
import app.billing.core.testdata.PaymentRecords;
import app.billing.core.testdata.SubscriptionRecords;
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
    return SubscriptionRecords.active()
        .tenant(tenantId)
        .customer("cus_Q8fJ2kLmN3pR7s")
        .subscription("sub_1QxR4tKd8Zq2LmNpA7bC9dEf")
        .plan("pro")
        .price("price_1QxR2aKd8Zq2LmNpProMonth")
        .quantity(5)
        .period(PERIOD_START, PERIOD_END)
        .version(version)
        .build();
  }

  static SubscriptionRecord trialingSubscription(String tenantId, EventVersion version) {
    return SubscriptionRecords.trialing()
        .tenant(tenantId)
        .customer("cus_Q8fJ2kLmN3pR7s")
        .subscription("sub_1QxR4tKd8Zq2LmNpA7bC9dEf")
        .plan("pro")
        .price("price_1QxR2aKd8Zq2LmNpProMonth")
        .quantity(5)
        .period(PERIOD_START, PERIOD_END)
        .trialEnd(Instant.parse("2025-03-15T09:12:44Z"))
        .cancelAtPeriodEnd(true)
        .cancelAt(Instant.parse("2025-04-01T09:12:44Z"))
        .cancellationReason("cancellation_requested")
        .version(version)
        .build();
  }

  static SubscriptionRecord pastDueSubscription(
      String tenantId, String subscriptionId, EventVersion version) {
    return SubscriptionRecords.pastDue()
        .tenant(tenantId)
        .customer("cus_Q8fJ2kLmN3pR7s")
        .subscription(subscriptionId)
        .plan("pro")
        .price("price_1QxR2aKd8Zq2LmNpProMonth")
        .quantity(5)
        .period(PERIOD_START, PERIOD_END)
        .pastDueSince(Instant.ofEpochSecond(version.created()))
        .version(version)
        .build();
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
    return PaymentRecords.invoice()
        .tenant(tenantId)
        .id(invoiceId)
        .customer("cus_Q8fJ2kLmN3pR7s")
        .amount(4500)
        .amountPaid(amountPaid)
        .currency("eur")
        .status(status)
        .description("Pro (monthly) × 5")
        .created(created)
        .hostedUrl("https://invoice.stripe.com/i/acct_1Nv0FGQ9RKHgCVdK/test_YWNjdF8xTnYw")
        .pdfUrl("https://pay.stripe.com/invoice/acct_1Nv0FGQ9RKHgCVdK/test_YWNjdF8xTnYw/pdf")
        .billingReason("subscription_cycle")
        .subscription("sub_1QxR4tKd8Zq2LmNpA7bC9dEf")
        .catalogKey("pro")
        .version(version)
        .build();
  }

  static PaymentRecord purchase(
      String tenantId, String sessionId, Instant created, String status, EventVersion version) {
    return PaymentRecords.purchase()
        .tenant(tenantId)
        .id(sessionId)
        .customer("cus_Q8fJ2kLmN3pR7s")
        .amount(1900)
        .amountPaid("paid".equals(status) ? 1900 : 0)
        .currency("eur")
        .status(status)
        .description("1,000 credits")
        .created(created)
        .catalogKey("credits-1000")
        .version(version)
        .build();
  }

  static CustomerRecord customer(
      String tenantId, String name, boolean delinquent, EventVersion version) {
    return CustomerRecords.customer()
        .tenant(tenantId)
        .id("cus_Q8fJ2kLmN3pR7s")
        .email("billing@acme.example")
        .name(name)
        .delinquent(delinquent)
        .version(version)
        .build();
  }

  static EntitlementsRecord entitlements(
      String tenantId, List<String> lookupKeys, EventVersion version) {
    return EntitlementsRecords.granted(lookupKeys)
        .tenant(tenantId)
        .customer("cus_Q8fJ2kLmN3pR7s")
        .version(version)
        .build();
  }
}
