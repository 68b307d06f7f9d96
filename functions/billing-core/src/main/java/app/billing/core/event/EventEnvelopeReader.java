package app.billing.core.event;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;

/**
 * Reads an {@link EventEnvelope} from a Stripe event's JSON, rejecting anything that is not an
 * event.
 *
 * <p>Streams the body with Gson's {@link JsonReader} and keeps only the members it needs ({@code
 * id}, {@code object}, {@code type}, {@code created}, {@code livemode}, and {@code data.object}'s
 * {@code id}, {@code object} and {@code customer}), skipping everything else, in whatever order the
 * members come. Building the whole tree ({@code JsonParser.parseString}) to read them took about
 * twice as long under C1 (the only JIT of Lambda's Java runtime): some 20 to 29 µs instead of 11 µs
 * for a 4 KB event.
 *
 * <p>Short of the checks below, it accepts and refuses what reading the tree did: the whole body is
 * read, leniently as {@code JsonParser} does, so a syntax error anywhere (even in a skipped member,
 * or after the root object) makes it invalid JSON; a member given twice counts with its last value;
 * a field read as a string may be any JSON primitive (a number as written, a boolean as {@code
 * true}/{@code false}).
 *
 * <p>Only a signed body gets here, yet it is checked as if it were hostile, so that nothing that
 * would fail later (in SQS, in Gson's recursive typing, in a versioned write) is acknowledged: the
 * whole body nests at most {@value #MAX_DEPTH} levels deep; every number fits what Stripe's schema
 * uses (a whole number strictly inside a long's range, any other number finite and at most 2^53 in
 * magnitude); {@code created} is whole seconds after 1970 and before {@link #MAX_CREATED} (2100);
 * ids are Stripe's alphabet (letters, digits, {@code _}), at most 128 characters, as SQS wants of
 * message group and deduplication ids. The skipped members are walked token by token for this,
 * still without building a tree.
 */
public final class EventEnvelopeReader {

  /** Deeper than any Stripe object (a few levels); far below what overflows a recursive reader. */
  public static final int MAX_DEPTH = 64;

  /** 2100-01-01T00:00:00Z: a {@code created} later than this is a corrupt event, not a real one. */
  public static final long MAX_CREATED = 4_102_444_800L;

  /** 2^53: past it a double no longer holds every whole number. */
  private static final double MAX_FRACTIONAL = 9_007_199_254_740_992d;

  private static final int MAX_ID_LENGTH = 128;
  private static final int MAX_PATH_SHOWN = 120;

  private EventEnvelopeReader() {}

  public static EventEnvelope read(String json) throws NotAStripeEventException {
    Event event;
    try {
      event = parse(new JsonReader(new StringReader(json)));
    } catch (OutOfRange e) {
      throw new NotAStripeEventException(e.pathKnown ? e.getMessage() : describe(json));
    } catch (IOException | NumberFormatException e) {
      // MalformedJsonException, EOFException (truncated body); NumberFormatException (bad unicode
      // escape).
      throw new NotAStripeEventException("body is not valid JSON");
    }
    if (event == null) {
      throw new NotAStripeEventException("body is not a JSON object");
    }
    if (!"event".equals(event.object)) {
      throw new NotAStripeEventException("body is not a Stripe event (object must be \"event\")");
    }
    if (event.id == null
        || !event.id.startsWith("evt_")
        || !isStripeId(event.id)
        || event.type == null) {
      throw new NotAStripeEventException("event has no valid id or type");
    }
    if (event.type.isEmpty() || event.type.length() > MAX_ID_LENGTH) {
      throw new NotAStripeEventException(
          "event type is empty or longer than " + MAX_ID_LENGTH + " characters");
    }
    if (event.created == null) {
      throw new NotAStripeEventException("event has no created timestamp");
    }
    long created = created(event.created);
    DataObject object = event.dataObject;
    if (object == null) {
      throw new NotAStripeEventException("event has no data.object");
    }
    String customer = "customer".equals(object.object) ? object.id : object.customer;
    if (object.id != null && !isStripeId(object.id)) {
      throw new NotAStripeEventException("data.object.id is not a Stripe id");
    }
    if (customer != null && !isStripeId(customer)) {
      throw new NotAStripeEventException("data.object.customer is not a Stripe id");
    }
    return new EventEnvelope(event.id, event.type, created, customer, object.id, event.livemode);
  }

