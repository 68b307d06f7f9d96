package app.billing.core.event;

import static app.billing.core.testing.Fixtures.CUSTOMER;
import static app.billing.core.testing.Fixtures.SUBSCRIPTION;
import static app.billing.core.testing.Fixtures.TRIAL_INVOICE;
import static app.billing.core.testing.Fixtures.resource;
import static app.billing.core.testing.Fixtures.story;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.testing.Fixtures;
import app.billing.core.testing.StoryEvent;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The envelope reader streams the body: members in any order, the shapes {@code customer} takes,
 * and the members it must skip ({@code event-envelopes/} fixtures); and it still reads, and
 * refuses, the whole body.
 */
class EventEnvelopeShapesTest {
  private static final String DIR = "event-envelopes/";

  @Test
  void readsDataBeforeTheEventsOwnMembersAndSkipsPreviousAttributes() throws Exception {
    // data.object's customer, items and object come before its id; previous_attributes comes first
    // and carries an id, object and customer of its own.
    EventEnvelope envelope = read("data-first.json");

    assertThat(envelope)
        .isEqualTo(
            new EventEnvelope(
                "evt_1yCCGLSb7kQ2wLn5ChsFdwoc",
                "customer.subscription.updated",
                1789480993L,
                CUSTOMER,
                SUBSCRIPTION,
                false));
  }

  @Test
  void readsTheIdOfAnExpandedCustomerWhereverItComes() throws Exception {
    // The expanded customer's own id comes last, after nested objects that carry ids.
    EventEnvelope envelope = read("expanded-customer.json");

    assertThat(envelope.customerId()).isEqualTo(CUSTOMER);
    assertThat(envelope.objectId()).isEqualTo(TRIAL_INVOICE);
    assertThat(envelope.type()).isEqualTo("invoice.paid");
  }

  @Test
  void aNullCustomerIsNoCustomerEvenWithCustomerDetails() throws Exception {
    EventEnvelope envelope = read("guest-checkout.json");

    assertThat(envelope.customerId()).isNull();
    assertThat(envelope.objectId())
        .isEqualTo("cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu");
    assertThat(envelope.orderingKey()).isEqualTo(envelope.objectId());
  }

  @Test
  void aCustomerObjectIsItsOwnCustomerWhenItsObjectMemberComesLast() throws Exception {
    EventEnvelope envelope = read("customer-object-last.json");

    assertThat(envelope.customerId()).isEqualTo(CUSTOMER);
    assertThat(envelope.objectId()).isEqualTo(CUSTOMER);
  }

  @Test
  void aRepeatedMemberCountsWithItsLastValueAsWhenTheWholeTreeWasRead() throws Exception {
    EventEnvelope envelope = read("repeated-members.json");

    assertThat(envelope)
        .isEqualTo(
            new EventEnvelope(
                "evt_1WOLZmSb7kQ2wLn5HLHICFc5",
                "customer.subscription.updated",
                1789912992L,
                CUSTOMER,
                SUBSCRIPTION,
                null));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      truncated-after-the-envelope.txt              | body is not valid JSON
      syntax-error-in-previous-attributes.txt       | body is not valid JSON
      content-after-the-event.txt                   | body is not valid JSON
      array-of-events.json                          | body is not a JSON object
      data-object-in-previous-attributes-only.json  | event has no data.object
      envelope-members-only-nested.json             | event has no valid id or type
      """)
  void rejectsWhatIsNotAWholeStripeEvent(String fixture, String message) {
    String body = resource(DIR + "rejected/" + fixture);

    assertThatThrownBy(() -> EventEnvelopeReader.read(body))
        .isInstanceOf(NotAStripeEventException.class)
        .hasMessage(message);
  }

  static List<StoryEvent> storyEvents() {
    return story();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storyEvents")
  void theOrderOfMembersDoesNotMatter(StoryEvent event) throws Exception {
    EventEnvelope expected = EventEnvelopeReader.read(event.payload());
    Random random = new Random(event.step().ordinal());

    for (int i = 0; i < 5; i++) {
      String shuffled = shuffled(Fixtures.json(event.payload()), random).toString();
      assertThat(EventEnvelopeReader.read(shuffled)).isEqualTo(expected);
    }
  }

  private static EventEnvelope read(String fixture) throws NotAStripeEventException {
    return EventEnvelopeReader.read(resource(DIR + fixture));
  }

  /** A copy with the members of every object, at every depth, in a random order. */
  private static JsonElement shuffled(JsonElement element, Random random) {
    if (element.isJsonArray()) {
      var copy = new com.google.gson.JsonArray();
      element.getAsJsonArray().forEach(item -> copy.add(shuffled(item, random)));
      return copy;
    }
    if (!element.isJsonObject()) {
      return element;
    }
    List<Map.Entry<String, JsonElement>> members =
        new ArrayList<>(element.getAsJsonObject().entrySet());
    Collections.shuffle(members, random);
    JsonObject copy = new JsonObject();
    members.forEach(member -> copy.add(member.getKey(), shuffled(member.getValue(), random)));
    return copy;
  }
}
