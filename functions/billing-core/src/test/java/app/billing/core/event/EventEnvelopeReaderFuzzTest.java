package app.billing.core.event;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Fuzzes {@link EventEnvelopeReader} with arbitrary bodies (seeds: every Stripe event fixture). Any
 * exception other than {@link NotAStripeEventException} is a finding, and so is an accepted event
 * that reading Gson's tree (what the reader replaced) would see differently or that SQS would
 * refuse.
 */
class EventEnvelopeReaderFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void acceptsOnlySaneEventsAndRefusesTheRestByName(byte[] data) {
    String json = new String(data, StandardCharsets.UTF_8);
    EventEnvelope envelope;
    try {
      envelope = EventEnvelopeReader.read(json);
    } catch (NotAStripeEventException e) {
      check(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal names its problem");
      if (e.getMessage().equals("body is not valid JSON")) {
        check(!parsesAsTree(json), "refused as invalid JSON, but Gson's tree reads it");
      }
      return;
    }
    check(
        envelope.id().startsWith("evt_") && sqsId(envelope.id()),
        "event id is SQS-safe: " + envelope.id());
    check(sqsId(envelope.orderingKey()), "ordering key is SQS-safe");
    check(
        envelope.created() >= 1 && envelope.created() <= EventEnvelopeReader.MAX_CREATED,
        "created in range");

    // Differential: the tree of the same body holds the same fields.
    JsonObject root = JsonParser.parseString(json).getAsJsonObject();
    check(envelope.id().equals(root.get("id").getAsString()), "id as the tree reads it");
    check(envelope.type().equals(root.get("type").getAsString()), "type as the tree reads it");
    check(envelope.created() == root.get("created").getAsLong(), "created as the tree reads it");
    JsonObject object = root.getAsJsonObject("data").getAsJsonObject("object");
    check(
        Objects.equals(envelope.objectId(), string(object.get("id"))),
        "data.object.id as the tree reads it");
  }

  private static boolean parsesAsTree(String json) {
    try {
      JsonParser.parseString(json);
      return true;
    } catch (JsonParseException e) {
      return false;
    }
  }

  private static String string(JsonElement element) {
    return element == null || !element.isJsonPrimitive() ? null : element.getAsString();
  }

  /** What SQS takes as a message group or deduplication id. */
  static boolean sqsId(String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
