package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.outbound.OutboundMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox's rules on dynalite: staged until marked, first staging wins, TTL set. */
class DynamoOutboundOutboxIT extends DynaliteTestSupport {
  private static final Instant NOW = Instant.parse("2026-10-01T12:00:00Z");
  private static final String V1 = "t_1:subscription:sub_1:1767225600:evt_a";
  private static final String V2 = "t_1:payment:in_1:1767225660:evt_b";

  private DynamoOutboundOutbox outbox;

  @BeforeEach
  void outbox() {
    outbox = new DynamoOutboundOutbox(dynamo, table, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void stagedMessagesAreOwedUntilMarkedPublished() {
    List<OutboundMessage> messages =
        List.of(message(V1, "billing.subscription.changed"), message(V1, "billing.access.changed"));
    outbox.stage(V1, messages);
    outbox.stage(V2, List.of(message(V2, "billing.payment.succeeded")));

    assertThat(outbox.unpublished(List.of(V1))).isEqualTo(messages);
    assertThat(outbox.unpublished(List.of(V1, V2, "t_1:unknown:1:evt"))).hasSize(3);

    outbox.markPublished(List.of(V1));

    assertThat(outbox.unpublished(List.of(V1, V2)))
        .extracting(OutboundMessage::detailType)
        .containsExactly("billing.payment.succeeded");
    assertThat(rawItem(DynamoOutboundOutbox.PK_PREFIX + V1, DynamoOutboundOutbox.SK))
        .containsKey(BillingTable.EXPIRES_AT);
    assertThat(
            Items.number(
                rawItem(DynamoOutboundOutbox.PK_PREFIX + V1, DynamoOutboundOutbox.SK),
                BillingTable.EXPIRES_AT))
        .isEqualTo(NOW.plus(DynamoOutboundOutbox.TTL).getEpochSecond());
  }

  @Test
  void stagingAgainNeverResetsAPublishedVersion() {
    outbox.stage(V1, List.of(message(V1, "billing.access.changed")));
    outbox.markPublished(List.of(V1));

    outbox.stage(V1, List.of(message(V1, "billing.access.changed")));

    assertThat(outbox.unpublished(List.of(V1))).isEmpty();
  }

  @Test
  void markingAVersionNeverStagedDoesNothing() {
    outbox.markPublished(List.of(V2));

    assertThat(rawItem(DynamoOutboundOutbox.PK_PREFIX + V2, DynamoOutboundOutbox.SK)).isNull();
  }

  private static OutboundMessage message(String version, String type) {
    return new OutboundMessage(
        type + ":" + version,
        version,
        type,
        "t_1",
        Instant.ofEpochSecond(1_767_225_600L),
        "{\"id\":\"" + type + "\",\"after\":{\"access\":\"full\"}}");
  }
}
