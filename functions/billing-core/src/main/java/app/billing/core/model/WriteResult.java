package app.billing.core.model;

/** Result of a versioned write. */
public enum WriteResult {
  /** Stored (new, newer, or the same event again). */
  WRITTEN,
  /** The stored record reflects a newer event; left as it is. */
  STALE,
  /** The stored record reflects another event of the same second; order cannot be decided locally. */
  TIE
}
