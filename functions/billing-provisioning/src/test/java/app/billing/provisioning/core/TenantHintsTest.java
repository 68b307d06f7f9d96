package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.object;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.provisioning.core.testing.StoryEvents;
import app.billing.testkit.story.Story;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.model.entitlements.ActiveEntitlementSummary;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantHintsTest {

  private static Map<String, String> withTenant(Map<String, String> metadata, String tenant) {
    Map<String, String> copy = new HashMap<>(metadata == null ? Map.of() : metadata);
    copy.put(TenantHints.METADATA_KEY, tenant);
    return copy;
  }

  @Test
  void bothStoryCheckoutsNameTheTenantByClientReferenceId() {
    assertThat(
            TenantHints.of(
                object(StoryEvents.unsigned(Story.TRIAL_CHECKOUT_COMPLETED), Session.class)))
        .contains(TENANT);
    assertThat(TenantHints.of(object(StoryEvents.unsigned(Story.CREDITS_PURCHASED), Session.class)))
        .contains(TENANT);
  }

  @Test
  void sessionMetadataWinsOverClientReferenceId() {
    Session session = object(StoryEvents.unsigned(Story.TRIAL_CHECKOUT_COMPLETED), Session.class);
    session.setMetadata(withTenant(session.getMetadata(), "ten_meta"));

    assertThat(TenantHints.of(session)).contains("ten_meta");
  }

  @Test
  void aBlankHintIsNoHint() {
    Session session = object(StoryEvents.unsigned(Story.TRIAL_CHECKOUT_COMPLETED), Session.class);
    session.setClientReferenceId("  ");
    assertThat(TenantHints.of(session)).isEmpty();

    session.setMetadata(withTenant(session.getMetadata(), " "));
    session.setClientReferenceId("usr_fallback");
    assertThat(TenantHints.of(session)).contains("usr_fallback");

    session.setMetadata(null);
    session.setClientReferenceId(null);
    assertThat(TenantHints.of(session)).isEmpty();
  }

  @Test
  void appUserIdMetadataIsNotOurKey() {
    // The story's other objects carry metadata app_user_id only.
    assertThat(
            TenantHints.of(object(StoryEvents.unsigned(Story.TRIAL_STARTED), Subscription.class)))
        .isEmpty();
    assertThat(TenantHints.of(object(StoryEvents.unsigned(Story.EMAIL_CHANGED), Customer.class)))
        .isEmpty();
    assertThat(
            TenantHints.of(object(StoryEvents.unsigned(Story.FIRST_INVOICE_PAID), Invoice.class)))
        .isEmpty();
  }

  @Test
  void subscriptionAndCustomerMetadata() {
    Subscription sub = object(StoryEvents.unsigned(Story.TRIAL_STARTED), Subscription.class);
    sub.setMetadata(withTenant(sub.getMetadata(), "ten_sub"));
    Customer customer = object(StoryEvents.unsigned(Story.EMAIL_CHANGED), Customer.class);
    customer.setMetadata(withTenant(customer.getMetadata(), "ten_cus"));

    assertThat(TenantHints.of(sub)).contains("ten_sub");
    assertThat(TenantHints.of(customer)).contains("ten_cus");

    customer.setMetadata(null);
    assertThat(TenantHints.of(customer)).isEmpty();
  }

  @Test
  void aSubscriptionInvoiceUsesTheSubscriptionMetadataCopiedToItsParent() {
    Invoice invoice = object(StoryEvents.unsigned(Story.FIRST_INVOICE_PAID), Invoice.class);
    invoice.setMetadata(withTenant(invoice.getMetadata(), "ten_invoice_own"));
    assertThat(TenantHints.of(invoice)).isEmpty();

    invoice
        .getParent()
        .getSubscriptionDetails()
        .setMetadata(
            withTenant(invoice.getParent().getSubscriptionDetails().getMetadata(), "ten_parent"));
    assertThat(TenantHints.of(invoice)).contains("ten_parent");
  }

  @Test
  void anInvoiceWithoutSubscriptionUsesItsOwnMetadata() {
    Invoice invoice = object(StoryEvents.unsigned(Story.FIRST_INVOICE_PAID), Invoice.class);
    invoice.setParent(null);
    invoice.setMetadata(withTenant(invoice.getMetadata(), "ten_invoice_own"));

    assertThat(TenantHints.of(invoice)).contains("ten_invoice_own");
  }

  @Test
  void otherObjectsHaveNoHint() {
    assertThat(
            TenantHints.of(
                object(
                    StoryEvents.unsigned(Story.STARTER_ENTITLEMENTS_GRANTED),
                    ActiveEntitlementSummary.class)))
        .isEmpty();
  }
}
