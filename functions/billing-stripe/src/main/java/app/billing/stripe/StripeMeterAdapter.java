package app.billing.stripe;

import app.billing.core.port.StripeWrites.FailureKind;
import app.billing.core.port.StripeWrites.StripeCallException;
import app.billing.core.port.UsageMeters;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeCollection;
import com.stripe.model.billing.Meter;
import com.stripe.model.billing.MeterEventSummary;
import com.stripe.net.RequestOptions;
import com.stripe.param.billing.MeterEventCreateParams;
import com.stripe.param.billing.MeterEventSummaryListParams;
import com.stripe.param.billing.MeterListParams;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UsageMeters} on one {@link StripeClient}: {@code POST /v1/billing/meter_events} with the
 * identifier and idempotency key it is given, and {@code GET
 * /v1/billing/meters/{id}/event_summaries} for totals. The meter's id is found once per container
 * by listing the account's active meters and matching the {@code event_name} (the catalog names
 * meters by event name, which stays the same across test and live mode; ids do not).
 */
public final class StripeMeterAdapter implements UsageMeters {
  private static final Logger log = LoggerFactory.getLogger(StripeMeterAdapter.class);

  /** Stripe's default payload keys of a meter's customer and value. */
  static final String CUSTOMER_KEY = "stripe_customer_id";

  static final String VALUE_KEY = "value";

  private final StripeClient stripe;
  private final Map<String, String> meterIds = new ConcurrentHashMap<>();

  public StripeMeterAdapter(StripeClient stripe) {
    this.stripe = Objects.requireNonNull(stripe, "stripe");
  }

  /**
   * No {@code timestamp}: Stripe stamps the event when it arrives. Ours would make a client's retry
   * a different request under the same idempotency key (Stripe's {@code idempotency_error}).
   */
  @Override
  public void record(MeterEvent event, String idempotencyKey) {
    MeterEventCreateParams params =
        MeterEventCreateParams.builder()
            .setEventName(event.eventName())
            .setIdentifier(event.identifier())
            .putPayload(CUSTOMER_KEY, event.customerId())
            .putPayload(VALUE_KEY, Long.toString(event.value()))
            .build();
    RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    call("record a meter event", () -> stripe.v1().billing().meterEvents().create(params, options));
  }

  /** One summary over the whole window (no {@code value_grouping_window}). */
  @Override
  public BigDecimal total(String eventName, String customerId, Instant start, Instant end) {
    String meterId = meterId(eventName);
    MeterEventSummaryListParams params =
        MeterEventSummaryListParams.builder()
            .setCustomer(customerId)
            .setStartTime(start.getEpochSecond())
            .setEndTime(end.getEpochSecond())
            .build();
    StripeCollection<MeterEventSummary> summaries =
        call(
            "read the meter's usage",
            () -> stripe.v1().billing().meters().eventSummaries().list(meterId, params));
    return summaries.getData().stream()
        .map(MeterEventSummary::getAggregatedValue)
        .filter(Objects::nonNull)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private String meterId(String eventName) {
    String cached = meterIds.get(eventName);
    if (cached != null) {
      return cached;
    }
    MeterListParams params =
        MeterListParams.builder().setStatus(MeterListParams.Status.ACTIVE).setLimit(100L).build();
    StripeCollection<Meter> page =
        call("list the billing meters", () -> stripe.v1().billing().meters().list(params));
    for (Meter meter : page.autoPagingIterable()) {
      meterIds.putIfAbsent(meter.getEventName(), meter.getId());
    }
    String id = meterIds.get(eventName);
    if (id == null) {
      // The catalog names a meter the Stripe account lacks: our configuration, not the client's.
      log.warn("no active Stripe billing meter has event_name {}", eventName);
      throw new StripeCallException(
          "find the billing meter for " + eventName,
          FailureKind.INVALID_REQUEST,
          null,
          null,
          "resource_missing",
          null,
          null);
    }
    return id;
  }

  private interface StripeCall<T> {
    T run() throws StripeException;
  }

  private static <T> T call(String operation, StripeCall<T> call) {
    try {
      return call.run();
    } catch (StripeException e) {
      StripeCallException failure = StripeBillingAdapter.translate(operation, e);
      log.warn(
          "Stripe call to {} failed: kind {} status {} code {} request {}",
          operation,
          failure.kind(),
          failure.httpStatus().orElse(null),
          e.getCode(),
          e.getRequestId());
      throw failure;
    }
  }
}
