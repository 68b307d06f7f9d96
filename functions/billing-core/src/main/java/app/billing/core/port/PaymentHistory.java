package app.billing.core.port;

import app.billing.core.model.PaymentRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's payment history one page at a time, newest first. Cursors are opaque to callers: only
 * a {@link Page#nextCursor()} this port issued may be passed back. A cursor only ever positions a
 * read inside the partition of the tenant given with it, so it can never expose another tenant's
 * payments.
 */
public interface PaymentHistory {

  /**
   * @param limit at most this many payments (1 or more)
   * @param cursor empty for the newest page, else a {@link Page#nextCursor()} of an earlier call
   * @throws InvalidCursorException when the cursor is not one this port issues
   */
  Page payments(String tenantId, int limit, Optional<String> cursor);

  /**
   * @param nextCursor where the following page starts; empty when this is the last page
   */
  record Page(List<PaymentRecord> payments, Optional<String> nextCursor) {
    public Page {
      payments = List.copyOf(payments);
      Objects.requireNonNull(nextCursor, "nextCursor");
    }

    public boolean hasMore() {
      return nextCursor.isPresent();
    }
  }

  /** The cursor is malformed or was not issued for payments. */
  final class InvalidCursorException extends RuntimeException {
    public InvalidCursorException(String message) {
      super(message);
    }
  }
}
