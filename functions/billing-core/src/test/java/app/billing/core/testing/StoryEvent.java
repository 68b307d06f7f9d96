package app.billing.core.testing;

import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import java.util.function.Consumer;

/** One event fixture: its file name, envelope fields and the raw payload exactly as in the file. */
public record StoryEvent(String file, String id, String type, long created, String payload) {

  public static StoryEvent of(String file, String payload) {
    JsonObject root = Fixtures.json(payload);
    return new StoryEvent(
        file,
        root.get("id").getAsString(),
        root.get("type").getAsString(),
        root.get("created").getAsLong(),
        payload);
  }

  /** The story step this event is. */
  public Story step() {
    return Story.ofFile(file);
  }

  /** The file number, 1-based. */
  public int number() {
    return Integer.parseInt(file.substring(0, 2));
  }

  public JsonObject dataObject() {
    return Fixtures.json(payload).getAsJsonObject("data").getAsJsonObject("object");
  }

  /** {@code data.object.id}, or null (entitlement summaries have none). */
  public String objectId() {
    JsonObject object = dataObject();
    return object.has("id") && !object.get("id").isJsonNull()
        ? object.get("id").getAsString()
        : null;
  }

  /** A copy of the payload with the envelope edited (the file itself is never changed). */
  public String payloadWith(Consumer<JsonObject> edit) {
    JsonObject root = Fixtures.json(payload);
    edit.accept(root);
    return root.toString();
  }

  @Override
  public String toString() {
    return file;
  }
}
