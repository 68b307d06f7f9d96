package app.billing.provisioning.core;

/**
 * What a refund does to a purchase: the purchase's status and the credits it takes back. Pure
 * functions; the applier keys each debit by refund id so a redelivery takes nothing twice.
 *
 * <p>Credits come back in proportion to the money: a full refund takes back all a purchase granted,
 * a partial one {@code floor(credits × refunded / amount)}. Several partial refunds of one charge
 * are measured on the cumulative refunded amount, so their debits add up to exactly what one refund
 * of the same total would take (no rounding drift), and never to more than was granted.
 */
final class Refunds {
  static final String REFUNDED = "refunded";
  static final String PARTIALLY_REFUNDED = "partially_refunded";

  private Refunds() {}

  /**
   * @param amount what was paid, minor units
   * @param refunded what has been refunded in total so far, minor units
   * @return {@code refunded}, {@code partially_refunded}, or {@code paidStatus} when nothing was
   *     refunded
   */
  static String status(long amount, long refunded, String paidStatus) {
    if (refunded <= 0) {
      return paidStatus;
    }
    return refunded >= amount ? REFUNDED : PARTIALLY_REFUNDED;
  }

  /** Credits taken back once {@code refunded} of {@code amount} is refunded in total. */
  static long takenBackAt(long granted, long amount, long refunded) {
    if (granted <= 0 || amount <= 0 || refunded <= 0) {
      return 0;
    }
    if (refunded >= amount) {
      return granted;
    }
    return Math.multiplyExact(granted, refunded) / amount;
  }

  /**
   * The debit of one refund: what the cumulative total after it takes back beyond the total before
   * it.
   *
   * @param refundedBefore the charge's refunded total before this refund
   * @param refundedAfter the charge's refunded total including this refund
   */
  static long debitOf(long granted, long amount, long refundedBefore, long refundedAfter) {
    return Math.max(
        0,
        takenBackAt(granted, amount, refundedAfter) - takenBackAt(granted, amount, refundedBefore));
  }

  /** A debit never takes the balance below zero (credits already spent stay spent). */
  static long cappedDebit(long balance, long debit) {
    return Math.max(0, Math.min(balance, debit));
  }
}
