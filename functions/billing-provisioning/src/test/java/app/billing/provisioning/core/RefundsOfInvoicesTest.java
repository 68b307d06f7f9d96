package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.events;
import static app.billing.testkit.story.Story.CUSTOMER;
import static app.billing.testkit.story.Story.FIRST_INVOICE;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.config.StripeMode;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.core.testing.Fixtures;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.provisioning.core.testing.FakeStripeGateway;
import app.billing.provisioning.core.testing.FakeTenantDirectory;
import app.billing.provisioning.core.testing.RecordingEmailSender;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.provisioning.core.testing.StoryEvents;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import com.stripe.Stripe;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.net.ApiResource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refunds and disputes of a subscription invoice's charge (the first paid invoice, 19.00), whose
 * payload does not list its payments: Stripe's Invoice Payments name the invoice the charge paid.
 */
class RefundsOfInvoicesTest {
  private static final String INTENT = "pi_3InvoiceRefunds01";
  private static final String CHARGE = "ch_3InvoiceRefunds01";
  private static final long PAID = 1900;
  private static final long T = 1_790_300_000L;

  private final ServiceHarness h = new ServiceHarness();
  private long creditsBefore;

  @BeforeEach
  void payTheFirstInvoice() {
    h.stripe.putInvoicePayment(INTENT, FIRST_INVOICE);
    h.processAll(events(Story.between(Story.STARTER_PRODUCT_CREATED, Story.FIRST_INVOICE_PAID)));
    creditsBefore = h.store.credits(TENANT);
    assertThat(invoice().paymentIntent()).isNull();
  }

  @Test
  void aPartialRefundShowsOnTheInvoiceAndRecordsItsPaymentIntent() {
    assertThat(h.service.process(chargeRefunded("evt_part", T, 500))).isEqualTo(Outcome.APPLIED);

    PaymentRecord invoice = invoice();
    assertThat(invoice.status()).isEqualTo("partially_refunded");
    assertThat(invoice.amountRefunded()).isEqualTo(500);
    assertThat(invoice.paymentIntent()).isEqualTo(INTENT);
    assertThat(invoice.receiptUrl()).isEqualTo("https://pay.stripe.com/receipts/" + CHARGE);
    assertThat(h.store.credits(TENANT)).isEqualTo(creditsBefore);

    // The next event finds the invoice by its recorded payment intent, without asking Stripe.
    h.service.process(chargeRefunded("evt_full", T + 60, PAID));
    assertThat(h.stripe.calls("invoiceOfPaymentIntent")).isEqualTo(1);
    assertThat(invoice().status()).isEqualTo("refunded");
  }

  @Test
  void aFullRefundShowsRefundedAndTouchesNoCredits() {
    assertThat(h.service.process(chargeRefunded("evt_full", T, PAID))).isEqualTo(Outcome.APPLIED);

    assertThat(invoice().status()).isEqualTo("refunded");
    assertThat(invoice().amountRefunded()).isEqualTo(PAID);
    assertThat(h.store.credits(TENANT)).isEqualTo(creditsBefore);
  }

  @Test
  void refundsReorderedAndRedeliveredEndAtTheirTotal() {
    List<String> refunds =
        List.of(
            chargeRefunded("evt_r1", T, 500),
            chargeRefunded("evt_r2", T + 60, 1200),
            chargeRefunded("evt_r3", T + 120, PAID));

    for (int i : List.of(2, 0, 1)) {
      h.service.process(refunds.get(i));
      assertThat(h.service.process(refunds.get(i))).isEqualTo(Outcome.DUPLICATE);
    }

    assertThat(invoice().status()).isEqualTo("refunded");
    assertThat(invoice().amountRefunded()).isEqualTo(PAID);
    assertThat(h.store.credits(TENANT)).isEqualTo(creditsBefore);
  }

  @Test
  void aDisputeOnTheInvoicesChargeShowsOnTheInvoice() {
    String created = disputeEvent("evt_d1", "charge.dispute.created", T, "needs_response");
    String closed = disputeEvent("evt_d2", "charge.dispute.closed", T + 60, "lost");

    assertThat(h.service.process(closed)).isEqualTo(Outcome.APPLIED);
    // The opening arrives late and redelivered: a dispute only moves forward.
    assertThat(h.service.process(created)).isEqualTo(Outcome.DUPLICATE);
    assertThat(h.service.process(closed)).isEqualTo(Outcome.DUPLICATE);

    assertThat(invoice().dispute())
        .isEqualTo(new PaymentRecord.Dispute("dp_1", "lost", "fraudulent"));
    assertThat(invoice().paymentIntent()).isEqualTo(INTENT);
    assertThat(invoice().status()).isEqualTo("paid");
    assertThat(h.store.credits(TENANT)).isEqualTo(creditsBefore);
  }

