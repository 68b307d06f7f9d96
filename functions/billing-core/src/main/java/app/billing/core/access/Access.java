package app.billing.core.access;

/** What a tenant may do now. */
public enum Access {
  /** Paid up or trialing. */
  FULL,
  /** Payment failed recently; still allowed until the grace period ends. */
  GRACE,
  /** No subscription, or it lapsed, ended, or is paused. */
  NONE;

  public String wireName() {
    return name().toLowerCase();
  }

  public boolean allowed() {
    return this != NONE;
  }
}
