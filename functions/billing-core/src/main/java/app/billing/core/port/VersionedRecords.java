package app.billing.core.port;

import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's billing records, written by Stripe event version. A write ({@code save*}) keeps a
 * record only when the event is newer than the one stored, so any delivery order ends in the same
 * state, and reports {@link WriteResult#SAME} when the stored record already reflects the event, so
 * a redelivery changes nothing.
 */
public interface VersionedRecords {

  /**
   * One record per subscription id: a tenant may hold several (checkout, the portal, the
   * Dashboard), each versioned on its own.
   *
   * @param overwriteTie true once a tie has been settled by refetching from Stripe
   */
  WriteResult saveSubscription(SubscriptionRecord record, boolean overwriteTie);

  WriteResult savePayment(PaymentRecord record, boolean overwriteTie);

  WriteResult saveCustomer(CustomerRecord record, boolean overwriteTie);

  WriteResult saveEntitlements(EntitlementsRecord record, boolean overwriteTie);

  /**
   * Every subscription of the tenant, one per subscription id, newest first ({@link
   * app.billing.core.access.EffectiveSubscription#NEWEST_FIRST}).
   */
  List<SubscriptionRecord> subscriptions(String tenantId);

  /**
   * The tenant's most recently changed subscription. Not the tenant's plan or access: those come
   * from {@link app.billing.core.access.EffectiveSubscription}, which weighs all of them.
   */
  default Optional<SubscriptionRecord> subscription(String tenantId) {
    return subscriptions(tenantId).stream().findFirst();
  }

  Optional<CustomerRecord> customer(String tenantId);

  Optional<EntitlementsRecord> entitlements(String tenantId);

  /**
   * The stored payment with the same key as {@code payment}: the {@code before} of an outbound
   * event. By default looked up among {@link #payments}; the DynamoDB adapter reads the one item.
   */
  default Optional<PaymentRecord> storedPayment(PaymentRecord payment) {
    return payments(payment.tenantId()).stream()
        .filter(p -> p.paymentId().equals(payment.paymentId()))
        .findFirst();
  }

  /** Payments newest first (all of them; {@link PaymentHistory} pages them). */
  List<PaymentRecord> payments(String tenantId);

  /** The billing email the tenant was created with (admin), if any. */
  Optional<String> tenantBillingEmail(String tenantId);
}
