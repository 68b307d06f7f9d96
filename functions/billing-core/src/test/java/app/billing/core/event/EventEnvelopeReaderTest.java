package app.billing.core.event;

import static app.billing.core.testing.Fixtures.CUSTOMER;
import static app.billing.core.testing.Fixtures.event;
import static app.billing.core.testing.Fixtures.story;
import static app.billing.testkit.story.Story.CREDITS_PURCHASED;
import static app.billing.testkit.story.Story.CUSTOMER_DELETED;
import static app.billing.testkit.story.Story.ENTITLEMENTS_REVOKED;
import static app.billing.testkit.story.Story.STARTER_PRODUCT_CREATED;
import static app.billing.testkit.story.Story.TRIAL_INVOICE_PAID;
import static app.billing.testkit.story.Story.TRIAL_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.testing.StoryEvent;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventEnvelopeReaderTest {

  static java.util.List<StoryEvent> storyEvents() {
    return story();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storyEvents")
  void readsEveryStoryEvent(StoryEvent e) throws Exception {
    EventEnvelope envelope = EventEnvelopeReader.read(e.payload());

    assertThat(envelope.id()).isEqualTo(e.id());
    assertThat(envelope.type()).isEqualTo(e.type());
    assertThat(envelope.created()).isEqualTo(e.created());
    assertThat(envelope.objectId()).isEqualTo(e.objectId());
    // Catalog events are about no customer; every event from the checkout on is about Ada's.
    assertThat(envelope.customerId())
        .isEqualTo(Story.customerSteps().contains(e.step()) ? CUSTOMER : null);
  }

  @Test
  void readsLivemodeAndLeavesItUnknownWhenAbsentOrNotABoolean() throws Exception {
    assertThat(EventEnvelopeReader.read(event(9).payload()).livemode()).isFalse();
    assertThat(
            EventEnvelopeReader.read(event(9).payloadWith(e -> e.addProperty("livemode", true)))
                .livemode())
        .isTrue();
    assertThat(EventEnvelopeReader.read(event(9).payloadWith(e -> e.remove("livemode"))).livemode())
        .isNull();
    assertThat(
            EventEnvelopeReader.read(event(9).payloadWith(e -> e.addProperty("livemode", "true")))
                .livemode())
        .isNull();
  }

  @Test
  void customerIdFromAStringField() throws Exception {
    EventEnvelope envelope = EventEnvelopeReader.read(event(TRIAL_STARTED).payload());

    assertThat(envelope.customerId()).isEqualTo(CUSTOMER);
    assertThat(envelope.objectId()).isEqualTo("sub_1hNEdcSb7kQ2wLn5P4c3ZkD7");
    assertThat(envelope.orderingKey()).isEqualTo(CUSTOMER);
  }

  @Test
  void customerIdFromAnExpandedCustomer() throws Exception {
    String expanded =
        event(TRIAL_INVOICE_PAID)
            .payloadWith(
                root -> {
                  JsonObject customer = new JsonObject();
                  customer.addProperty("id", CUSTOMER);
                  customer.addProperty("object", "customer");
                  dataObject(root).add("customer", customer);
                });

    assertThat(EventEnvelopeReader.read(expanded).customerId()).isEqualTo(CUSTOMER);
  }

  @Test
  void customerIdOfACustomerEventIsTheObjectItself() throws Exception {
    EventEnvelope envelope = EventEnvelopeReader.read(event(CUSTOMER_DELETED).payload());

    assertThat(envelope.customerId()).isEqualTo(CUSTOMER);
    assertThat(envelope.objectId()).isEqualTo(CUSTOMER);
  }

  @Test
  void anEntitlementSummaryHasACustomerButNoObjectId() throws Exception {
    EventEnvelope envelope = EventEnvelopeReader.read(event(ENTITLEMENTS_REVOKED).payload());

    assertThat(envelope.customerId()).isEqualTo(CUSTOMER);
    assertThat(envelope.objectId()).isNull();
  }

  @Test
  void withoutACustomerTheOrderingKeyIsTheObjectThenTheEvent() throws Exception {
    EventEnvelope product = EventEnvelopeReader.read(event(STARTER_PRODUCT_CREATED).payload());
    assertThat(product.customerId()).isNull();
    assertThat(product.orderingKey()).isEqualTo("prod_rXHi03DuKuUUwn");

    String guestCheckout =
        event(CREDITS_PURCHASED)
            .payloadWith(
                root -> dataObject(root).add("customer", com.google.gson.JsonNull.INSTANCE));
    EventEnvelope guest = EventEnvelopeReader.read(guestCheckout);
    assertThat(guest.customerId()).isNull();
    assertThat(guest.orderingKey()).isEqualTo(event(CREDITS_PURCHASED).objectId());

    assertThat(new EventEnvelope("evt_1", "x", 1, null, null).orderingKey()).isEqualTo("evt_1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "{\"id\": ", "[1, 2]", "\"evt_1\"", "42", "null"})
  void rejectsWhatIsNotAJsonObject(String body) {
    assertThatThrownBy(() -> EventEnvelopeReader.read(body))
        .isInstanceOf(NotAStripeEventException.class);
  }

  @Test
  void rejectsAnObjectThatIsNotAnEvent() {
    String invoice = event(TRIAL_INVOICE_PAID).dataObject().toString();

    assertThatThrownBy(() -> EventEnvelopeReader.read(invoice))
        .isInstanceOf(NotAStripeEventException.class)
        .hasMessageContaining("object must be \"event\"");
  }

  @Test
  void rejectsAMissingOrMalformedId() {
    assertRejected(root -> root.remove("id"), "no valid id or type");
    assertRejected(root -> root.addProperty("id", "in_123"), "no valid id or type");
    assertRejected(root -> root.add("id", new JsonObject()), "no valid id or type");
  }

  @Test
  void rejectsAMissingType() {
    assertRejected(root -> root.remove("type"), "no valid id or type");
  }

  @Test
  void rejectsAMissingOrNonNumericCreated() {
    assertRejected(root -> root.remove("created"), "no created timestamp");
    assertRejected(
        root -> root.add("created", new JsonPrimitive("yesterday")), "no created timestamp");
    assertRejected(root -> root.add("created", new JsonObject()), "no created timestamp");
  }

  @Test
  void rejectsAMissingDataObject() {
    assertRejected(root -> root.remove("data"), "no data.object");
    assertRejected(root -> root.getAsJsonObject("data").remove("object"), "no data.object");
    assertRejected(
        root -> root.getAsJsonObject("data").addProperty("object", "sub_1"), "no data.object");
  }

  private static void assertRejected(Consumer<JsonObject> edit, String message) {
    String payload = event(TRIAL_STARTED).payloadWith(edit);

    assertThatThrownBy(() -> EventEnvelopeReader.read(payload))
        .isInstanceOf(NotAStripeEventException.class)
        .hasMessageContaining(message);
  }

  private static JsonObject dataObject(JsonObject root) {
    return root.getAsJsonObject("data").getAsJsonObject("object");
  }

  @Test
  void handledTypes() {
    assertThat(HandledEventTypes.isHandled("invoice.paid")).isTrue();
    assertThat(HandledEventTypes.isHandled("product.created")).isFalse();
    assertThat(HandledEventTypes.isHandled(null)).isFalse();
    assertThat(story())
        .filteredOn(e -> HandledEventTypes.isHandled(e.type()))
        .extracting(StoryEvent::step)
        .containsExactlyElementsOf(Story.customerSteps());
  }

  // Issue 14: a signed event with values Stripe never sends is refused, with the problem named.

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e999999999",
        "-1",
        "0",
        "1.2e29",
        "1.5",
        "1e9",
        "17882714360000",
        "4102444801",
        "99999999999999999999999999999"
      })
  void refusesACreatedThatIsNotSaneEpochSeconds(String created) {
    String payload = withCreated(created);

    assertThatThrownBy(() -> EventEnvelopeReader.read(payload))
        .isInstanceOf(NotAStripeEventException.class)
        .hasMessageContaining("created");
  }

  @Test
  void acceptsACreatedUpTo2100() throws Exception {
    assertThat(EventEnvelopeReader.read(withCreated("4102444800")).created())
        .isEqualTo(4_102_444_800L);
    assertThat(EventEnvelopeReader.read(withCreated("1")).created()).isEqualTo(1);
  }

  @Test
  void aCreatedGivenTwiceIsCheckedBothTimes() {
    String payload =
        event(TRIAL_STARTED).payload().replaceFirst("\\{", "{\"created\": 1e999999999,");

    assertThatThrownBy(() -> EventEnvelopeReader.read(payload))
        .isInstanceOf(NotAStripeEventException.class)
        .hasMessageContaining("out of range");
  }

  private static String withCreated(String created) {
    String payload =
        event(TRIAL_STARTED)
            .payload()
            .replaceFirst("\"created\": *\\d+", "\"created\": " + created);
    assertThat(payload).contains("\"created\": " + created);
    return payload;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e30",
        "1000000000000000000000000000000",
        "9223372036854775808",
        "-9223372036854775809",
        "9223372036854775807",
        "-9223372036854775808",
        "1e19",
        "-1.2e29",
        "1e999999999",
        "-1e999999999"
      })
  void refusesANumberOutOfRangeAnywhere(String number) {
    String invoice =
        event(TRIAL_INVOICE_PAID)
            .payloadWith(root -> dataObject(root).add("amount_paid", raw(number)));
    String inList =
        event(TRIAL_INVOICE_PAID)
            .payloadWith(
                root ->
                    dataObject(root)
                        .getAsJsonObject("lines")
                        .getAsJsonArray("data")
                        .get(0)
                        .getAsJsonObject()
                        .add("amount", raw(number)));

    assertThatThrownBy(() -> EventEnvelopeReader.read(invoice))
        .isInstanceOf(NotAStripeEventException.class)
        .hasMessageContaining("number at $.data.object.amount_paid is out of range");
    assertThatThrownBy(() -> EventEnvelopeReader.read(inList))
        .isInstanceOf(NotAStripeEventException.class)
        .hasMessageContaining("$.data.object.lines.data[0].amount is out of range");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9223372036854775806",
        "-9223372036854775807",
        "12.5",
        "9007199254740992.0",
        "1e15",
        "1e16",
        "1e-300",
        "0.000001",
        "-0"
      })
  void acceptsNumbersStripeCouldSend(String number) throws Exception {
    String invoice =
        event(TRIAL_INVOICE_PAID)
            .payloadWith(root -> dataObject(root).add("amount_paid", raw(number)));

    assertThat(EventEnvelopeReader.read(invoice).id()).isEqualTo(event(TRIAL_INVOICE_PAID).id());
  }

  /** A number exactly as written (Gson would normalise it). */
  private static com.google.gson.JsonElement raw(String number) {
    return new JsonPrimitive(new com.google.gson.internal.LazilyParsedNumber(number));
  }

  @Test
  void refusesNestingDeeperThanTheLimit() throws Exception {
    // The root is level 1, data 2, data.object 3: n objects nested in metadata reach level 3 + n.
    String fits = nestedMetadata(EventEnvelopeReader.MAX_DEPTH - 3);
    String tooDeep = nestedMetadata(EventEnvelopeReader.MAX_DEPTH - 2);
    String veryDeep = nestedMetadata(40_000);
    String deepArray = withMetadata("[".repeat(40_000) + "]".repeat(40_000));

    assertThat(EventEnvelopeReader.read(fits).id()).isEqualTo(event(TRIAL_INVOICE_PAID).id());
    for (String payload : java.util.List.of(tooDeep, veryDeep, deepArray)) {
      assertThatThrownBy(() -> EventEnvelopeReader.read(payload))
          .isInstanceOf(NotAStripeEventException.class)
          .hasMessageContaining("deeper than 64 levels");
    }
  }

  private static String nestedMetadata(int levels) {
    return withMetadata("{\"a\":".repeat(levels) + "1" + "}".repeat(levels));
  }

  /** data.object.metadata as given (too deep for Gson's tree to write it). */
  private static String withMetadata(String json) {
    String payload =
        event(TRIAL_INVOICE_PAID)
            .payloadWith(root -> dataObject(root).addProperty("metadata", "METADATA"))
            .replace("\"METADATA\"", json);
    assertThat(payload).contains(json);
    return payload;
  }

  @Test
  void refusesADeepRootThatIsNotAnObject() {
    String deep = "[".repeat(40_000) + "]".repeat(40_000);

    assertThatThrownBy(() -> EventEnvelopeReader.read(deep))
        .isInstanceOf(NotAStripeEventException.class)
        .hasMessageContaining("deeper than 64 levels");
  }

  @Test
  void refusesIdsOutsideStripesAlphabet() {
    assertRejected(root -> root.addProperty("id", "evt_" + "a".repeat(125)), "no valid id or type");
    assertRejected(root -> root.addProperty("id", "evt_1 2"), "no valid id or type");
    assertRejected(
        root -> dataObject(root).addProperty("customer", "cus_1\n"), "customer is not a Stripe id");
    assertRejected(
        root -> dataObject(root).addProperty("customer", "c".repeat(129)),
        "customer is not a Stripe id");
    assertRejected(
        root -> dataObject(root).addProperty("id", "sub_1#x"), "data.object.id is not a Stripe id");
    assertRejected(root -> root.addProperty("type", "x".repeat(129)), "type is empty or longer");
  }
}
