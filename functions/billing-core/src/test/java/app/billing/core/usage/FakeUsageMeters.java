package app.billing.core.usage;

import app.billing.core.port.StripeWrites.StripeCallException;
import app.billing.core.port.UsageMeters;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stripe's meters as the usage service sees them: an event counts once per identifier, a repeated
 * idempotency key with the same event is answered without a second event, totals sum the events of
 * a customer in [start, end). {@link #failing} makes the next calls throw.
 */
final class FakeUsageMeters implements UsageMeters {
  record Stored(MeterEvent event, Instant at) {}

  record TotalCall(String eventName, String customerId, Instant start, Instant end) {}

  final Map<String, Stored> byIdentifier = new LinkedHashMap<>();
  final Map<String, MeterEvent> byIdempotencyKey = new HashMap<>();
  final List<String> idempotencyKeys = new ArrayList<>();
  final List<TotalCall> totals = new ArrayList<>();
  private final Clock clock;
  private StripeCallException failure;

  FakeUsageMeters(Clock clock) {
    this.clock = clock;
  }

  void failing(StripeCallException failure) {
    this.failure = failure;
  }

  @Override
  public void record(MeterEvent event, String idempotencyKey) {
    idempotencyKeys.add(idempotencyKey);
    if (failure != null) {
      throw failure;
    }
    MeterEvent earlier = byIdempotencyKey.putIfAbsent(idempotencyKey, event);
    if (earlier != null && !earlier.equals(event)) {
      throw new IllegalStateException("idempotency key reused with other parameters");
    }
    byIdentifier.putIfAbsent(event.identifier(), new Stored(event, clock.instant()));
  }

  @Override
  public BigDecimal total(String eventName, String customerId, Instant start, Instant end) {
    totals.add(new TotalCall(eventName, customerId, start, end));
    if (failure != null) {
      throw failure;
    }
    return byIdentifier.values().stream()
        .filter(s -> s.event().eventName().equals(eventName))
        .filter(s -> s.event().customerId().equals(customerId))
        .filter(s -> !s.at().isBefore(start) && s.at().isBefore(end))
        .map(s -> BigDecimal.valueOf(s.event().value()))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
