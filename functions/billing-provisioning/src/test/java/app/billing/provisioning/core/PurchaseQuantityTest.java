package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.events;
import static app.billing.testkit.story.Story.PURCHASE_CHECKOUT;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.email.EmailKind;
import app.billing.core.model.Outcome;
import app.billing.provisioning.core.port.StripeEventReads.CheckoutLine;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A one-time item bought N times grants its credits N times, and the receipt says so. */
class PurchaseQuantityTest {

  private static String purchaseWithMetadata(String quantity) {
    return event(Story.CREDITS_PURCHASED)
        .payloadWith(
            root -> {
              JsonObject metadata =
                  root.getAsJsonObject("data")
                      .getAsJsonObject("object")
                      .getAsJsonObject("metadata");
              metadata.addProperty("catalog_key", "onboarding_workshop");
              if (quantity != null) {
                metadata.addProperty("quantity", quantity);
              }
            });
  }

  @Test
  void quantityThreeOfAFiveCreditItemGrantsFifteenFromOurMetadata() {
    ServiceHarness fresh = new ServiceHarness();
    fresh.processAll(
        events(Story.between(Story.STARTER_PRODUCT_CREATED, Story.PRO_ENTITLEMENTS_GRANTED)));
    long before = fresh.store.credits(TENANT);

    assertThat(fresh.service.process(purchaseWithMetadata("3"))).isEqualTo(Outcome.APPLIED);

    assertThat(fresh.store.credits(TENANT) - before).isEqualTo(15);
    // Our metadata names item and quantity: no line-item lookup.
    assertThat(fresh.stripe.calls("checkoutLines")).isZero();
    assertThat(receiptText(fresh)).contains("15").contains("× 3");
  }

  @Test
  void quantityComesFromTheLineItemsWhenTheSessionCarriesNoQuantity() {
    ServiceHarness three = new ServiceHarness();
    three.stripe.putCheckoutLines(
        PURCHASE_CHECKOUT, List.of(new CheckoutLine(ServiceHarness.workshopPriceId(), 3)));

    three.processAll(events(Story.between(Story.STARTER_PRODUCT_CREATED, Story.CREDITS_PURCHASED)));

    assertThat(three.store.credits(TENANT)).isEqualTo(15);
    assertThat(three.sender.kinds()).filteredOn(k -> k == EmailKind.PURCHASE_RECEIPT).hasSize(1);
  }

  @Test
  void aRedeliveredQuantityPurchaseGrantsOnce() {
    ServiceHarness three = new ServiceHarness();
    three.stripe.putCheckoutLines(
        PURCHASE_CHECKOUT, List.of(new CheckoutLine(ServiceHarness.workshopPriceId(), 3)));
    three.processAll(events(Story.between(Story.STARTER_PRODUCT_CREATED, Story.CREDITS_PURCHASED)));

    assertThat(three.process(event(Story.CREDITS_PURCHASED))).isEqualTo(Outcome.DUPLICATE);

    assertThat(three.store.credits(TENANT)).isEqualTo(15);
    assertThat(three.sender.kinds()).filteredOn(k -> k == EmailKind.PURCHASE_RECEIPT).hasSize(1);
  }

  private static String receiptText(ServiceHarness harness) {
    return harness.sender.sent().stream()
        .filter(e -> e.kind() == EmailKind.PURCHASE_RECEIPT)
        .findFirst()
        .orElseThrow()
        .text();
  }
}
