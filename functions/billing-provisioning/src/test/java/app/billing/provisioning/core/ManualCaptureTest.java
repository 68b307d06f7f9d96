package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.events;
import static app.billing.testkit.story.Story.CUSTOMER;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.InvalidCatalogException;
import app.billing.core.email.Email;
import app.billing.core.email.EmailKind;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.core.testing.Fixtures;
import app.billing.provisioning.core.testing.FakeStripeGateway;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Manual capture: the checkout authorizes the card (purchase {@code authorized}, no credits, an
 * order-received email), then an operator captures ({@code paid}, credits, receipt) or releases it
 * ({@code canceled}, an email). Every email goes out once, whatever the delivery order and however
 * often each event comes.
 */
class ManualCaptureTest {
  private static final String SESSION = "cs_test_manualCaptureSession01";
  private static final String INTENT = "pi_manualCaptureIntent01";
  private static final long AMOUNT = 29900;

  private final ServiceHarness h =
      new ServiceHarness(FakeStripeGateway.fromStory(Fixtures.story()), manualWorkshopCatalog());

  /** The story's catalog, its workshop sold with manual capture. */
  private static Catalog manualWorkshopCatalog() {
    String json = Fixtures.resource(Catalog.RESOURCE);
    try {
      return Catalog.fromJson(
          json.replace("\"credits\": 5", "\"credits\": 5, \"capture_method\": \"manual\""));
    } catch (InvalidCatalogException e) {
      throw new IllegalStateException(e);
    }
  }

  /** checkout.session.completed of a manual-capture purchase: complete, still unpaid. */
  private static String sessionCompleted(long created) {
    return event(Story.CREDITS_PURCHASED)
        .payloadWith(
            root -> {
              root.addProperty("id", "evt_manualSessionCompleted");
              root.addProperty("created", created);
              JsonObject session = root.getAsJsonObject("data").getAsJsonObject("object");
              session.addProperty("id", SESSION);
              session.addProperty("payment_intent", INTENT);
              session.addProperty("payment_status", "unpaid");
              JsonObject metadata = session.getAsJsonObject("metadata");
              metadata.addProperty("catalog_key", "onboarding_workshop");
              metadata.addProperty("quantity", "1");
            });
  }

  private static JsonObject intent(String status, String cancellationReason) {
    JsonObject pi = new JsonObject();
    pi.addProperty("id", INTENT);
    pi.addProperty("object", "payment_intent");
    pi.addProperty("amount", AMOUNT);
    pi.addProperty("amount_capturable", "requires_capture".equals(status) ? AMOUNT : 0);
    pi.addProperty("amount_received", "succeeded".equals(status) ? AMOUNT : 0);
    pi.addProperty("capture_method", "manual");
    pi.addProperty("currency", "usd");
    pi.addProperty("customer", CUSTOMER);
    pi.addProperty("livemode", false);
    pi.addProperty("status", status);
    pi.addProperty("cancellation_reason", cancellationReason);
    return pi;
  }

  /** A payment_intent.* event with the intent in {@code status}, as Stripe sends it. */
  private static String intentEvent(String type, long created, JsonObject intent) {
    JsonObject root = JsonParser.parseString(sessionCompleted(created)).getAsJsonObject();
    root.addProperty("id", "evt_" + type.replace('.', '_'));
    root.addProperty("type", type);
    JsonObject data = new JsonObject();
    data.add("object", intent);
    root.add("data", data);
    return root.toString();
  }

  private long t0;

  /** The tenant's customer is linked; Stripe holds the session and the intent in {@code now}. */
  private void given(JsonObject now) {
    h.processAll(
        events(Story.between(Story.STARTER_PRODUCT_CREATED, Story.PRO_ENTITLEMENTS_GRANTED)));
    t0 = event(Story.CREDITS_PURCHASED).created();
    JsonObject session =
        JsonParser.parseString(sessionCompleted(t0))
            .getAsJsonObject()
            .getAsJsonObject("data")
            .getAsJsonObject("object");
    h.stripe.putJson(session).putJson(now);
  }

  private String authorized() {
    return intentEvent(
        "payment_intent.amount_capturable_updated", t0 + 1, intent("requires_capture", null));
  }

