package app.billing.core.model;

/** Result of a versioned write. */
public enum WriteResult {
  /** Stored (new, or newer than what was stored). */
  WRITTEN,
  /**
   * The stored record already reflects this very event (a redelivery, or a retry after a later step
   * failed); left as it is.
   */
  SAME,
  /** The stored record reflects a newer event; left as it is. */
  STALE,
  /**
   * The stored record reflects another event of the same second; order cannot be decided locally.
   */
  TIE
}
