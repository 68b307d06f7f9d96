package app.billing.provisioning;

import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/** The fixture customer story (testkit's {@link Story}), in story order. */
final class StoryEvents {
  static final String CUSTOMER = "cus_1BREyS0ms3pllo";
  static final String TENANT = "usr_8f3a1c2e";

  record StoryEvent(String file, String id, String type, long created, String payload) {}

  private StoryEvents() {}

  /** The 19 events of the story our webhook enqueues (08–26). */
  static List<StoryEvent> handled() {
    List<String> files = Story.customerSteps().stream().map(Story::file).toList();
    return all().stream().filter(e -> files.contains(e.file())).toList();
  }

  /** A copy of {@code base} under another event id, its JSON edited (e.g. other object ids). */
  static StoryEvent variant(
      StoryEvent base, String eventId, java.util.function.Consumer<JsonObject> edit) {
    JsonObject json = JsonParser.parseString(base.payload()).getAsJsonObject();
    json.addProperty("id", eventId);
    edit.accept(json);
    return new StoryEvent(
        base.file(), eventId, base.type(), json.get("created").getAsLong(), json.toString());
  }

  /** The {@code data.object} of an event's JSON. */
  static JsonObject dataObject(JsonObject event) {
    return event.getAsJsonObject("data").getAsJsonObject("object");
  }

  static StoryEvent file(String prefix) {
    return all().stream().filter(e -> e.file().startsWith(prefix)).findFirst().orElseThrow();
  }

  /** Read once: the fixtures are large and tests ask for them often. */
  static List<StoryEvent> all() {
    return All.EVENTS;
  }

  private static final class All {
    static final List<StoryEvent> EVENTS = read();
  }

  private static List<StoryEvent> read() {
    List<StoryEvent> events = new ArrayList<>();
    for (Story step : Story.all()) {
      String payload = step.json();
      JsonObject json = JsonParser.parseString(payload).getAsJsonObject();
      events.add(
          new StoryEvent(
              step.file(),
              json.get("id").getAsString(),
              json.get("type").getAsString(),
              json.get("created").getAsLong(),
              payload));
    }
    return List.copyOf(events);
  }
}
