package app.billing.core.event;

import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;

/**
 * Reads an {@link EventEnvelope} from a Stripe event's JSON, rejecting anything that is not an
 * event.
 *
 * <p>Streams the body with Gson's {@link JsonReader} and keeps only the members it needs ({@code
 * id}, {@code object}, {@code type}, {@code created}, {@code livemode}, and {@code data.object}'s
 * {@code id}, {@code object} and {@code customer}), skipping everything else, in whatever order the
 * members come. Building the whole tree ({@code JsonParser.parseString}) to read them cost more
 * under C1, the only JIT of Lambda's Java runtime (bench/README.md has the figures).
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

  private static final int MAX_ID_LENGTH = 128;

  private EventEnvelopeReader() {}

  public static EventEnvelope read(String json) throws NotAStripeEventException {
    EventJson.Event event;
    try {
      event = EventJson.parse(new JsonReader(new StringReader(json)));
    } catch (CheckedJson.OutOfRange e) {
      throw new NotAStripeEventException(e.pathKnown ? e.getMessage() : EventJson.describe(json));
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
    EventJson.DataObject object = event.dataObject;
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
}
