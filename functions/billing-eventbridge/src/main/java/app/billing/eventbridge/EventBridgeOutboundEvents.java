package app.billing.eventbridge;

import app.billing.core.outbound.OutboundMessage;
import app.billing.core.outbound.OutboundType;
import app.billing.core.port.OutboundEvents;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts outbound events on an EventBridge bus. PutEvents takes at most 10 entries and can accept
 * some of them while refusing others ({@code FailedEntryCount > 0}, an {@code ErrorCode} per
 * refused entry): the refused entries of a throttling or internal failure are put again with
 * backoff (Failsafe); whole-request failures are retried by the SDK's own retry strategy. What is
 * still refused afterwards, or refused for a reason a retry cannot fix, throws {@link
 * PublishFailedException}, so the caller fails its batch and the queue retries it.
 */
public final class EventBridgeOutboundEvents implements OutboundEvents {
  /** Environment variable naming the bus. */
  public static final String BUS_NAME_ENV = "EVENT_BUS_NAME";

  static final int MAX_ENTRIES = 10;

  /** Entry error codes worth another try; any other one (validation, access) fails at once. */
  static final Set<String> RETRYABLE =
      Set.of("ThrottlingException", "InternalFailure", "InternalException");

  private static final Logger log = LoggerFactory.getLogger(EventBridgeOutboundEvents.class);

  private final EventBridgeClient client;
  private final String busName;
  private final FailsafeExecutor<Object> executor;

  /**
   * Three more tries of refused entries, 100 ms then doubling, so a batch stays far within its
   * timeout.
   */
  public EventBridgeOutboundEvents(EventBridgeClient client, String busName) {
    this(client, busName, 3, Duration.ofMillis(100), Duration.ofSeconds(2));
  }

  EventBridgeOutboundEvents(
      EventBridgeClient client, String busName, int retries, Duration delay, Duration maxDelay) {
    this.client = Objects.requireNonNull(client, "client");
    this.busName = Objects.requireNonNull(busName, "busName");
    this.executor =
        Failsafe.with(
            RetryPolicy.builder()
                .handleIf(e -> e instanceof RefusedEntries refused && refused.retryable())
                .withBackoff(delay, maxDelay)
                .withJitter(0.25)
                .withMaxRetries(retries)
                .onRetry(
                    e ->
                        log.warn(
                            "EventBridge refused {} entries, retrying",
                            ((RefusedEntries) e.getLastException()).entries.size()))
                .build());
  }

  /** The client Lambda uses: region and credentials from the environment, url-connection HTTP. */
  public static EventBridgeClient defaultClient() {
    return EventBridgeClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @Override
  public void publish(List<OutboundMessage> messages) {
    for (int from = 0; from < messages.size(); from += MAX_ENTRIES) {
      List<OutboundMessage> chunk =
          messages.subList(from, Math.min(from + MAX_ENTRIES, messages.size()));
      put(chunk.stream().map(this::entry).toList());
    }
  }

  private void put(List<PutEventsRequestEntry> entries) {
    // Each attempt puts only what the previous one had refused.
    List<List<PutEventsRequestEntry>> pending = new ArrayList<>(List.of(entries));
    try {
      executor.run(
          () -> {
            List<PutEventsRequestEntry> attempt = pending.get(0);
            PutEventsResponse response = client.putEvents(b -> b.entries(attempt));
            if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
              return;
            }
            RefusedEntries refused = RefusedEntries.of(attempt, response.entries());
            pending.set(0, refused.entries);
            throw refused;
          });
    } catch (RefusedEntries refused) {
      throw new PublishFailedException(
          "EventBridge refused "
              + refused.entries.size()
              + " of "
              + entries.size()
              + " events on bus "
              + busName
              + ": "
              + refused.codes,
          refused);
    }
  }

  private PutEventsRequestEntry entry(OutboundMessage message) {
    return PutEventsRequestEntry.builder()
        .eventBusName(busName)
        .source(OutboundType.SOURCE)
        .detailType(message.detailType())
        .time(message.time())
        .resources(List.of())
        .detail(message.detail())
        .build();
  }

  /** Some entries of one PutEvents were refused; thrown inside the retry loop only. */
  private static final class RefusedEntries extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<PutEventsRequestEntry> entries;
    private final List<String> codes;

    private RefusedEntries(List<PutEventsRequestEntry> entries, List<String> codes) {
      super("EventBridge refused entries: " + codes, null, false, false);
      this.entries = entries;
      this.codes = codes;
    }

    /** Results come back in the order of the request's entries. */
    static RefusedEntries of(List<PutEventsRequestEntry> sent, List<PutEventsResultEntry> results) {
      List<PutEventsRequestEntry> refused = new ArrayList<>();
      List<String> codes = new ArrayList<>();
      for (int i = 0; i < sent.size(); i++) {
        PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
        if (result == null || result.errorCode() != null) {
          refused.add(sent.get(i));
          codes.add(result == null ? "missing result" : result.errorCode());
        }
      }
      return new RefusedEntries(refused, codes);
    }

    boolean retryable() {
      return RETRYABLE.containsAll(codes);
    }
  }
}
