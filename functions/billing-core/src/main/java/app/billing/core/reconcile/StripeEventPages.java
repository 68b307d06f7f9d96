package app.billing.core.reconcile;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Stripe's Events API ({@code GET /v1/events}), one page per call, newest event first. */
public interface StripeEventPages {

  /**
   * One page of events matching the query.
   *
   * @throws StripeEventsUnavailableException when Stripe cannot be read (after the adapter's own
   *     bounded retries); nothing of the page was seen, so the caller must not move past it
   */
  EventPage page(EventQuery query);

  /**
   * @param types {@code types[]}: the event types to list
   * @param createdAfter {@code created[gt]}, epoch seconds
   * @param createdUpTo {@code created[lte]}, epoch seconds
   * @param startingAfter {@code starting_after}: the last (oldest) event id of the previous page,
   *     or null for the first page
   * @param limit {@code limit}, 1 to 100
   * @param onlyUndelivered {@code delivery_success=false}: only events whose delivery to some
   *     webhook endpoint is still pending or has failed
   */
  record EventQuery(
      Set<String> types,
      long createdAfter,
      long createdUpTo,
      String startingAfter,
      int limit,
      boolean onlyUndelivered) {
    public EventQuery {
      types = Set.copyOf(types);
      if (limit < 1 || limit > 100) {
        throw new IllegalArgumentException("limit must be 1 to 100");
      }
    }
  }

  /**
   * @param events newest first, each as the event's JSON
   * @param hasMore whether older matching events follow ({@code has_more})
   */
  record EventPage(List<StripeEventJson> events, boolean hasMore) {
    public EventPage {
      events = List.copyOf(events);
    }
  }

  /**
   * One event: its id and its JSON, which goes onto the queue as the body the webhook would send.
   */
  record StripeEventJson(String id, String json) {
    public StripeEventJson {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(json, "json");
    }
  }

  final class StripeEventsUnavailableException extends RuntimeException {
    public StripeEventsUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
