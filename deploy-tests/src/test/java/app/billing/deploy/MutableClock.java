package app.billing.deploy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the events run moves to each webhook request's signing time. */
final class MutableClock extends Clock {
  private volatile Instant now = Instant.now();

  void set(Instant instant) {
    now = instant;
  }

  void reset() {
    now = null;
  }

  @Override
  public Instant instant() {
    Instant fixed = now;
    return fixed != null ? fixed : Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
