package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.events;
import static app.billing.testkit.story.Story.RENEWAL_INVOICE;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.email.EmailKind;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** invoice.finalized, .voided, .marked_uncollectible, .payment_succeeded update the record only. */
class InvoiceLifecycleTest {

  private final ServiceHarness h = new ServiceHarness();

  /** The renewal invoice's failed-payment event as another type, later, with another status. */
  private static String renewalAs(String type, String status, int secondsLater) {
    return event(Story.RENEWAL_PAYMENT_FAILED)
        .payloadWith(
            root -> {
              root.addProperty("id", "evt_" + type.replace('.', '_'));
              root.addProperty("type", type);
              root.addProperty("created", root.get("created").getAsLong() + secondsLater);
              JsonObject invoice = root.getAsJsonObject("data").getAsJsonObject("object");
              invoice.addProperty("status", status);
            });
  }

  private PaymentRecord renewal() {
    return h.store.payments(TENANT).stream()
        .filter(p -> p.paymentId().equals(RENEWAL_INVOICE))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void voidedAndUncollectibleInvoicesShowTheirStatusAndSendNothing() {
    h.processAll(
        events(Story.between(Story.STARTER_PRODUCT_CREATED, Story.RENEWAL_PAYMENT_FAILED)));
    int emails = h.sender.sent().size();

    assertThat(h.service.process(renewalAs("invoice.marked_uncollectible", "uncollectible", 10)))
        .isEqualTo(Outcome.APPLIED);
    assertThat(renewal().status()).isEqualTo("uncollectible");

    String voided = renewalAs("invoice.voided", "void", 20);
    assertThat(h.service.process(voided)).isEqualTo(Outcome.APPLIED);
    assertThat(h.service.process(voided)).isEqualTo(Outcome.DUPLICATE);
    assertThat(renewal().status()).isEqualTo("void");

    // An older lifecycle event delivered late is stale.
    assertThat(h.service.process(renewalAs("invoice.finalized", "open", 5)))
        .isEqualTo(Outcome.STALE);
    assertThat(renewal().status()).isEqualTo("void");
    assertThat(h.sender.sent()).hasSize(emails);
  }

  @Test
  void paymentSucceededNextToPaidSendsOneReceipt() {
    h.processAll(events(Story.between(Story.STARTER_PRODUCT_CREATED, Story.FIRST_INVOICE_PAID)));
    long receipts = receipts();

    String succeeded =
        event(Story.FIRST_INVOICE_PAID)
            .payloadWith(
                root -> {
                  root.addProperty("id", "evt_paymentSucceeded");
                  root.addProperty("type", "invoice.payment_succeeded");
                  root.addProperty("created", root.get("created").getAsLong() + 1);
                });

    assertThat(h.service.process(succeeded)).isEqualTo(Outcome.APPLIED);
    assertThat(receipts()).isEqualTo(receipts);
  }

  private long receipts() {
    return h.sender.kinds().stream().filter(k -> k == EmailKind.INVOICE_RECEIPT).count();
  }
}
