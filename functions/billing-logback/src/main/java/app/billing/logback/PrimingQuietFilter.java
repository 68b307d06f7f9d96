package app.billing.logback;

import app.billing.core.priming.Priming;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops every line below ERROR while a SnapStart primer runs ({@link Priming#inProgress()}): the
 * canned requests of priming are not traffic, and their "request rejected" or "event processed"
 * lines would trip log-based alerts at every deploy. A global flag, not the MDC, because handlers
 * clear the MDC after each request and provisioning runs message groups on other threads. ERROR
 * still passes: during priming it means a bug the primer's own warning then points at.
 */
final class PrimingQuietFilter extends TurboFilter {
  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (Priming.inProgress() && (level == null || !level.isGreaterOrEqual(Level.ERROR))) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
