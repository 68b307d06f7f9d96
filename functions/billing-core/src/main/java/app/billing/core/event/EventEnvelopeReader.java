package app.billing.core.event;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;

/**
 * Reads an {@link EventEnvelope} from a Stripe event's JSON, rejecting anything that is not an event.
 *
 * <p>Streams the body with Gson's {@link JsonReader} and keeps only the members it needs ({@code id},
 * {@code object}, {@code type}, {@code created}, and {@code data.object}'s {@code id}, {@code object}
 * and {@code customer}), skipping everything else, in whatever order the members come. Building the
 * whole tree ({@code JsonParser.parseString}) to read them took about twice as long under C1 (the
 * only JIT of Lambda's Java runtime): some 20 to 29 µs instead of 11 µs for a 4 KB event.
 *
 * <p>It accepts and refuses exactly what reading the tree did: the whole body is read, leniently as
 * {@code JsonParser} does, so a syntax error anywhere (even in a skipped member, or after the root
 * object) makes it invalid JSON; a member given twice counts with its last value; a field read as a
 * string may be any JSON primitive (a number as written, a boolean as {@code true}/{@code false}).
 */
public final class EventEnvelopeReader {

  private EventEnvelopeReader() {}

  public static EventEnvelope read(String json) throws NotAStripeEventException {
    Event event;
    try {
      event = parse(json);
    } catch (IOException | NumberFormatException e) {
      // MalformedJsonException, EOFException (truncated body); NumberFormatException (bad unicode escape).
      throw new NotAStripeEventException("body is not valid JSON");
    }
    if (event == null) {
      throw new NotAStripeEventException("body is not a JSON object");
    }
    if (!"event".equals(event.object)) {
      throw new NotAStripeEventException("body is not a Stripe event (object must be \"event\")");
    }
    if (event.id == null || !event.id.startsWith("evt_") || event.type == null) {
      throw new NotAStripeEventException("event has no valid id or type");
    }
    if (event.created == null) {
      throw new NotAStripeEventException("event has no created timestamp");
    }
    DataObject object = event.dataObject;
    if (object == null) {
      throw new NotAStripeEventException("event has no data.object");
    }
    String customer = "customer".equals(object.object) ? object.id : object.customer;
    return new EventEnvelope(event.id, event.type, longValue(event.created), customer, object.id);
  }

  /** The members of the root object we keep; null when the body is JSON but not an object. */
  private static final class Event {
    String id;
    String object;
    String type;
    /** {@code created} as written, when it is a number. */
    String created;
    /** {@code data.object}, when {@code data} is an object whose {@code object} is an object. */
    DataObject dataObject;
  }

  private static final class DataObject {
    String id;
    String object;
    /** {@code customer}: an id string, or the {@code id} of an expanded customer; else null. */
    String customer;
  }

  private static Event parse(String json) throws IOException {
    JsonReader reader = new JsonReader(new StringReader(json));
    // As JsonParser.parseString: the value is read leniently, what follows it strictly.
    reader.setLenient(true);
    JsonToken first;
    try {
      first = reader.peek();
    } catch (EOFException e) {
      return null; // an empty (or blank) body reads as JSON null
    }
    if (first == JsonToken.NULL) {
      return null; // JsonParser returns JSON null without looking at what follows
    }
    Event event = null;
    if (first == JsonToken.BEGIN_OBJECT) {
      event = readEvent(reader);
    } else {
      reader.skipValue();
    }
    reader.setLenient(false);
    if (reader.peek() != JsonToken.END_DOCUMENT) {
      throw new IOException("content after the JSON value");
    }
    return event;
  }

  private static Event readEvent(JsonReader reader) throws IOException {
    Event event = new Event();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "id" -> event.id = primitive(reader);
        case "object" -> event.object = primitive(reader);
        case "type" -> event.type = primitive(reader);
        case "created" -> event.created = number(reader);
        case "data" -> event.dataObject = dataObject(reader);
        default -> reader.skipValue();
      }
    }
    reader.endObject();
    return event;
  }

  /** {@code data.object} of the {@code data} value at the reader, or null when there is none. */
  private static DataObject dataObject(JsonReader reader) throws IOException {
    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
      reader.skipValue();
      return null;
    }
    DataObject object = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.nextName().equals("object")) {
        object = reader.peek() == JsonToken.BEGIN_OBJECT ? readDataObject(reader) : skip(reader);
      } else {
        reader.skipValue(); // previous_attributes and anything else
      }
    }
    reader.endObject();
    return object;
  }

  private static DataObject readDataObject(JsonReader reader) throws IOException {
    DataObject object = new DataObject();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "id" -> object.id = primitive(reader);
        case "object" -> object.object = primitive(reader);
        case "customer" -> object.customer = customer(reader);
        default -> reader.skipValue();
      }
    }
    reader.endObject();
    return object;
  }

  /** {@code customer} is an id string, or an expanded object carrying one. */
  private static String customer(JsonReader reader) throws IOException {
    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
      return primitive(reader); // null and arrays read as no customer
    }
    String id = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.nextName().equals("id")) {
        id = primitive(reader);
      } else {
        reader.skipValue();
      }
    }
    reader.endObject();
    return id;
  }

  /** A JSON primitive as a string (what {@code JsonPrimitive.getAsString} gave), else null. */
  private static String primitive(JsonReader reader) throws IOException {
    return switch (reader.peek()) {
      case STRING, NUMBER -> reader.nextString();
      case BOOLEAN -> Boolean.toString(reader.nextBoolean());
      default -> skip(reader);
    };
  }

  /** A JSON number as written, else null. */
  private static String number(JsonReader reader) throws IOException {
    return reader.peek() == JsonToken.NUMBER ? reader.nextString() : skip(reader);
  }

  private static <T> T skip(JsonReader reader) throws IOException {
    reader.skipValue();
    return null;
  }

  /** As Gson's {@code LazilyParsedNumber.longValue()}, which {@code getAsLong()} used. */
  private static long longValue(String number) {
    try {
      return Long.parseLong(number);
    } catch (NumberFormatException e) {
      return new BigDecimal(number).longValue();
    }
  }
}
