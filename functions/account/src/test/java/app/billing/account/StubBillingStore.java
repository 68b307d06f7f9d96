package app.billing.account;

import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.Credits;
import app.billing.core.port.VersionedRecords;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ports the account function reads ({@link VersionedRecords}, {@link Credits}), over maps.
 * Every write fails: the account function never writes.
 */
public final class StubBillingStore implements VersionedRecords, Credits {
  public final Map<String, SubscriptionRecord> subscriptions = new HashMap<>();
  public final Map<String, CustomerRecord> customers = new HashMap<>();
  public final Map<String, EntitlementsRecord> entitlements = new HashMap<>();
  public final Map<String, List<PaymentRecord>> payments = new HashMap<>();
  public final Map<String, Long> credits = new HashMap<>();

  /** When set, every read throws it. */
  public RuntimeException failure;

  private <T> T read(T value) {
    if (failure != null) {
      throw failure;
    }
    return value;
  }

  private static UnsupportedOperationException unused(String method) {
    return new UnsupportedOperationException(
        "the account function only reads what it shows; called " + method);
  }

  @Override
  public List<SubscriptionRecord> subscriptions(String tenantId) {
    return read(Optional.ofNullable(subscriptions.get(tenantId))).stream().toList();
  }

  @Override
  public Optional<CustomerRecord> customer(String tenantId) {
    return read(Optional.ofNullable(customers.get(tenantId)));
  }

  @Override
  public Optional<EntitlementsRecord> entitlements(String tenantId) {
    return read(Optional.ofNullable(entitlements.get(tenantId)));
  }

  @Override
  public List<PaymentRecord> payments(String tenantId) {
    return read(payments.getOrDefault(tenantId, List.of()));
  }

  @Override
  public long credits(String tenantId) {
    return read(credits.getOrDefault(tenantId, 0L));
  }

  @Override
  public Optional<String> tenantBillingEmail(String tenantId) {
    throw unused("tenantBillingEmail");
  }

  @Override
  public WriteResult saveSubscription(SubscriptionRecord record, boolean overwriteTie) {
    throw unused("saveSubscription");
  }

  @Override
  public WriteResult savePayment(PaymentRecord record, boolean overwriteTie) {
    throw unused("savePayment");
  }

  @Override
  public WriteResult saveCustomer(CustomerRecord record, boolean overwriteTie) {
    throw unused("saveCustomer");
  }

  @Override
  public WriteResult saveEntitlements(EntitlementsRecord record, boolean overwriteTie) {
    throw unused("saveEntitlements");
  }

  @Override
  public boolean grantCredits(String tenantId, String orderId, long credits, Instant now) {
    throw unused("grantCredits");
  }

  @Override
  public long takeBackCredits(String tenantId, String orderId, long totalTakenBack, Instant now) {
    throw unused("takeBackCredits");
  }
}
