package app.billing.core.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Dates on the wire: ISO-8601 UTC to the second ({@code 2026-09-15T10:00:00Z}), or null. */
final class Iso {
  private Iso() {}

  static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
