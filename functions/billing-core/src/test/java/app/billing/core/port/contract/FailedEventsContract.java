package app.billing.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.FailedEvent;
import app.billing.core.port.FailedEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FailedEvents} does; run against the in-memory fake (billing-core) and the
 * DynamoDB adapter (billing-dynamodb ITs). A subclass returns a fresh, empty store per test.
 */
public abstract class FailedEventsContract {
  private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  protected abstract FailedEvents failedEvents();

  private static FailedEvent failure(String eventId, Instant at, String reason) {
    return app.billing.core.testdata.FailedEvents.atEvent()
        .event(eventId, "checkout.session.completed")
        .customer("cus_1")
        .tenant("tn_1")
        .reason(reason)
        .failedAt(at)
        .payload("{\"id\":\"" + eventId + "\"}")
        .build();
  }

  @Test
  void aRepeatKeepsTheFirstTimeReplacesTheRestAndCountsAttempts() {
    FailedEvents store = failedEvents();
    store.recordFailure(failure("evt_a", T0, "stripe_404_resource_missing"));
    store.recordFailure(
        app.billing.core.testdata.FailedEvents.atEmail("welcome")
            .event("evt_a", "checkout.session.completed")
            .customer("cus_1")
            .tenant("tn_1")
            .reason("email failed: welcome: no_valid_recipient")
            .failedAt(T0.plusSeconds(60))
            .payload("{\"id\":\"evt_a\"}")
            .build());

    FailedEvent stored = store.failedEvent("evt_a").orElseThrow();
    assertThat(stored.firstFailedAt()).isEqualTo(T0);
    assertThat(stored.lastFailedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(stored.attempts()).isEqualTo(2);
    assertThat(stored.stage()).isEqualTo(FailedEvent.Stage.EMAIL);
    assertThat(stored.emails()).containsExactly("welcome");
    assertThat(stored.reason()).isEqualTo("email failed: welcome: no_valid_recipient");
    assertThat(stored.payload()).isEqualTo("{\"id\":\"evt_a\"}");
  }

  @Test
  void failedEventsAreListedOldestFirstAndAClearedOneIsGone() {
    FailedEvents store = failedEvents();
    store.recordFailure(failure("evt_late", T0.plusSeconds(10), "stripe_400_parameter_invalid"));
    store.recordFailure(failure("evt_early", T0, "stripe_404_resource_missing"));
    store.recordFailure(
        app.billing.core.testdata.FailedEvents.atEvent()
            .event("unreadable-abc", null)
            .reason("unreadable_payload")
            .failedAt(T0.plusSeconds(5))
            .build());

    assertThat(store.failedEvents())
        .extracting(FailedEvent::eventId)
        .containsExactly("evt_early", "unreadable-abc", "evt_late");

    store.clearFailure("evt_early");
    store.clearFailure("evt_never_failed");

    assertThat(store.failedEvents())
        .extracting(FailedEvent::eventId)
        .containsExactly("unreadable-abc", "evt_late");
    assertThat(store.failedEvent("evt_early")).isEmpty();
  }
}
