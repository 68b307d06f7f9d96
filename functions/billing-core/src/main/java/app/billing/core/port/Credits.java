package app.billing.core.port;

import java.time.Instant;

/** A tenant's credit balance, granted once per order. */
public interface Credits {

  /** Adds credits for one order exactly once. Returns false if that order was already granted. */
  boolean grantCredits(String tenantId, String orderId, long credits, Instant now);

  long credits(String tenantId);
}
