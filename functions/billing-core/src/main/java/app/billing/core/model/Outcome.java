package app.billing.core.model;

/** What processing an event did. */
public enum Outcome {
  /** Records changed (or were already in this state). */
  APPLIED,
  /** A newer event already shaped the records; nothing changed. */
  STALE,
  /** Already processed earlier; nothing changed, no email sent. */
  DUPLICATE,
  /** No tenant known for the customer yet; kept and applied once the customer is linked. */
  PARKED,
  /** Nothing to change for this event (e.g. a plan price we do not sell). */
  IGNORED;

  public String wireName() {
    return name().toLowerCase();
  }
}
