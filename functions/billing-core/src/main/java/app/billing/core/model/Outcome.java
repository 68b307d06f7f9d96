package app.billing.core.model;

/** What processing an event did. */
public enum Outcome {
  /** Records changed (or were already in this state). */
  APPLIED,
  /** A newer event already shaped the records; nothing changed. */
  STALE,
  /**
   * Already applied earlier: the records reflect this event and nothing changed; an email that had
   * not gone out yet (the earlier attempt failed after the write) is sent now, never twice.
   */
  DUPLICATE,
  /** No tenant known for the customer yet; kept and applied once the customer is linked. */
  PARKED,
  /** Nothing to change for this event (e.g. a plan price we do not sell). */
  IGNORED,
  /**
   * Can never be applied as it is (Stripe 4xx, unreadable payload): recorded as a failed event with
   * its reason and acknowledged, so its customer's later events go on; {@code admin failed retry}
   * applies it again once the cause is removed.
   */
  FAILED;

  public String wireName() {
    return name().toLowerCase();
  }
}
