package app.billing.local.stripe;

import static app.billing.local.stripe.StripeJson.id;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /v1/events}: the events the account sent, newest first, and their delivery state. */
final class Events {
  private final StripeAccount account;

  Events(StripeAccount account) {
    this.account = account;
  }

  JsonObject retrieve(String id) {
    JsonObject event = account.events.get(id);
    if (event == null) {
      throw StripeError.noSuch("event", id, "id");
    }
    return event.deepCopy();
  }

  /**
   * {@code GET /v1/events} as Stripe lists it: newest first, filtered by {@code type} or {@code
   * types[]}, {@code created} ({@code [gt]}, {@code [gte]}, {@code [lt]}, {@code [lte]} or exact)
   * and {@code delivery_success} (false: an endpoint has not acknowledged it yet, {@code
   * pending_webhooks > 0}), paged by {@code limit} (default 10, at most 100) and {@code
   * starting_after} / {@code ending_before}.
   */
  JsonObject list(FormParams params) {
    long limit = params.integer("limit").orElse(10L);
    if (limit < 1 || limit > 100) {
      throw StripeError.invalid(
          "Invalid integer: " + limit + " (limit must be between 1 and 100)", "limit");
    }
    Set<String> types = new LinkedHashSet<>();
    params.strings("types").forEach(t -> types.add(t.getAsString()));
    Optional<String> type = params.string("type");
    if (type.isPresent() && !types.isEmpty()) {
      throw StripeError.invalid("You may pass either type or types, but not both.", "types");
    }
    Optional<Boolean> deliverySuccess = params.bool("delivery_success");
    List<JsonObject> matching = new ArrayList<>();
    for (JsonObject event : account.events.values()) {
      String eventType = event.get("type").getAsString();
      long created = event.get("created").getAsLong();
      boolean pending = event.get("pending_webhooks").getAsInt() > 0;
      if ((!types.isEmpty() && !types.contains(eventType))
          || (type.isPresent() && !typeMatches(type.get(), eventType))
          || !createdMatches(params, created)
          || (deliverySuccess.isPresent() && deliverySuccess.get() == pending)) {
        continue;
      }
      matching.add(event);
    }
    Collections.reverse(matching); // newest first
    int from = 0;
    int to = matching.size();
    Optional<String> startingAfter = params.string("starting_after");
    Optional<String> endingBefore = params.string("ending_before");
    if (startingAfter.isPresent()) {
      from = countBefore(matching, startingAfter.get(), "starting_after", true);
    } else if (endingBefore.isPresent()) {
      to = countBefore(matching, endingBefore.get(), "ending_before", false);
      from = (int) Math.max(0, to - limit);
    }
    int end = (int) Math.min(to, from + limit);
    JsonArray data = new JsonArray();
    matching.subList(Math.min(from, end), end).forEach(e -> data.add(e.deepCopy()));
    JsonObject list = StripeObjects.list("/v1/events", data);
    boolean hasMore = endingBefore.isPresent() && startingAfter.isEmpty() ? from > 0 : end < to;
    list.addProperty("has_more", hasMore);
    return list;
  }

  /** Stripe accepts a trailing wildcard in {@code type} ({@code invoice.*}). */
  private static boolean typeMatches(String filter, String type) {
    return filter.endsWith("*")
        ? type.startsWith(filter.substring(0, filter.length() - 1))
        : filter.equals(type);
  }

  private static boolean createdMatches(FormParams params, long created) {
    if (params.has("created") && params.hash("created").isEmpty()) {
      return params.integer("created").map(exact -> created == exact).orElse(true);
    }
    return params.integer("created", "gt").map(v -> created > v).orElse(true)
        && params.integer("created", "gte").map(v -> created >= v).orElse(true)
        && params.integer("created", "lt").map(v -> created < v).orElse(true)
        && params.integer("created", "lte").map(v -> created <= v).orElse(true);
  }

  /**
   * How many events of the newest-first {@code matching} list come before the cursor: those newer
   * than it, plus the cursor itself when {@code afterCursor}. The cursor need not match the filters
   * (an event delivered between two pages of {@code delivery_success=false}); an unknown id is
   * resource_missing.
   */
  private int countBefore(List<JsonObject> matching, String id, String param, boolean afterCursor) {
    if (!account.events.containsKey(id)) {
      throw StripeError.noSuch("event", id, param);
    }
    List<String> oldestFirst = new ArrayList<>(account.events.keySet());
    int cursor = oldestFirst.indexOf(id);
    int count = 0;
    for (JsonObject event : matching) {
      int position = oldestFirst.indexOf(id(event));
      if (position > cursor || (afterCursor && position == cursor)) {
        count++;
      }
    }
    return count;
  }

  /**
   * The webhook endpoint answered 2xx to the event: it no longer counts as pending ({@code
   * delivery_success=true}). Until then it stays {@code pending_webhooks: 1}, also after the sender
   * gave up, as at Stripe, which keeps retrying for three days. Returns whether that changed it.
   */
  boolean delivered(String eventId) {
    JsonObject event = account.events.get(eventId);
    if (event != null && event.get("pending_webhooks").getAsInt() != 0) {
      event.addProperty("pending_webhooks", 0);
      return true;
    }
    return false;
  }
}
