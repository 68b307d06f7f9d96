package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.events;
import static app.billing.testkit.story.Story.CUSTOMER;
import static app.billing.testkit.story.Story.PURCHASE_CHECKOUT;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.config.StripeMode;
import app.billing.core.email.EmailKind;
import app.billing.core.metrics.MetricNames;
import app.billing.core.metrics.Metrics;
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
import com.google.gson.JsonParser;
import com.stripe.Stripe;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Refund;
import com.stripe.net.ApiResource;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refunds and disputes of a one-time purchase of 3 × a 5-credit item (299.00 paid, 15 credits): the
 * payment record, the credits taken back in proportion, the refund receipt and the dispute metric,
 * in every delivery order and under redelivery.
 */
class RefundsAndDisputesTest {
  private static final String INTENT = "pi_1hPmmiSb7kQ2wLn58OFUpJMp";
  private static final String CHARGE = "ch_3RefundsDisputes01";
  private static final long PAID = 29900;
  private static final long T = 1_790_300_000L;

  private final InMemoryBillingStore store = new InMemoryBillingStore();
  private final RecordingEmailSender sender = new RecordingEmailSender();
  private final List<String> metrics = Collections.synchronizedList(new ArrayList<>());
  private final FakeStripeGateway stripe =
      FakeStripeGateway.fromStory(Fixtures.story())
          .putCheckoutPriceIds(PURCHASE_CHECKOUT, List.of(ServiceHarness.workshopPriceId()));
  private final ProvisioningService service =
      new ProvisioningService(
          store,
          stripe,
          ServiceHarness.catalog(),
          ServiceHarness.composer(),
          sender,
          new TrustedLinks(StripeMode.TEST, StoryEvents.TOKEN, new FakeTenantDirectory()),
          Clock.fixed(ServiceHarness.NOW, ZoneOffset.UTC),
          (Metrics) (name, dimensions, amount) -> metrics.add(name));
  private long before;

  @BeforeEach
  void buyThreeWorkshops() {
    events(Story.between(Story.STARTER_PRODUCT_CREATED, Story.PRO_ENTITLEMENTS_GRANTED))
        .forEach(e -> service.process(e.payload()));
    before = store.credits(TENANT);
    String purchase = purchaseOfThree();
    // Stripe's session carries our checkout's metadata, as the event does.
    stripe.putJson(
        JsonParser.parseString(purchase)
            .getAsJsonObject()
            .getAsJsonObject("data")
            .getAsJsonObject("object"));
    assertThat(service.process(purchase)).isEqualTo(Outcome.APPLIED);
    assertThat(store.credits(TENANT) - before).isEqualTo(15);
    charge(0);
  }

  @Test
  void aFullRefundTakesBackEveryCreditAndShowsRefunded() {
    assertThat(service.process(chargeRefunded("evt_full", T, PAID))).isEqualTo(Outcome.APPLIED);

    assertThat(store.credits(TENANT)).isEqualTo(before);
    PaymentRecord purchase = purchase();
    assertThat(purchase.status()).isEqualTo("refunded");
    assertThat(purchase.amountRefunded()).isEqualTo(PAID);
    assertThat(purchase.paymentIntent()).isEqualTo(INTENT);
    assertThat(purchase.receiptUrl()).isEqualTo("https://pay.stripe.com/receipts/" + CHARGE);
  }

  @Test
  void aPartialRefundTakesBackItsShareFloored() {
    // floor(15 × 10000 / 29900) = 5 of the 15 credits.
    service.process(chargeRefunded("evt_part", T, 10000));

    assertThat(store.credits(TENANT) - before).isEqualTo(10);
    assertThat(purchase().status()).isEqualTo("partially_refunded");
    assertThat(purchase().amountRefunded()).isEqualTo(10000);
  }

  /** Three refunds (10000, then 20000, then all of 29900 in total), as orders of their indices. */
  static List<List<Integer>> orders() {
    return List.of(
        List.of(0, 1, 2), List.of(2, 1, 0), List.of(1, 0, 2), List.of(2, 0, 1), List.of(1, 2, 0));
  }

  @ParameterizedTest
  @MethodSource("orders")
  void refundsInAnyOrderAndRedeliveredNeverTakeTwice(List<Integer> order) {
    List<String> refunds =
        List.of(
            chargeRefunded("evt_r1", T, 10000),
            chargeRefunded("evt_r2", T + 60, 20000),
            chargeRefunded("evt_r3", T + 120, PAID));

    for (int i : order) {
      service.process(refunds.get(i));
      service.process(refunds.get(i));
    }

    assertThat(store.credits(TENANT)).isEqualTo(before);
    assertThat(purchase().status()).isEqualTo("refunded");
    assertThat(purchase().amountRefunded()).isEqualTo(PAID);
  }

  @Test
  void twoPartialRefundsReorderedTakeWhatTheirTotalTakes() {
    String first = chargeRefunded("evt_r1", T, 10000);
    String second = chargeRefunded("evt_r2", T + 60, 20000);

    service.process(second);
    service.process(first);
    service.process(second);

    // floor(15 × 20000 / 29900) = 10 taken back in all.
    assertThat(store.credits(TENANT) - before).isEqualTo(5);
    assertThat(purchase().status()).isEqualTo("partially_refunded");
    assertThat(purchase().amountRefunded()).isEqualTo(20000);
  }

