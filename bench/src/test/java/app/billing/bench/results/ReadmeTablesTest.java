package app.billing.bench.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ReadmeTablesTest {
  private static final String RESULTS =
      """
      {"machine": {"date": "2026-12-05T17:00:00Z", "end": "2026-12-05T17:40:00Z", "cpus": "2 x AMD EPYC",
                   "load_average_at_start": "15.1 14.0 12.0", "load_average_at_end": "9.5 11.0 12.0"},
       "sections": [{"section": "latency", "start": "a", "end": "b", "loadAtStart": "15.1", "loadAtEnd": "9.5"}],
       "openLoopLatency": {"phases": [
         {"name": "warm-up", "offeredRate": 0, "events": 19},
         %s]}}""";

  private static String phase(int rate, long p99Micros) {
    return String.format(
        """
        {"name": "open-loop %d/s", "offeredRate": %d, "events": 100, "acceptedPerSecond": %d.0,
         "eventsPerSecond": 50.0, "p50": 1000, "p99": 2000, "webhookErrors": 0,
         "intended": {"p50": 1500, "p99": %d, "p999": %d, "max": %d}}""",
        rate, rate, rate, p99Micros, p99Micros, p99Micros);
  }

  private static ReadmeTables tables(String... phases) {
    JsonObject results =
        JsonParser.parseString(RESULTS.formatted(String.join(",", phases))).getAsJsonObject();
    return new ReadmeTables(results, "bench/results/2026-12-05T1700Z.json");
  }

  @Test
  void theHighestRateIsTheLastOfTheUnbrokenRunOfRatesWithinTheTarget() {
    String md =
        tables(phase(100, 9_000), phase(200, 19_999), phase(300, 20_001), phase(400, 15_000))
            .block("latency");

    assertThat(md)
        .contains("| 300 | 100 | 300 | 1.5 ms | **20.0 ms** |")
        .contains("p99 ≤ 20 ms (from the intended send time): 200 events/s.");
  }

  @Test
  void noRateWithinTheTargetIsSaid() {
    assertThat(tables(phase(100, 25_000)).block("latency"))
        .contains(": none of the rates measured.");
  }

  @Test
  void onlyTheGeneratedBlocksAreReplacedAndAMissingSectionSaysSo() {
    String readme =
        "intro\n<!-- generated:latency -->\nSTALE-TEXT\n<!-- /generated:latency -->\nmiddle\n"
            + "<!-- generated:ric -->\nSTALE-TEXT\n<!-- /generated:ric -->\nend\n";

    String out = tables(phase(100, 9_000)).render(readme);

    assertThat(out)
        .startsWith("intro\n<!-- generated:latency -->\n| offered/s")
        .doesNotContain("STALE-TEXT")
        .contains(
            "middle\n<!-- generated:ric -->\nNot measured in this run (cold starts under the runtime "
                + "interface client).\n<!-- /generated:ric -->\nend\n");
  }

  @Test
  void anUnknownBlockFails() {
    assertThatThrownBy(
            () ->
                tables(phase(100, 9_000))
                    .render("<!-- generated:nonsense -->\n<!-- /generated:nonsense -->"))
        .hasMessageContaining("nonsense");
  }
}