  private String succeeded() {
    return intentEvent("payment_intent.succeeded", t0 + 600, intent("succeeded", null));
  }

  private String canceled(String reason) {
    return intentEvent("payment_intent.canceled", t0 + 600, intent("canceled", reason));
  }

  private PaymentRecord purchase() {
    return h.store.payments(TENANT).stream()
        .filter(p -> p.paymentId().equals(SESSION))
        .findFirst()
        .orElseThrow();
  }

  private long sent(EmailKind kind) {
    return h.sender.kinds().stream().filter(k -> k == kind).count();
  }

  private Email only(EmailKind kind) {
    assertThat(sent(kind)).as("%s emails", kind).isEqualTo(1);
    return h.sender.sent().stream().filter(e -> e.kind() == kind).findFirst().orElseThrow();
  }

  @Test
  void authorizeThenCaptureIsPaidWithCreditsAndOneReceipt() {
    given(intent("requires_capture", null));
    long credits = h.store.credits(TENANT);

    assertThat(h.service.process(sessionCompleted(t0))).isEqualTo(Outcome.APPLIED);
    assertThat(h.service.process(authorized())).isEqualTo(Outcome.APPLIED);
    assertThat(purchase().status()).isEqualTo("authorized");
    assertThat(purchase().amountPaid()).isZero();
    assertThat(h.store.credits(TENANT)).isEqualTo(credits);
    Email received = only(EmailKind.ORDER_RECEIVED);
    assertThat(received.subject()).contains("Onboarding workshop").contains("$299.00");
    assertThat(received.text()).contains("$299.00").contains("not charged yet");
    assertThat(received.html()).contains("<strong>$299.00</strong>");
    assertThat(sent(EmailKind.PURCHASE_RECEIPT)).isZero();

    h.stripe.putJson(intent("succeeded", null));
    assertThat(h.service.process(succeeded())).isEqualTo(Outcome.APPLIED);

    assertThat(purchase().status()).isEqualTo("paid");
    assertThat(purchase().amountPaid()).isEqualTo(AMOUNT);
    assertThat(h.store.credits(TENANT) - credits).isEqualTo(5);
    assertThat(only(EmailKind.PURCHASE_RECEIPT).text()).contains("$299.00").contains("5");

    // Every event again: nothing changes, no second email or grant.
    assertThat(h.service.process(succeeded())).isEqualTo(Outcome.DUPLICATE);
    assertThat(h.service.process(authorized())).isEqualTo(Outcome.STALE);
    assertThat(h.service.process(sessionCompleted(t0))).isEqualTo(Outcome.STALE);
    assertThat(purchase().status()).isEqualTo("paid");
    assertThat(h.store.credits(TENANT) - credits).isEqualTo(5);
    only(EmailKind.ORDER_RECEIVED);
    only(EmailKind.PURCHASE_RECEIPT);
  }

  @Test
  void authorizeThenCancelIsCanceledWithOneEmailAndNoCredits() {
    given(intent("requires_capture", null));
    long credits = h.store.credits(TENANT);
    h.service.process(sessionCompleted(t0));
    h.service.process(authorized());

    h.stripe.putJson(intent("canceled", "requested_by_customer"));
    assertThat(h.service.process(canceled("requested_by_customer"))).isEqualTo(Outcome.APPLIED);
    assertThat(h.service.process(canceled("requested_by_customer"))).isEqualTo(Outcome.DUPLICATE);

    assertThat(purchase().status()).isEqualTo("canceled");
    assertThat(purchase().amountPaid()).isZero();
    assertThat(h.store.credits(TENANT)).isEqualTo(credits);
    Email email = only(EmailKind.AUTHORIZATION_CANCELED);
    assertThat(email.text()).contains("was canceled").contains("Nothing was charged");
    assertThat(email.html()).contains("<strong>$299.00</strong>");
    only(EmailKind.ORDER_RECEIVED);
    assertThat(sent(EmailKind.PURCHASE_RECEIPT)).isZero();
  }

  @Test
  void anExpiredAuthorizationSaysSo() {
    given(intent("canceled", "automatic"));
    h.service.process(sessionCompleted(t0));

    assertThat(h.service.process(canceled("automatic"))).isEqualTo(Outcome.APPLIED);

    assertThat(purchase().status()).isEqualTo("canceled");
    assertThat(only(EmailKind.AUTHORIZATION_CANCELED).text()).contains("expired");
  }

