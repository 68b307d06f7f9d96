package app.billing.core.port;

import java.time.Instant;

/** A tenant's credit balance, granted once per order. */
public interface Credits {

  /** Adds credits for one order exactly once. Returns false if that order was already granted. */
  boolean grantCredits(String tenantId, String orderId, long credits, Instant now);

  long credits(String tenantId);

  /**
   * Takes back credits an order granted (a refund or a lost dispute), so that the order's total
   * taken back is at least {@code totalTakenBack}: only the difference to what was taken before is
   * debited, so a redelivered or reordered refund never takes twice. The balance never goes below
   * zero; credits already spent stay spent (and count as taken back).
   *
   * @param totalTakenBack the order's cumulative take-back after this refund
   * @return the credits debited now (0 when the order's take-back already reached the total)
   */
  long takeBackCredits(String tenantId, String orderId, long totalTakenBack, Instant now);
}
