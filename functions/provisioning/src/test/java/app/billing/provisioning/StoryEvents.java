package app.billing.provisioning;

import app.billing.core.checkout.CheckoutToken;
import app.billing.testkit.story.Story;
import app.billing.testkit.story.StoryTokens;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Testkit's {@link Story} steps as the pipeline tests send them: with their parsed event ids, and
 * variants under other ids.
 */
final class StoryEvents {
  /** The {@code CHECKOUT_TOKEN_KEY} {@link Pipeline} configures; story events come signed. */
  static final String TOKEN_KEY = "provisioning-it-checkout-token-key-0123456789";

  static final CheckoutToken TOKEN = CheckoutToken.fromSecret(TOKEN_KEY);

  record StoryEvent(String id, String type, long created, String payload) {}

  private StoryEvents() {}

  /** The event of one step. */
  static StoryEvent event(Story step) {
    return Parsed.EVENTS.get(step);
  }

  /** The events of the steps, in the order given. */
  static List<StoryEvent> events(List<Story> steps) {
    return steps.stream().map(StoryEvents::event).toList();
  }

  /** The events of the story our webhook enqueues (the customer's steps), in story order. */
  static List<StoryEvent> handled() {
    return events(Story.customerSteps());
  }

  /** A copy of {@code base} under another event id, its JSON edited (e.g. other object ids). */
  static StoryEvent variant(StoryEvent base, String eventId, Consumer<JsonObject> edit) {
    JsonObject json = JsonParser.parseString(base.payload()).getAsJsonObject();
    json.addProperty("id", eventId);
    edit.accept(json);
    return new StoryEvent(eventId, base.type(), json.get("created").getAsLong(), json.toString());
  }

  /** The {@code data.object} of an event's JSON. */
  static JsonObject dataObject(JsonObject event) {
    return event.getAsJsonObject("data").getAsJsonObject("object");
  }

  /** Parsed once: the fixtures are large and tests ask for them often. */
  private static final class Parsed {
    static final Map<Story, StoryEvent> EVENTS = parse();

    private static Map<Story, StoryEvent> parse() {
      Map<Story, StoryEvent> events = new EnumMap<>(Story.class);
      for (Story step : Story.all()) {
        // Signed as our checkout would have: a tenant hint links only with a valid token.
        String payload = StoryTokens.signed(step.json(), TOKEN::sign);
        JsonObject json = JsonParser.parseString(payload).getAsJsonObject();
        events.put(
            step,
            new StoryEvent(
                json.get("id").getAsString(),
                json.get("type").getAsString(),
                json.get("created").getAsLong(),
                payload));
      }
      return events;
    }
  }
}