  @Test
  void theRefundReceiptIsSentOncePerRefundInTheCurrencysMinorUnit() {
    charge(10000);
    stripe.put(refund("re_1", 10000, "succeeded"));
    String updated = refundUpdated("evt_ru1", T, "re_1");

    assertThat(service.process(updated)).isEqualTo(Outcome.APPLIED);
    assertThat(service.process(updated)).isEqualTo(Outcome.DUPLICATE);

    List<EmailKind> refunds =
        sender.kinds().stream().filter(k -> k == EmailKind.REFUND_RECEIPT).toList();
    assertThat(refunds).hasSize(1);
    String text =
        sender.sent().stream()
            .filter(e -> e.kind() == EmailKind.REFUND_RECEIPT)
            .findFirst()
            .orElseThrow()
            .text();
    assertThat(text).contains("$100.00", "$299.00", "Credits taken back from your account: 5");
    assertThat(store.credits(TENANT) - before).isEqualTo(10);
  }

  @Test
  void aPendingRefundUpdatesTheRecordButSendsNoReceiptYet() {
    charge(PAID);
    stripe.put(refund("re_2", PAID, "pending"));

    service.process(refundUpdated("evt_ru2", T, "re_2"));

    assertThat(sender.kinds()).doesNotContain(EmailKind.REFUND_RECEIPT);
    assertThat(purchase().status()).isEqualTo("refunded");
    assertThat(store.credits(TENANT)).isEqualTo(before);
  }

  @Test
  void aDisputeOpenedShowsOnThePaymentCountsOnceAndKeepsTheCredits() {
    String created = disputeEvent("evt_d1", "charge.dispute.created", T, "needs_response");

    assertThat(service.process(created)).isEqualTo(Outcome.APPLIED);
    assertThat(service.process(created)).isEqualTo(Outcome.DUPLICATE);

    assertThat(purchase().dispute())
        .isEqualTo(new PaymentRecord.Dispute("dp_1", "needs_response", "fraudulent"));
    assertThat(metrics).filteredOn(MetricNames.DISPUTES_OPENED::equals).hasSize(1);
    assertThat(store.credits(TENANT) - before).isEqualTo(15);
  }

  @Test
  void aLostDisputeTakesBackEveryCreditInAnyOrder() {
    String created = disputeEvent("evt_d1", "charge.dispute.created", T, "needs_response");
    String updated = disputeEvent("evt_d2", "charge.dispute.updated", T + 60, "under_review");
    String closed = disputeEvent("evt_d3", "charge.dispute.closed", T + 120, "lost");

    service.process(closed);
    service.process(created);
    service.process(updated);
    service.process(closed);

    assertThat(purchase().dispute().status()).isEqualTo("lost");
    assertThat(store.credits(TENANT)).isEqualTo(before);
    assertThat(metrics).filteredOn(MetricNames.DISPUTES_OPENED::equals).hasSize(1);
  }

  @Test
  void aWonDisputeKeepsTheCredits() {
    service.process(disputeEvent("evt_d1", "charge.dispute.created", T, "needs_response"));
    service.process(disputeEvent("evt_d3", "charge.dispute.closed", T + 120, "won"));

    assertThat(purchase().dispute().status()).isEqualTo("won");
    assertThat(store.credits(TENANT) - before).isEqualTo(15);
  }

  @Test
  void aRefundAndADisputeOfOneChargeBothShowWhateverArrivesFirst() {
    charge(10000);
    String refunded = chargeRefunded("evt_r1", T + 60, 10000);
    String disputed = disputeEvent("evt_d1", "charge.dispute.created", T, "needs_response");

    service.process(refunded);
    assertThat(service.process(disputed)).isEqualTo(Outcome.APPLIED);

    PaymentRecord purchase = purchase();
    assertThat(purchase.amountRefunded()).isEqualTo(10000);
    assertThat(purchase.dispute().status()).isEqualTo("needs_response");
  }

  // --- fixtures ---

  private PaymentRecord purchase() {
    return store.payments(TENANT).stream()
        .filter(p -> p.paymentId().equals(PURCHASE_CHECKOUT))
        .findFirst()
        .orElseThrow();
  }

  private static String purchaseOfThree() {
    return event(Story.CREDITS_PURCHASED)
        .payloadWith(
            root -> {
              JsonObject metadata =
                  root.getAsJsonObject("data")
                      .getAsJsonObject("object")
                      .getAsJsonObject("metadata");
              metadata.addProperty("catalog_key", "onboarding_workshop");
              metadata.addProperty("quantity", "3");
            });
  }

  /** Stripe's current charge: refunded so far {@code refunded}. */
  private JsonObject charge(long refunded) {
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
    charge.addProperty("receipt_email", "ada@example.com");
    charge.addProperty("receipt_url", "https://pay.stripe.com/receipts/" + CHARGE);
    charge.addProperty("created", T - 3600);
    stripe.put(ApiResource.GSON.fromJson(charge, Charge.class));
    return charge;
  }

  private String chargeRefunded(String id, long created, long refunded) {
    return eventJson(id, "charge.refunded", created, charge(refunded));
  }

  private static Refund refund(String id, long amount, String status) {
    JsonObject refund = refundJson(id, amount, status);
    return ApiResource.GSON.fromJson(refund, Refund.class);
  }

  private static JsonObject refundJson(String id, long amount, String status) {
    JsonObject refund = new JsonObject();
    refund.addProperty("id", id);
    refund.addProperty("object", "refund");
    refund.addProperty("amount", amount);
    refund.addProperty("charge", CHARGE);
    refund.addProperty("payment_intent", INTENT);
    refund.addProperty("currency", "usd");
    refund.addProperty("status", status);
    refund.addProperty("created", T);
    return refund;
  }

  private String refundUpdated(String id, long created, String refundId) {
    Refund refund = stripe.refund(refundId);
    return eventJson(
        id,
        "refund.updated",
        created,
        refundJson(refundId, refund.getAmount(), refund.getStatus()));
  }

  private String disputeEvent(String id, String type, long created, String status) {
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
    stripe.put(ApiResource.GSON.fromJson(dispute, Dispute.class));
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
}
