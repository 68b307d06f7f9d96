package app.billing.local.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.catalog.Catalog;
import com.google.gson.JsonObject;
import com.stripe.model.billing.Meter;
import com.stripe.model.billing.MeterCollection;
import com.stripe.model.billing.MeterEvent;
import com.stripe.model.billing.MeterEventSummary;
import com.stripe.model.billing.MeterEventSummaryCollection;
import com.stripe.net.ApiResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in's billing meters, read back with stripe-java. */
class StandInMetersTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:30Z");
  static final String CUSTOMER = "cus_Meter0001";

  @TempDir Path dir;

  static StripeBackend backend(StateFile stateFile) throws Exception {
    Catalog catalog = Catalog.fromResource(Catalog.RESOURCE);
    return new StripeBackend(
        new StripeObjects(catalog, "http://127.0.0.1:3000"),
        Clock.fixed(NOW, ZoneOffset.UTC),
        stateFile);
  }

  static <T> T parse(JsonObject json, Class<T> type) {
    return ApiResource.GSON.fromJson(json.toString(), type);
  }

  static JsonObject report(StripeBackend backend, String identifier, long value) {
    return backend.createMeterEvent(
        FormParams.parse(
            "event_name=emails_sent&identifier="
                + identifier
                + "&payload[stripe_customer_id]="
                + CUSTOMER
                + "&payload[value]="
                + value));
  }

  static String meterId(StripeBackend backend) {
    MeterCollection meters =
        parse(backend.meters(FormParams.parse("status=active")), MeterCollection.class);
    assertThat(meters.getData()).extracting(Meter::getEventName).containsExactly("emails_sent");
    return meters.getData().getFirst().getId();
  }

  static long total(StripeBackend backend, String meterId, Instant start, Instant end) {
    MeterEventSummaryCollection summaries =
        parse(
            backend.meterEventSummaries(
                meterId,
                FormParams.parse(
                    "customer="
                        + CUSTOMER
                        + "&start_time="
                        + start.getEpochSecond()
                        + "&end_time="
                        + end.getEpochSecond())),
            MeterEventSummaryCollection.class);
    MeterEventSummary summary = summaries.getData().getFirst();
    assertThat(summary.getMeter()).isEqualTo(meterId);
    return summary.getAggregatedValue().longValueExact();
  }

  @Test
  void eventsCountOncePerIdentifierInTheSummaryWindow() throws Exception {
    StripeBackend backend = backend(null);
    String meterId = meterId(backend);

    MeterEvent first = parse(report(backend, "usage_1", 3), MeterEvent.class);
    MeterEvent retry = parse(report(backend, "usage_1", 3), MeterEvent.class);
    report(backend, "usage_2", 2);

    assertThat(first.getIdentifier()).isEqualTo("usage_1");
    assertThat(first.getPayload()).containsEntry("value", "3");
    assertThat(retry.getTimestamp()).isEqualTo(first.getTimestamp());
    Instant start = Instant.parse("2026-11-24T12:00:00Z");
    assertThat(total(backend, meterId, start, start.plusSeconds(60))).isEqualTo(5);
    assertThat(total(backend, meterId, start.minusSeconds(3600), start)).isZero();
  }

  @Test
  void meterEventsSurviveARestart() throws Exception {
    Path file = dir.resolve("stripe.json");
    Catalog catalog = Catalog.fromResource(Catalog.RESOURCE);
    report(backend(new StateFile(file, catalog)), "usage_1", 4);
    assertThat(Files.exists(file)).isTrue();

    StripeBackend restarted = backend(new StateFile(file, catalog));
    report(restarted, "usage_1", 4);
    Instant start = Instant.parse("2026-11-24T12:00:00Z");
    assertThat(total(restarted, meterId(restarted), start, start.plusSeconds(60))).isEqualTo(4);
  }

  @Test
  void stripesRulesAreEnforced() throws Exception {
    StripeBackend backend = backend(null);
    String meterId = meterId(backend);

    assertThatThrownBy(
            () ->
                backend.createMeterEvent(
                    FormParams.parse(
                        "event_name=sms_sent&payload[stripe_customer_id]=cus_1&payload[value]=1")))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("No active meter");
    assertThatThrownBy(
            () ->
                backend.createMeterEvent(
                    FormParams.parse("event_name=emails_sent&payload[value]=1")))
        .hasMessageContaining("payload[stripe_customer_id]");
    assertThatThrownBy(
            () ->
                backend.meterEventSummaries(
                    meterId,
                    FormParams.parse("customer=" + CUSTOMER + "&start_time=30&end_time=120")))
        .hasMessageContaining("minute boundaries");
    assertThatThrownBy(() -> backend.meterEventSummaries("mtr_nope", FormParams.parse("")))
        .hasMessageContaining("No such billing.meter");
  }

  @Test
  void aMeteredPriceIsALineItemWithoutQuantityInSubscriptionModeOnly() throws Exception {
    StripeBackend backend =
        backend(new StateFile(dir.resolve("state.json"), Catalog.fromResource(Catalog.RESOURCE)));
    String session =
        "mode=subscription&success_url=https://app.example.com/ok"
            + "&line_items[0][price]=price_14K14PSb7kQ2wLn5JNF92G3q&line_items[0][quantity]=1"
            + "&line_items[1][price]=price_14K1mtSb7kQ2wLn5ProEmails";

    assertThat(backend.createCheckoutSession(FormParams.parse(session), "req_1").object())
        .isNotNull();
    assertThatThrownBy(
            () ->
                backend.createCheckoutSession(
                    FormParams.parse(session + "&line_items[1][quantity]=1"), "req_2"))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("Quantity should not be specified where usage_type is `metered`");
  }
}
