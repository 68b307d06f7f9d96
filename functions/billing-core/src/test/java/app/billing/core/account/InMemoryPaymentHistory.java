package app.billing.core.account;

import app.billing.core.model.PaymentRecord;
import app.billing.core.port.BillingStore;
import app.billing.core.port.PaymentHistory;
import java.util.List;
import java.util.Optional;

/**
 * {@link PaymentHistory} over a store's full payment list (newest first). The cursor is {@code
 * after:<paymentId>}; any other cursor is invalid, and a payment id the tenant does not have reads
 * as the end of the history.
 */
final class InMemoryPaymentHistory implements PaymentHistory {
  private final BillingStore store;

  InMemoryPaymentHistory(BillingStore store) {
    this.store = store;
  }

  @Override
  public Page payments(String tenantId, int limit, Optional<String> cursor) {
    List<PaymentRecord> all = store.payments(tenantId);
    int from = 0;
    if (cursor.isPresent()) {
      if (!cursor.get().startsWith("after:")) {
        throw new InvalidCursorException("not a cursor");
      }
      String after = cursor.get().substring("after:".length());
      from = all.size();
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).paymentId().equals(after)) {
          from = i + 1;
        }
      }
    }
    int to = Math.min(all.size(), from + limit);
    List<PaymentRecord> page = all.subList(from, to);
    return new Page(
        page,
        to < all.size()
            ? Optional.of("after:" + page.get(page.size() - 1).paymentId())
            : Optional.empty());
  }
}
