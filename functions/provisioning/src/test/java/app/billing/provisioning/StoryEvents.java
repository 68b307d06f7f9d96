package app.billing.provisioning;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The fixture customer story (test resources {@code stripe-events/}), in file (story) order. */
final class StoryEvents {
  static final String CUSTOMER = "cus_1BREyS0ms3pllo";
  static final String TENANT = "usr_8f3a1c2e";

  record StoryEvent(String file, String id, String type, long created, String payload) {}

  private StoryEvents() {}

  /** The 19 events of the story our webhook enqueues (08–26). */
  static List<StoryEvent> handled() {
    return all().stream().filter(e -> !e.file().startsWith("01-")).toList();
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
    try (Stream<Path> files = Files.list(resourceDir("stripe-events"))) {
      List<StoryEvent> events = new ArrayList<>();
      for (Path file : files.sorted().toList()) {
        String payload = Files.readString(file, StandardCharsets.UTF_8);
        JsonObject json = JsonParser.parseString(payload).getAsJsonObject();
        events.add(
            new StoryEvent(
                file.getFileName().toString(),
                json.get("id").getAsString(),
                json.get("type").getAsString(),
                json.get("created").getAsLong(),
                payload));
      }
      return List.copyOf(events);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path resourceDir(String name) {
    try {
      return Path.of(StoryEvents.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
