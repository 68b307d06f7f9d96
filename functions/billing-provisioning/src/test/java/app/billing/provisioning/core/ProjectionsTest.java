package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.object;
import static app.billing.provisioning.core.testing.StoryEvents.stripeObject;
import static app.billing.testkit.story.Story.CUSTOMER;
import static app.billing.testkit.story.Story.PRO_MONTHLY_PRICE;
import static app.billing.testkit.story.Story.PURCHASE_CHECKOUT;
import static app.billing.testkit.story.Story.STARTER_MONTHLY_PRICE;
import static app.billing.testkit.story.Story.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItemCollection;
import com.stripe.model.checkout.Session;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProjectionsTest {
  private static final Catalog CATALOG = ServiceHarness.catalog();
  private static final String TENANT = "ten_1";
  private static final EventVersion VERSION = new EventVersion(1792076597, "evt_x");

  // --- subscriptions ---

  @Test
  void subscriptionPeriodComesFromTheItemAndThePlanFromTheCatalog() {
    Subscription canceled = object(Story.CANCELED_FOR_NONPAYMENT, Subscription.class);

    SubscriptionRecord record = Projections.subscription(TENANT, canceled, CATALOG, VERSION);

    assertThat(record)
        .isEqualTo(
            new SubscriptionRecord(
                TENANT,
                CUSTOMER,
                SUBSCRIPTION,
                "canceled",
                "pro",
                PRO_MONTHLY_PRICE,
                "monthly",
                1,
                Instant.ofEpochSecond(1792072992),
                Instant.ofEpochSecond(1794751392),
                Instant.ofEpochSecond(1789480992),
                false,
                null,
                Instant.ofEpochSecond(1793286271),
                Instant.ofEpochSecond(1793286271),
                "payment_failed",
                null,
                VERSION));
  }

  @Test
  void theItemPeriodRollsOverWithTheRenewal() {
    SubscriptionRecord beforeRenewal =
        Projections.subscription(
            TENANT, object(Story.UPGRADED_TO_PRO, Subscription.class), CATALOG, VERSION);
    SubscriptionRecord afterRenewal =
        Projections.subscription(
            TENANT, object(Story.RENEWED, Subscription.class), CATALOG, VERSION);

    assertThat(beforeRenewal.currentPeriodEnd()).isEqualTo(afterRenewal.currentPeriodStart());
    assertThat(afterRenewal.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(1794751392));
  }

  @Test
  void trialingStarter() {
    SubscriptionRecord record =
        Projections.subscription(
            TENANT, object(Story.TRIAL_STARTED, Subscription.class), CATALOG, VERSION);

    assertThat(record.status()).isEqualTo("trialing");
    assertThat(record.planKey()).isEqualTo("starter");
    assertThat(record.priceId()).isEqualTo(STARTER_MONTHLY_PRICE);
    assertThat(record.trialEnd()).isEqualTo(Instant.ofEpochSecond(1789480992));
    assertThat(record.cancellationReason()).isNull();
    assertThat(record.isPastDue()).isFalse();
  }

  @Test
  void pastDueSinceIsTheEventTimeWhilePastDue() {
    Subscription pastDue = object(Story.WENT_PAST_DUE, Subscription.class);
    EventVersion version =
        new EventVersion(event(Story.WENT_PAST_DUE).created(), event(Story.WENT_PAST_DUE).id());

    SubscriptionRecord record = Projections.subscription(TENANT, pastDue, CATALOG, version);

    assertThat(record.isPastDue()).isTrue();
    assertThat(record.pastDueSince())
        .isEqualTo(Instant.ofEpochSecond(event(Story.WENT_PAST_DUE).created()));
    assertThat(
            Projections.subscription(
                    TENANT, object(Story.RENEWED, Subscription.class), CATALOG, version)
                .pastDueSince())
        .isNull();
  }

  @Test
  void aPriceOutsideTheCatalogHasNoPlanKey() {
    Subscription foreign = stripeObject("subscription", Subscription.class);

    SubscriptionRecord record = Projections.subscription(TENANT, foreign, CATALOG, VERSION);

    assertThat(record.priceId()).isEqualTo("price_1PgafmB7WZ01zgkW6dKueIc5");
    assertThat(record.planKey()).isNull();
    assertThat(record.billingCycle()).isNull();
    assertThat(record.quantity()).isEqualTo(1);
    assertThat(record.subscriptionId()).isEqualTo("sub_1Pgc6rB7WZ01zgkWNy0Cn5nw");
    // Copied as Stripe sent them (this stripe-mock fixture's start is after its end).
    assertThat(record.currentPeriodStart()).isEqualTo(Instant.ofEpochSecond(1896570518));
    assertThat(record.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(976287773));
  }

  @Test
  void aSubscriptionWithoutItemsHasNoPeriodOrPrice() {
    Subscription noItems = object(Story.TRIAL_STARTED, Subscription.class);
    noItems.setItems(null);
    Subscription emptyItems = object(Story.TRIAL_STARTED, Subscription.class);
    emptyItems.setItems(new SubscriptionItemCollection());
    emptyItems.getItems().setData(List.of());

    for (Subscription sub : List.of(noItems, emptyItems)) {
      SubscriptionRecord record = Projections.subscription(TENANT, sub, CATALOG, VERSION);
      assertThat(record.priceId()).isNull();
      assertThat(record.planKey()).isNull();
      assertThat(record.currentPeriodStart()).isNull();
      assertThat(record.currentPeriodEnd()).isNull();
      assertThat(record.quantity()).isEqualTo(1);
    }
  }

  @Test
  void cancelAtPeriodEndAndCancelAt() {
    Subscription sub = object(Story.RENEWED, Subscription.class);
    sub.setCancelAtPeriodEnd(true);
    sub.setCancelAt(1794751392L);
    sub.getItems().getData().get(0).setQuantity(3L);

    SubscriptionRecord record = Projections.subscription(TENANT, sub, CATALOG, VERSION);

    assertThat(record.cancelAtPeriodEnd()).isTrue();
    assertThat(record.cancelAt()).isEqualTo(Instant.ofEpochSecond(1794751392));
    assertThat(record.quantity()).isEqualTo(3);
  }

  // --- invoices ---

  @Test
  void invoiceSubscriptionIdComesFromTheParent() {
    Invoice renewal = object(Story.RENEWAL_PAYMENT_FAILED, Invoice.class);

    PaymentRecord record = Projections.invoice(TENANT, renewal, CATALOG, VERSION);

    assertThat(record.subscriptionId()).isEqualTo(SUBSCRIPTION);
    assertThat(record.kind()).isEqualTo(PaymentRecord.Kind.INVOICE);
    assertThat(record.paymentId()).isEqualTo("in_1plsy9Sb7kQ2wLn5JjcU8pZL");
    assertThat(record.customerId()).isEqualTo(CUSTOMER);
    assertThat(record.amount()).isEqualTo(7400);
    assertThat(record.amountPaid()).isZero();
    assertThat(record.currency()).isEqualTo("usd");
    assertThat(record.status()).isEqualTo("open");
    assertThat(record.description()).isEqualTo("Subscription renewal");
    assertThat(record.billingReason()).isEqualTo("subscription_cycle");
    assertThat(record.created()).isEqualTo(Instant.ofEpochSecond(1792072993));
    assertThat(record.hostedUrl()).startsWith("https://invoice.stripe.com/");
    assertThat(record.pdfUrl()).startsWith("https://pay.stripe.com/invoice/");
    assertThat(record.catalogKey()).isNull();
    assertThat(record.version()).isEqualTo(VERSION);
  }

  @Test
  void anInvoiceWithoutParentHasNoSubscription() {
    Invoice invoice = object(Story.FIRST_INVOICE_PAID, Invoice.class);
    invoice.setParent(null);

    assertThat(Projections.invoice(TENANT, invoice, CATALOG, VERSION).subscriptionId()).isNull();
  }

  @Test
  void theStripeMockInvoiceShape() {
    // stripe-mock placeholder: parent.type quote_details, yet subscription_details.subscription is
    // set.
    Invoice invoice = stripeObject("invoice", Invoice.class);

    PaymentRecord record = Projections.invoice(TENANT, invoice, CATALOG, VERSION);

    assertThat(record.subscriptionId()).isEqualTo("subscription");
    assertThat(record.status()).isEqualTo("draft");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "subscription_create, null, null, Subscription started",
        "subscription_cycle, null, null, Subscription renewal",
        "subscription_update, null, null, Subscription change",
        "manual, null, 7C3E9A1F-0009, Invoice 7C3E9A1F-0009",
        "null, null, null, Invoice",
        "subscription_cycle, Custom words, null, Custom words",
      })
  void invoiceDescription(String reason, String description, String number, String expected) {
    Invoice invoice = object(Story.FIRST_INVOICE_PAID, Invoice.class);
    invoice.setBillingReason(reason);
    invoice.setDescription(description);
    invoice.setNumber(number);

    assertThat(Projections.invoice(TENANT, invoice, CATALOG, VERSION).description())
        .isEqualTo(expected);
  }

  @Test
  void missingAmountsAreZero() {
    Invoice invoice = object(Story.FIRST_INVOICE_PAID, Invoice.class);
    invoice.setAmountDue(null);
    invoice.setAmountPaid(null);

    PaymentRecord record = Projections.invoice(TENANT, invoice, CATALOG, VERSION);

    assertThat(record.amount()).isZero();
    assertThat(record.amountPaid()).isZero();
  }

  // --- checkout purchases ---

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "checkout.session.completed, paid, paid",
        "checkout.session.completed, no_payment_required, paid",
        "checkout.session.completed, unpaid, pending",
        "checkout.session.completed, null, pending",
        "checkout.session.async_payment_succeeded, unpaid, paid",
        "checkout.session.async_payment_failed, unpaid, failed",
        "checkout.session.async_payment_failed, paid, failed",
      })
  void purchaseStatus(String type, String paymentStatus, String expected) {
    Session session = object(Story.CREDITS_PURCHASED, Session.class);
    session.setPaymentStatus(paymentStatus);

    assertThat(Projections.purchaseStatus(type, session)).isEqualTo(expected);
  }

  @Test
  void aPaidPurchase() {
    Session session = object(Story.CREDITS_PURCHASED, Session.class);
    CatalogEntry workshop = CATALOG.entry("onboarding_workshop").orElseThrow();

    PaymentRecord record = Projections.purchase(TENANT, session, workshop, "paid", VERSION);

    assertThat(record)
        .isEqualTo(
            new PaymentRecord(
                TENANT,
                PURCHASE_CHECKOUT,
                PaymentRecord.Kind.PURCHASE,
                CUSTOMER,
                29900,
                29900,
                "usd",
                "paid",
                "Onboarding workshop",
                Instant.ofEpochSecond(1790244602),
                null,
                null,
                null,
                null,
                "onboarding_workshop",
                VERSION));
  }

  @Test
  void aPendingPurchaseOfAnUnknownItem() {
    Session session = stripeObject("checkout.session", Session.class);

    PaymentRecord record = Projections.purchase(TENANT, session, null, "pending", VERSION);

    assertThat(record.amount()).isZero(); // amount_total is null in this stripe-mock fixture
    assertThat(record.amountPaid()).isZero();
    assertThat(record.description()).isEqualTo("One-time purchase");
    assertThat(record.catalogKey()).isNull();
    assertThat(record.customerId()).isNull();
    assertThat(record.status()).isEqualTo("pending");
  }

  @Test
  void anUnpaidPurchaseHasNothingPaid() {
    PaymentRecord record =
        Projections.purchase(
            TENANT, object(Story.CREDITS_PURCHASED, Session.class), null, "failed", VERSION);

    assertThat(record.amount()).isEqualTo(29900);
    assertThat(record.amountPaid()).isZero();
  }

  // --- customers and entitlements ---

  @Test
  void customer() {
    Customer delinquent = object(Story.CUSTOMER_DELINQUENT, Customer.class);

    assertThat(Projections.customer(TENANT, delinquent, false, VERSION))
        .isEqualTo(
            new CustomerRecord(
                TENANT, CUSTOMER, "ada@lovelace.dev", "Ada Lovelace", true, false, VERSION));
    assertThat(
            Projections.customer(
                    TENANT, object(Story.EMAIL_CHANGED, Customer.class), false, VERSION)
                .delinquent())
        .isFalse();
  }

  @Test
  void aCustomerIsDeletedByTheEventTypeOrItsOwnFlag() {
    assertThat(
            Projections.customer(
                    TENANT, object(Story.CUSTOMER_DELETED, Customer.class), true, VERSION)
                .deleted())
        .isTrue();

    Customer flagged = object(Story.EMAIL_CHANGED, Customer.class);
    flagged.setDeleted(true);
    assertThat(Projections.customer(TENANT, flagged, false, VERSION).deleted()).isTrue();

    Customer mock = stripeObject("customer", Customer.class);
    CustomerRecord record = Projections.customer(TENANT, mock, false, VERSION);
    assertThat(record.deleted()).isFalse();
    assertThat(record.email()).isNull();
  }

  @Test
  void entitlementKeysAreSorted() {
    EntitlementsRecord record =
        Projections.entitlements(
            TENANT, CUSTOMER, List.of("priority_support", "advanced_reports", "core_app"), VERSION);

    assertThat(record.lookupKeys())
        .containsExactly("advanced_reports", "core_app", "priority_support");
    assertThat(record.customerId()).isEqualTo(CUSTOMER);
  }
}
