package app.billing.core.event;

import com.google.gson.stream.JsonReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;

/**
 * Values walked token by token, never built into a tree, with the limits {@link
 * EventEnvelopeReader} sets: nesting depth, and numbers that fit Stripe's schema.
 */
final class CheckedJson {
  /** 2^53: past it a double no longer holds every whole number. */
  private static final double MAX_FRACTIONAL = 9_007_199_254_740_992d;

  private static final int MAX_PATH_SHOWN = 120;

  private CheckedJson() {}

  /** Reads member names it skips, so that {@link JsonReader#getPreviousPath()} names them. */
  static final class NamingReader extends JsonReader {
    NamingReader(String json) {
      super(new StringReader(json));
    }
  }

  /**
   * Skips the value at the reader, as {@code skipValue} does, but token by token so that its depth
   * and its numbers are checked.
   *
   * @param depth how many objects and arrays enclose the value
   */
  static void skip(JsonReader reader, int depth) throws IOException {
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

  static void enter(int level) throws OutOfRange {
    if (level > EventEnvelopeReader.MAX_DEPTH) {
      throw new OutOfRange(
          "the JSON nests deeper than " + EventEnvelopeReader.MAX_DEPTH + " levels", true);
    }
  }

  /**
   * A number of a skipped member: one a long holds (most of them) is read without making its text.
   */
  static void skipNumber(JsonReader reader) throws IOException {
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
  static String checkedNumber(JsonReader reader) throws IOException {
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

  static OutOfRange numberOutOfRange(JsonReader reader) {
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
  static boolean fitsLong(String text) {
    try {
      long value = Long.parseLong(text);
      return value != Long.MAX_VALUE && value != Long.MIN_VALUE;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A value Stripe would never send: refused with its own message, not as invalid JSON. */
  static final class OutOfRange extends IOException {
    /** False when the message's path may hold {@code <skipped>} for a member name. */
    final boolean pathKnown;

    OutOfRange(String message, boolean pathKnown) {
      super(message);
      this.pathKnown = pathKnown;
    }
  }
}
