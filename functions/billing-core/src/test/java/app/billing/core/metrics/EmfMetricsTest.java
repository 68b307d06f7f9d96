package app.billing.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {
  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

  private final List<String> lines = new ArrayList<>();
  private final EmfMetrics metrics =
      new EmfMetrics("TestBilling", "provisioning", Clock.fixed(NOW, ZoneOffset.UTC), lines::add);

  @Test
  void writesOneValidEmfLineForCountsWithTheSameDimensions() {
    metrics.count("EmailsSent", Map.of("Kind", "welcome"));
    metrics.count("EmailsSent", Map.of("Kind", "welcome"));
    metrics.count("EmailsFailed", Map.of("Kind", "welcome"), 3);
    metrics.flush();

    assertThat(lines).hasSize(1);
    JsonObject line = JsonParser.parseString(lines.getFirst()).getAsJsonObject();
    JsonObject aws = line.getAsJsonObject("_aws");
    assertThat(aws.get("Timestamp").getAsLong()).isEqualTo(NOW.toEpochMilli());
    JsonObject directive = aws.getAsJsonArray("CloudWatchMetrics").get(0).getAsJsonObject();
    assertThat(directive.get("Namespace").getAsString()).isEqualTo("TestBilling");
    assertThat(strings(directive.getAsJsonArray("Dimensions").get(0).getAsJsonArray()))
        .containsExactly("Service");
    assertThat(strings(directive.getAsJsonArray("Dimensions").get(1).getAsJsonArray()))
        .containsExactly("Service", "Kind");
    assertThat(
            directive.getAsJsonArray("Metrics").asList().stream()
                .map(
                    m ->
                        m.getAsJsonObject().get("Name").getAsString()
                            + "/"
                            + m.getAsJsonObject().get("Unit").getAsString()))
        .containsExactly("EmailsSent/Count", "EmailsFailed/Count");
    // Every dimension and metric named by the directive is a top-level member of the line.
    assertThat(line.get("Service").getAsString()).isEqualTo("provisioning");
    assertThat(line.get("Kind").getAsString()).isEqualTo("welcome");
    assertThat(line.get("EmailsSent").getAsLong()).isEqualTo(2);
    assertThat(line.get("EmailsFailed").getAsLong()).isEqualTo(3);
  }

  @Test
  void groupsCountsByDimensionValuesOneLineEachAndFlushStartsAfresh() {
    metrics.count("EventsProcessed", Map.of("EventType", "invoice.paid", "Outcome", "applied"));
    metrics.count("EventsProcessed", Map.of("Outcome", "applied", "EventType", "invoice.paid"));
    metrics.count("EventsProcessed", Map.of("EventType", "customer.created", "Outcome", "parked"));
    metrics.count("EventsParked");
    metrics.flush();

    assertThat(lines).hasSize(3);
    JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertThat(first.get("EventType").getAsString()).isEqualTo("invoice.paid");
    assertThat(first.get("EventsProcessed").getAsLong()).isEqualTo(2);
    JsonObject undimensioned = JsonParser.parseString(lines.get(2)).getAsJsonObject();
    JsonArray sets =
        undimensioned
            .getAsJsonObject("_aws")
            .getAsJsonArray("CloudWatchMetrics")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("Dimensions");
    assertThat(sets.size()).isEqualTo(1);
    assertThat(undimensioned.get("EventsParked").getAsLong()).isEqualTo(1);

    metrics.flush();
    assertThat(lines).as("nothing counted since the last flush").hasSize(3);
  }

  @Test
  void namespaceComesFromTheEnvironmentWithADefault() {
    assertThat(EmfMetrics.namespace(Map.of(EmfMetrics.NAMESPACE_ENV, "Acme"))).isEqualTo("Acme");
    assertThat(EmfMetrics.namespace(Map.of(EmfMetrics.NAMESPACE_ENV, " ")))
        .isEqualTo("StripeBilling");
    assertThat(EmfMetrics.namespace(Map.of())).isEqualTo("StripeBilling");
  }

  private static List<String> strings(JsonArray array) {
    return array.asList().stream().map(e -> e.getAsString()).toList();
  }
}