  /** Whole seconds in (0, {@link #MAX_CREATED}]: no fraction, no exponent, no sign. */
  private static long created(String number) throws NotAStripeEventException {
    // At most 10 digits: 4102444800 has 10, and parsing never sees anything long.
    if (number.length() > 10 || !digitsOnly(number)) {
      throw createdOutOfRange();
    }
    long created = Long.parseLong(number);
    if (created < 1 || created > MAX_CREATED) {
      throw createdOutOfRange();
    }
    return created;
  }

  private static NotAStripeEventException createdOutOfRange() {
    return new NotAStripeEventException(
        "created must be whole seconds since 1970, after 0 and not after "
            + MAX_CREATED
            + " (2100-01-01)");
  }

  private static boolean digitsOnly(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !text.isEmpty();
  }

  /** Stripe's ids: letters, digits and {@code _}; short enough for an SQS group or dedup id. */
  private static boolean isStripeId(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** The members of the root object we keep; null when the body is JSON but not an object. */
  private static final class Event {
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

  private static final class DataObject {
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
  private static String describe(String json) {
    try {
      parse(new NamingReader(json));
    } catch (OutOfRange e) {
      return e.getMessage();
    } catch (IOException | NumberFormatException e) {
      // Not reached: the first pass met the value out of range before any syntax error.
    }
    return "a value is out of range";
  }

  /** Reads member names it skips, so that {@link JsonReader#getPreviousPath()} names them. */
  private static final class NamingReader extends JsonReader {
    NamingReader(String json) {
      super(new StringReader(json));
    }
  }

  private static Event parse(JsonReader reader) throws IOException {
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
      skip(reader, 0);
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
        case "id" -> event.id = primitive(reader, 1);
        case "object" -> event.object = primitive(reader, 1);
        case "type" -> event.type = primitive(reader, 1);
        case "created" -> event.created = number(reader, 1);
        case "livemode" -> event.livemode = bool(reader, 1);
        case "data" -> event.dataObject = dataObject(reader);
        default -> skip(reader, 1);
      }
    }
    reader.endObject();
    return event;
  }

  /** {@code data.object} of the {@code data} value at the reader, or null when there is none. */
  private static DataObject dataObject(JsonReader reader) throws IOException {
    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
      skip(reader, 1);
      return null;
    }
    DataObject object = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.nextName().equals("object")) {
        if (reader.peek() == JsonToken.BEGIN_OBJECT) {
          object = readDataObject(reader);
        } else {
          skip(reader, 2);
          object = null;
        }
      } else {
        skip(reader, 2); // previous_attributes and anything else
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
        case "id" -> object.id = primitive(reader, 3);
        case "object" -> object.object = primitive(reader, 3);
        case "customer" -> object.customer = customer(reader);
        default -> skip(reader, 3);
      }
    }
    reader.endObject();
    return object;
  }

  /** {@code customer} is an id string, or an expanded object carrying one. */
  private static String customer(JsonReader reader) throws IOException {
    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
      return primitive(reader, 3); // null and arrays read as no customer
    }
    String id = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.nextName().equals("id")) {
        id = primitive(reader, 4);
      } else {
        skip(reader, 4);
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
  private static String primitive(JsonReader reader, int depth) throws IOException {
    return switch (reader.peek()) {
      case STRING -> reader.nextString();
      case NUMBER -> checkedNumber(reader);
      case BOOLEAN -> Boolean.toString(reader.nextBoolean());
      default -> {
        skip(reader, depth);
        yield null;
      }
    };
  }

  /** A JSON boolean, else null. */
  private static Boolean bool(JsonReader reader, int depth) throws IOException {
    if (reader.peek() == JsonToken.BOOLEAN) {
      return reader.nextBoolean();
    }
    skip(reader, depth);
    return null;
  }

  /** A JSON number as written, else null. */
  private static String number(JsonReader reader, int depth) throws IOException {
    if (reader.peek() == JsonToken.NUMBER) {
      return checkedNumber(reader);
    }
    skip(reader, depth);
    return null;
  }

  /**
   * Skips the value at the reader, as {@code skipValue} does, but token by token so that its depth
   * and its numbers are checked.
   *
   * @param depth how many objects and arrays enclose the value
   */
  private static void skip(JsonReader reader, int depth) throws IOException {
    int level = depth;
    do {
      switch (reader.peek()) {
        case BEGIN_OBJECT -> {
          enter(++level);
          reader.beginObject();
        }
        case BEGIN_ARRAY -> {
          enter(++level);
          reader.beginArray();
        }
        case END_OBJECT -> {
          reader.endObject();
          level--;
        }
        case END_ARRAY -> {
          reader.endArray();
          level--;
        }
        case NUMBER -> skipNumber(reader);
        case NAME -> {
          if (reader instanceof NamingReader) {
            reader.nextName();
          } else {
            reader.skipValue(); // only the name; cheaper than reading it
          }
        }
        case END_DOCUMENT -> throw new EOFException("truncated JSON");
        default -> reader.skipValue(); // a string, a boolean or null
      }
    } while (level > depth);
  }

  private static void enter(int level) throws OutOfRange {
    if (level > MAX_DEPTH) {
      throw new OutOfRange("the JSON nests deeper than " + MAX_DEPTH + " levels", true);
    }
  }

  /**
   * A number of a skipped member: one a long holds (most of them) is read without making its text.
   */
  private static void skipNumber(JsonReader reader) throws IOException {
    long value;
    try {
      value = reader.nextLong();
    } catch (NumberFormatException notALong) {
      checkedNumber(reader); // Gson keeps the number: read now as text
      return;
    }
    // Gson rounds through a double beyond a long's range: 2^63 comes back as Long.MAX_VALUE.
    if (value == Long.MAX_VALUE || value == Long.MIN_VALUE) {
      throw numberOutOfRange(reader);
    }
  }

  /**
   * The number at the reader as written, when it fits Stripe's schema: a whole number within a
   * long, or another number (fraction, exponent) that is finite and at most 2^53 in magnitude.
   */
  private static String checkedNumber(JsonReader reader) throws IOException {
    String text = reader.nextString();
    boolean whole = true;
    for (int i = 0; i < text.length() && whole; i++) {
      char c = text.charAt(i);
      whole = c != '.' && c != 'e' && c != 'E';
    }
    boolean fits;
    if (whole) {
      fits = text.length() <= 20 && fitsLong(text);
    } else {
      // Finite and not NaN; parseDouble reads a long mantissa or exponent in linear time.
      fits = Math.abs(Double.parseDouble(text)) <= MAX_FRACTIONAL;
    }
    if (!fits) {
      throw numberOutOfRange(reader);
    }
    return text;
  }

  private static OutOfRange numberOutOfRange(JsonReader reader) {
    String path = reader.getPreviousPath();
    if (path.length() > MAX_PATH_SHOWN) {
      path = path.substring(0, MAX_PATH_SHOWN) + "...";
    }
    return new OutOfRange(
        "the number at "
            + path
            + " is out of range (whole numbers must fit in 64 bits,"
            + " others be finite and at most 2^53)",
        reader instanceof NamingReader);
  }

  /** Strictly inside a long's range, as the skipped numbers (which Gson may round to its ends). */
  private static boolean fitsLong(String text) {
    try {
      long value = Long.parseLong(text);
      return value != Long.MAX_VALUE && value != Long.MIN_VALUE;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A value Stripe would never send: refused with its own message, not as invalid JSON. */
  private static final class OutOfRange extends IOException {
    /** False when the message's path may hold {@code <skipped>} for a member name. */
    final boolean pathKnown;

    OutOfRange(String message, boolean pathKnown) {
      super(message);
      this.pathKnown = pathKnown;
    }
  }
}