  @Test
  void aRefundBeforeTheInvoicesOwnEventAppliesTheInvoiceFromStripeFirst() {
    InMemoryBillingStore store = new InMemoryBillingStore();
    FakeStripeGateway stripe =
        FakeStripeGateway.fromStory(Fixtures.story()).putInvoicePayment(INTENT, FIRST_INVOICE);
    // Time passes between the invoice's refetch and the refund's merge, as it does around a call.
    Clock ticking = new TickingClock(ServiceHarness.NOW);
    ProvisioningService service =
        new ProvisioningService(
            store,
            stripe,
            ServiceHarness.catalog(),
            ServiceHarness.composer(),
            new RecordingEmailSender(),
            new TrustedLinks(StripeMode.TEST, StoryEvents.TOKEN, new FakeTenantDirectory()),
            ticking);
    events(Story.between(Story.STARTER_PRODUCT_CREATED, Story.TRIAL_ENDED))
        .forEach(e -> service.process(e.payload()));

    assertThat(service.process(chargeRefunded(stripe, "evt_part", T, 500)))
        .isEqualTo(Outcome.APPLIED);
    // The invoice's own (older) event then changes nothing the refund added.
    assertThat(service.process(event(Story.FIRST_INVOICE_PAID).payload())).isEqualTo(Outcome.STALE);

    PaymentRecord invoice =
        store.payments(TENANT).stream()
            .filter(p -> p.paymentId().equals(FIRST_INVOICE))
            .findFirst()
            .orElseThrow();
    assertThat(invoice.status()).isEqualTo("partially_refunded");
    assertThat(invoice.amountRefunded()).isEqualTo(500);
    assertThat(invoice.amountPaid()).isEqualTo(PAID);
  }

  // --- fixtures ---

  private PaymentRecord invoice() {
    return h.store.payments(TENANT).stream()
        .filter(p -> p.paymentId().equals(FIRST_INVOICE))
        .findFirst()
        .orElseThrow();
  }

  private String chargeRefunded(String id, long created, long refunded) {
    return chargeRefunded(h.stripe, id, created, refunded);
  }

  /** A {@code charge.refunded} of the invoice's charge, refunded so far {@code refunded}. */
  private static String chargeRefunded(
      FakeStripeGateway stripe, String id, long created, long refunded) {
    JsonObject charge = new JsonObject();
    charge.addProperty("id", CHARGE);
    charge.addProperty("object", "charge");
    charge.addProperty("amount", PAID);
    charge.addProperty("amount_captured", PAID);
    charge.addProperty("amount_refunded", refunded);
    charge.addProperty("refunded", refunded >= PAID);
    charge.addProperty("currency", "usd");
    charge.addProperty("customer", CUSTOMER);
    charge.addProperty("payment_intent", INTENT);
    charge.addProperty("receipt_url", "https://pay.stripe.com/receipts/" + CHARGE);
    charge.addProperty("created", T - 3600);
    stripe.put(ApiResource.GSON.fromJson(charge, Charge.class));
    return eventJson(id, "charge.refunded", created, charge);
  }

  private String disputeEvent(String id, String type, long created, String status) {
    chargeRefunded("evt_unused", created, 0);
    JsonObject dispute = new JsonObject();
    dispute.addProperty("id", "dp_1");
    dispute.addProperty("object", "dispute");
    dispute.addProperty("amount", PAID);
    dispute.addProperty("charge", CHARGE);
    dispute.addProperty("payment_intent", INTENT);
    dispute.addProperty("currency", "usd");
    dispute.addProperty("reason", "fraudulent");
    dispute.addProperty("status", status);
    dispute.addProperty("created", T);
    h.stripe.put(ApiResource.GSON.fromJson(dispute, Dispute.class));
    return eventJson(id, type, created, dispute);
  }

  private static String eventJson(String id, String type, long created, JsonObject object) {
    JsonObject data = new JsonObject();
    data.add("object", object.deepCopy());
    JsonObject event = new JsonObject();
    event.addProperty("id", id);
    event.addProperty("object", "event");
    event.addProperty("api_version", Stripe.API_VERSION);
    event.addProperty("created", created);
    event.addProperty("livemode", false);
    event.addProperty("type", type);
    event.add("data", data);
    return event.toString();
  }

  /** A millisecond later at every reading. */
  private static final class TickingClock extends Clock {
    private Instant now;

    TickingClock(Instant start) {
      this.now = start;
    }

    @Override
    public synchronized Instant instant() {
      now = now.plusMillis(1);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
