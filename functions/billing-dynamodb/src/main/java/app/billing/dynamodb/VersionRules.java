package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.BillingTable.SK;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.s;
import static app.billing.dynamodb.RecordItems.VERSION_CREATED;
import static app.billing.dynamodb.RecordItems.VERSION_EVENT_ID;

import app.billing.core.model.EventVersion;
import app.billing.core.model.WriteResult;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The version rules of a versioned write: the condition it is put under, and why it was refused.
 */
final class VersionRules {
  private VersionRules() {}

  /**
   * New item, or a stored version that is older; with {@code overwriteTie} also another event of
   * the same second. The same event again is refused (and reported SAME), so a redelivery never
   * rewrites a record that a tie settled with Stripe's current state.
   */
  static String condition(Expr e, EventVersion version, boolean overwriteTie) {
    String absent = "attribute_not_exists(" + e.name(PK) + ")";
    String created = e.name(VERSION_CREATED);
    String value = e.value(n(version.created()));
    if (overwriteTie) {
      return "("
          + absent
          + " OR "
          + created
          + " < "
          + value
          + " OR ("
          + created
          + " = "
          + value
          + " AND "
          + e.name(VERSION_EVENT_ID)
          + " <> "
          + e.value(s(version.eventId()))
          + "))";
    }
    return "(" + absent + " OR " + created + " < " + value + ")";
  }

  /**
   * Why the stored version refuses {@code version}: STALE when it is newer, SAME when it is this
   * very event, TIE when it is another event of the same second (and ties are not being
   * overwritten); null when it would accept it. Versions only grow, so reading after the refusal
   * never turns a refusal into an acceptance.
   */
  static WriteResult refusal(
      Map<String, AttributeValue> stored, EventVersion version, boolean overwriteTie) {
    if (stored == null || !stored.containsKey(VERSION_CREATED)) {
      return null;
    }
    long storedCreated = Items.number(stored, VERSION_CREATED);
    if (storedCreated > version.created()) {
      return WriteResult.STALE;
    }
    if (storedCreated == version.created()) {
      if (Objects.equals(Items.string(stored, VERSION_EVENT_ID), version.eventId())) {
        return WriteResult.SAME;
      }
      if (!overwriteTie) {
        return WriteResult.TIE;
      }
    }
    return null;
  }

  static IllegalStateException concurrentWrite(Map<String, AttributeValue> key) {
    return new IllegalStateException(
        "versioned write to "
            + key.get(PK).s()
            + " / "
            + key.get(SK).s()
            + " was refused but the stored version accepts it; concurrent writer, retry");
  }
}
