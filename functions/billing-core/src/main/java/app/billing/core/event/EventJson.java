package app.billing.core.event;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.EOFException;
import java.io.IOException;

/**
 * The streaming pass over an event's JSON: keeps the members {@link EventEnvelopeReader} needs and
 * hands every other value to {@link CheckedJson#skip}, in whatever order the members come.
 */
final class EventJson {
  private EventJson() {}

  /** The members of the root object we keep; null when the body is JSON but not an object. */
  static final class Event {
    String id;
    String object;
    String type;

    /** {@code created} as written, when it is a number. */
    String created;

    /** {@code livemode}, when it is a boolean. */
    Boolean livemode;

    /** {@code data.object}, when {@code data} is an object whose {@code object} is an object. */
    DataObject dataObject;
  }

  static final class DataObject {
    String id;
    String object;

    /** {@code customer}: an id string, or the {@code id} of an expanded customer; else null. */
    String customer;
  }

  /**
   * The message of what is out of range, with the full path to it: reads the body again naming each
   * member (the first pass skips names, so its paths say {@code <skipped>}). Only refusals pay
   * this.
   */
  static String describe(String json) {
    try {
      parse(new CheckedJson.NamingReader(json));
    } catch (CheckedJson.OutOfRange e) {
      return e.getMessage();
    } catch (IOException | NumberFormatException e) {
      // Not reached: the first pass met the value out of range before any syntax error.
    }
    return "a value is out of range";
  }

  static Event parse(JsonReader reader) throws IOException {
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
      CheckedJson.skip(reader, 0);
    }
    reader.setLenient(false);
    if (reader.peek() != JsonToken.END_DOCUMENT) {
      throw new IOException("content after the JSON value");
    }
    return event;
  }

  static Event readEvent(JsonReader reader) throws IOException {
    Event event = new Event();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "id" -> event.id = primitive(reader, 1);
        case "object" -> event.object = primitive(reader, 1);
        case "type" -> event.type = primitive(reader, 1);
        case "created" -> event.created = number(reader, 1);
        case "livemode" -> event.livemode = bool(reader, 1);
        case "data" -> event.dataObject = dataObject(reader);
        default -> CheckedJson.skip(reader, 1);
      }
    }
    reader.endObject();
    return event;
  }

  /** {@code data.object} of the {@code data} value at the reader, or null when there is none. */
  static DataObject dataObject(JsonReader reader) throws IOException {
    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
      CheckedJson.skip(reader, 1);
      return null;
    }
    DataObject object = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.nextName().equals("object")) {
        if (reader.peek() == JsonToken.BEGIN_OBJECT) {
          object = readDataObject(reader);
        } else {
          CheckedJson.skip(reader, 2);
          object = null;
        }
      } else {
        CheckedJson.skip(reader, 2); // previous_attributes and anything else
      }
    }
    reader.endObject();
    return object;
  }

  static DataObject readDataObject(JsonReader reader) throws IOException {
    DataObject object = new DataObject();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "id" -> object.id = primitive(reader, 3);
        case "object" -> object.object = primitive(reader, 3);
        case "customer" -> object.customer = customer(reader);
        default -> CheckedJson.skip(reader, 3);
      }
    }
    reader.endObject();
    return object;
  }

  /** {@code customer} is an id string, or an expanded object carrying one. */
  static String customer(JsonReader reader) throws IOException {
    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
      return primitive(reader, 3); // null and arrays read as no customer
    }
    String id = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.nextName().equals("id")) {
        id = primitive(reader, 4);
      } else {
        CheckedJson.skip(reader, 4);
      }
    }
    reader.endObject();
    return id;
  }

  /**
   * A JSON primitive as a string (what {@code JsonPrimitive.getAsString} gave), else null.
   *
   * @param depth how many objects and arrays enclose the value
   */
  static String primitive(JsonReader reader, int depth) throws IOException {
    return switch (reader.peek()) {
      case STRING -> reader.nextString();
      case NUMBER -> CheckedJson.checkedNumber(reader);
      case BOOLEAN -> Boolean.toString(reader.nextBoolean());
      default -> {
        CheckedJson.skip(reader, depth);
        yield null;
      }
    };
  }

  /** A JSON number as written, else null. */
  static String number(JsonReader reader, int depth) throws IOException {
    if (reader.peek() == JsonToken.NUMBER) {
      return CheckedJson.checkedNumber(reader);
    }
    CheckedJson.skip(reader, depth);
    return null;
  }

  /** A JSON boolean, else null. */
  static Boolean bool(JsonReader reader, int depth) throws IOException {
    if (reader.peek() == JsonToken.BOOLEAN) {
      return reader.nextBoolean();
    }
    CheckedJson.skip(reader, depth);
    return null;
  }
}