  @Test
  void captureInEveryOrderWithDuplicatesGrantsAndSendsOnce() {
    for (List<Integer> order : permutations(List.of(0, 1, 2))) {
      ManualCaptureTest run = new ManualCaptureTest();
      run.given(intent("succeeded", null));
      long credits = run.h.store.credits(TENANT);
      List<String> events = List.of(sessionCompleted(run.t0), run.authorized(), run.succeeded());
      for (int i : order) {
        run.h.service.process(events.get(i));
        run.h.service.process(events.get(i));
      }
      assertThat(run.purchase().status()).as("order %s", order).isEqualTo("paid");
      assertThat(run.h.store.credits(TENANT) - credits).as("order %s", order).isEqualTo(5);
      assertThat(run.sent(EmailKind.PURCHASE_RECEIPT)).as("order %s", order).isEqualTo(1);
      assertThat(run.sent(EmailKind.ORDER_RECEIVED)).as("order %s", order).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void cancelInEveryOrderWithDuplicatesSendsOnce() {
    for (List<Integer> order : permutations(List.of(0, 1, 2))) {
      ManualCaptureTest run = new ManualCaptureTest();
      run.given(intent("canceled", "abandoned"));
      long credits = run.h.store.credits(TENANT);
      List<String> events =
          List.of(sessionCompleted(run.t0), run.authorized(), run.canceled("abandoned"));
      for (int i : order) {
        run.h.service.process(events.get(i));
        run.h.service.process(events.get(i));
      }
      assertThat(run.purchase().status()).as("order %s", order).isEqualTo("canceled");
      assertThat(run.h.store.credits(TENANT)).as("order %s", order).isEqualTo(credits);
      assertThat(run.sent(EmailKind.AUTHORIZATION_CANCELED)).as("order %s", order).isEqualTo(1);
      assertThat(run.sent(EmailKind.ORDER_RECEIVED)).as("order %s", order).isLessThanOrEqualTo(1);
      assertThat(run.sent(EmailKind.PURCHASE_RECEIPT)).as("order %s", order).isZero();
    }
  }

  @Test
  void anAuthorizationInTheSameSecondAsItsCheckoutIsSettledByStripesState() {
    given(intent("requires_capture", null));
    String sameSecond =
        intentEvent(
            "payment_intent.amount_capturable_updated", t0, intent("requires_capture", null));

    h.service.process(sameSecond);
    h.service.process(sessionCompleted(t0));

    assertThat(purchase().status()).isEqualTo("authorized");
    only(EmailKind.ORDER_RECEIVED);
  }

  @Test
  void intentsOfAutomaticCaptureOrWithoutOurSessionAreIgnored() {
    given(intent("requires_capture", null));
    JsonObject automatic = intent("succeeded", null);
    automatic.addProperty("capture_method", "automatic");
    JsonObject stranger = intent("requires_capture", null);
    stranger.addProperty("id", "pi_notFromCheckout");
    int emails = h.sender.sent().size();

    assertThat(h.service.process(intentEvent("payment_intent.succeeded", t0, automatic)))
        .isEqualTo(Outcome.IGNORED);
    assertThat(
            h.service.process(
                intentEvent("payment_intent.amount_capturable_updated", t0, stranger)))
        .isEqualTo(Outcome.IGNORED);
    assertThat(h.stripe.calls("checkoutSessionOfPaymentIntent")).isEqualTo(1);
    assertThat(h.store.payments(TENANT)).noneMatch(p -> p.paymentId().equals(SESSION));
    assertThat(h.sender.sent()).hasSize(emails);
  }

  private static List<List<Integer>> permutations(List<Integer> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<Integer>> all = new ArrayList<>();
    for (Integer first : items) {
      List<Integer> rest = new ArrayList<>(items);
      rest.remove(first);
      for (List<Integer> tail : permutations(rest)) {
        List<Integer> p = new ArrayList<>();
        p.add(first);
        p.addAll(tail);
        all.add(p);
      }
    }
    return all;
  }
}
