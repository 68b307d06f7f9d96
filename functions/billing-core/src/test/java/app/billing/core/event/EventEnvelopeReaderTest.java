package app.billing.core.event;

import static app.billing.core.testing.Fixtures.CUSTOMER;
import static app.billing.core.testing.Fixtures.event;
import static app.billing.core.testing.Fixtures.story;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.testing.StoryEvent;
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
    assertThat(envelope.customerId()).isEqualTo(e.number() >= 8 ? CUSTOMER : null);
  }

  @Test
  void customerIdFromAStringField() throws Exception {
    EventEnvelope envelope = EventEnvelopeReader.read(event(9).payload());

    assertThat(envelope.customerId()).isEqualTo(CUSTOMER);
    assertThat(envelope.objectId()).isEqualTo("sub_1hNEdcSb7kQ2wLn5P4c3ZkD7");
    assertThat(envelope.orderingKey()).isEqualTo(CUSTOMER);
  }

  @Test
  void customerIdFromAnExpandedCustomer() throws Exception {
    String expanded = event(10).payloadWith(root -> {
      JsonObject customer = new JsonObject();
      customer.addProperty("id", CUSTOMER);
      customer.addProperty("object", "customer");
      dataObject(root).add("customer", customer);
    });

    assertThat(EventEnvelopeReader.read(expanded).customerId()).isEqualTo(CUSTOMER);
  }

  @Test
  void customerIdOfACustomerEventIsTheObjectItself() throws Exception {
    EventEnvelope envelope = EventEnvelopeReader.read(event(26).payload());

    assertThat(envelope.customerId()).isEqualTo(CUSTOMER);
    assertThat(envelope.objectId()).isEqualTo(CUSTOMER);
  }

  @Test
  void anEntitlementSummaryHasACustomerButNoObjectId() throws Exception {
    EventEnvelope envelope = EventEnvelopeReader.read(event(25).payload());

    assertThat(envelope.customerId()).isEqualTo(CUSTOMER);
    assertThat(envelope.objectId()).isNull();
  }

  @Test
  void withoutACustomerTheOrderingKeyIsTheObjectThenTheEvent() throws Exception {
    EventEnvelope product = EventEnvelopeReader.read(event(1).payload());
    assertThat(product.customerId()).isNull();
    assertThat(product.orderingKey()).isEqualTo("prod_rXHi03DuKuUUwn");

    String guestCheckout = event(18).payloadWith(root -> dataObject(root).add("customer", com.google.gson.JsonNull.INSTANCE));
    EventEnvelope guest = EventEnvelopeReader.read(guestCheckout);
    assertThat(guest.customerId()).isNull();
    assertThat(guest.orderingKey()).isEqualTo(event(18).objectId());

    assertThat(new EventEnvelope("evt_1", "x", 1, null, null).orderingKey()).isEqualTo("evt_1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "{\"id\": ", "[1, 2]", "\"evt_1\"", "42", "null"})
  void rejectsWhatIsNotAJsonObject(String body) {
    assertThatThrownBy(() -> EventEnvelopeReader.read(body)).isInstanceOf(NotAStripeEventException.class);
  }

  @Test
  void rejectsAnObjectThatIsNotAnEvent() {
    String invoice = event(10).dataObject().toString();

    assertThatThrownBy(() -> EventEnvelopeReader.read(invoice))
        .isInstanceOf(NotAStripeEventException.class).hasMessageContaining("object must be \"event\"");
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
    assertRejected(root -> root.add("created", new JsonPrimitive("yesterday")), "no created timestamp");
    assertRejected(root -> root.add("created", new JsonObject()), "no created timestamp");
  }

  @Test
  void rejectsAMissingDataObject() {
    assertRejected(root -> root.remove("data"), "no data.object");
    assertRejected(root -> root.getAsJsonObject("data").remove("object"), "no data.object");
    assertRejected(root -> root.getAsJsonObject("data").addProperty("object", "sub_1"), "no data.object");
  }

  private static void assertRejected(Consumer<JsonObject> edit, String message) {
    String payload = event(9).payloadWith(edit);

    assertThatThrownBy(() -> EventEnvelopeReader.read(payload))
        .isInstanceOf(NotAStripeEventException.class).hasMessageContaining(message);
  }

  private static JsonObject dataObject(JsonObject root) {
    return root.getAsJsonObject("data").getAsJsonObject("object");
  }

  @Test
  void handledTypes() {
    assertThat(HandledEventTypes.isHandled("invoice.paid")).isTrue();
    assertThat(HandledEventTypes.isHandled("product.created")).isFalse();
    assertThat(HandledEventTypes.isHandled(null)).isFalse();
    assertThat(story()).filteredOn(e -> HandledEventTypes.isHandled(e.type()))
        .extracting(StoryEvent::number).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(8, 26).boxed().toList());
  }
}
