package app.billing.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.billing.bench.coldstart.ColdStartReport;
import app.billing.bench.coldstart.WebhookColdStart;
import app.billing.bench.jmh.BenchmarksForSmokeTest;
import app.billing.bench.ric.RicColdStart;
import app.billing.bench.throughput.ThroughputForSmokeTest;
import app.billing.testkit.story.Story;
import com.google.gson.JsonParser;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Seconds-long checks that the harness of {@code bench/run.sh} works, so a refactoring of the
 * functions cannot silently break it: every piece runs once, with tiny numbers. The benchmarks
 * themselves never run in the build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchSmokeIT {
  @AutoClose static Engines engines;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    engines = Engines.start();
  }

  @Test
  void syntheticCustomersGetTheirOwnIdsAndKeepTheStoryShape() {
    List<Events.Event> first = Events.customerStory(1);
    List<Events.Event> second = Events.customerStory(2);

    assertThat(first).hasSize(19);
    Set<String> ids = new HashSet<>();
    first.forEach(e -> ids.add(e.id()));
    second.forEach(e -> ids.add(e.id()));
    assertThat(ids).hasSize(38);
    assertThat(first.get(0).payload())
        .contains("\"cus_b1x")
        .contains("\"usr_b1x")
        .doesNotContain("cus_b2x");
    assertThat(first)
        .allSatisfy(e -> assertThat(JsonParser.parseString(e.payload()).isJsonObject()).isTrue());
    assertThat(Events.story(Events.FOUR_KB_EVENT).length()).isBetween(3_500, 4_500);
  }

  @Test
  @Order(1)
  void theColdStartMainServesOneRequestFromTheShadedWebhookJar() throws Exception {
    Path jar = Path.of("..", "functions", "webhook", "target", "webhook-function.jar");
    assumeTrue(Files.exists(jar), "the webhook's shaded jar is built in its package phase");
    String payload = Events.forCustomer(Events.story(Events.FOUR_KB_EVENT), 9_999);
    Path body = tmp.resolve("body.json");
    Path signature = tmp.resolve("signature.txt");
    Files.writeString(body, payload, StandardCharsets.UTF_8);
    Files.writeString(signature, Events.sign(payload));

    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                jar.toAbsolutePath()
                    + File.pathSeparator
                    + Path.of("target", "classes").toAbsolutePath(),
                WebhookColdStart.class.getName(),
                body.toString(),
                signature.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(engines.functionEnvironment());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("STATUS 200 BODY {\"received\":true,\"enqueued\":true}");
    List<Message> received =
        engines
            .sqs
            .client()
            .receiveMessage(r -> r.queueUrl(engines.queues.queueUrl()).maxNumberOfMessages(10))
            .messages();
    assertThat(received).anySatisfy(m -> assertThat(m.body()).isEqualTo(payload));
    // The engines are shared with the throughput test, whose consumer must find the queue empty.
    received.forEach(
        m ->
            engines
                .sqs
                .client()
                .deleteMessage(
                    r -> r.queueUrl(engines.queues.queueUrl()).receiptHandle(m.receiptHandle())));
  }

  @Test
  @Order(4)
  void theWebhookStartsUnderTheRuntimeInterfaceClientAndAnswersTheMockRuntimeApi()
      throws Exception {
    Path jar = Path.of("..", "functions", "webhook", "target", "webhook-function.jar");
    assumeTrue(Files.exists(jar), "the webhook's shaded jar is built in its package phase");
    RicColdStart ric = new RicColdStart(Path.of(".."), tmp, engines.functionEnvironment(), 0);

    RicColdStart.Sample onDemand = ric.measure("webhook", "java", "on-demand", 1, 0);
    RicColdStart.Sample snapStart = ric.measure("webhook", "java", "snap-start", 1, 0);

    assertThat(onDemand.initMs()).isPositive().isLessThan(onDemand.firstResponseMs());
    assertThat(onDemand.primingMs()).as("no beforeCheckpoint outside SnapStart").isEqualTo(-1);
    assertThat(snapStart.primingMs())
        .as("the webhook's primer ran in beforeCheckpoint")
        .isNotNegative();
    assertThat(snapStart.initMs()).isLessThan(snapStart.firstResponseMs());
  }

  @Test
  void theJmhBenchmarksSetUpAndRunOnce() throws Exception {
    Map<String, Double> microsPerOp = BenchmarksForSmokeTest.runEachOnce();

    assertThat(microsPerOp)
        .containsKeys("WebhookBenchmark.service", "WebhookBenchmark.handlerWithSqsMarshalling")
        .containsKey(
            "ProvisioningBenchmark.apply[" + params(Story.FIRST_INVOICE_PAID, "compose") + "]")
        .containsKey("EmailBenchmark.composeAndSend[SUBSCRIPTION_ENDED]");
    assertThat(microsPerOp.values()).allSatisfy(v -> assertThat(v).isPositive());
    // The composed path renders and sends on every call (fresh ids: no guard is warm); the guarded
    // one never.
    assertThat(BenchmarksForSmokeTest.EMAILS_PER_APPLY)
        .containsEntry(params(Story.FIRST_INVOICE_PAID, "compose"), 1.0)
        .containsEntry(params(Story.CREDITS_PURCHASED, "compose"), 1.0)
        .containsEntry(params(Story.TRIAL_STARTED, "compose"), 1.0)
        .containsEntry(params(Story.TRIAL_WILL_END, "compose"), 2.0)
        .containsEntry(params(Story.FIRST_INVOICE_PAID, "guarded"), 0.0)
        .containsEntry(params(Story.EMAIL_CHANGED, "compose"), 0.0);
  }

  @Test
  @Order(2)
  void theThroughputRunAppliesEveryEventAndCountsCalls() throws Exception {
    String report = ThroughputForSmokeTest.runTiny(engines);

    assertThat(report)
        .contains("| warm-up | 1 | 19 | unpaced |")
        .contains("| burst | 1 | 19 | unpaced |")
        .contains("| customer.subscription.created | 1 |")
        .contains("| " + Story.CUSTOMER_DELETED.file().replace(".json", "") + " |")
        .contains("### Open-loop webhook latency")
        .containsPattern("\\| 40 \\| 57 \\| \\d+ \\|");
  }

  @Test
  @Order(3)
  void theThroughputRunCanPutEveryEventInOneMessageGroup() throws Exception {
    String report = ThroughputForSmokeTest.runTiny(engines, 1);

    assertThat(report)
        .contains("every event in one group (single customer)")
        .contains("| burst | 1 | 19 | unpaced |")
        .containsPattern("\\| \\d+: \\d+\\.\\d / 1\\.0 \\|");
  }

  @Test
  void theReconcilerRunEnqueuesEveryUndeliveredEventOfTheStandIn() throws Exception {
    Path report = tmp.resolve("reconciler.md");

    app.billing.bench.reconcile.ReconcilerThroughput.main(
        new String[] {"customers=2", "updates=2", "rate=25", "rateLimited=1", "report=" + report});

    // customers 2, events 4 (the customer.updated ones), one 429 ridden out
    assertThat(Files.readString(report)).containsPattern("\\| 2 \\| 4 \\| \\d+ \\| 1 \\|");
  }

  @Test
  void theColdStartReportPoolsHyperfineRoundsAndGivesTheRatio() throws Exception {
    Path round1 = tmp.resolve("r1.json");
    Path round2 = tmp.resolve("r2.json");
    Files.writeString(
        round1,
        """
        {"results": [{"command": "java-webhook", "times": [0.9, 1.0], "user": 1.0, "system": 0.1},
                     {"command": "node-webhook", "times": [0.2], "user": 0.1, "system": 0.05}]}""");
    Files.writeString(
        round2,
        """
        {"results": [{"command": "java-webhook", "times": [1.1], "user": 0.7, "system": 0.1},
                     {"command": "node-webhook", "times": [0.25, 0.3], "user": 0.1, "system": 0.05}]}""");
    Path report = tmp.resolve("cold.md");

    ColdStartReport.main(new String[] {report.toString(), round1.toString(), round2.toString()});

    assertThat(Files.readString(report))
        .contains("| java-webhook | 3 | 1000 ms | 1000 ± 100 ms | 900 ms | 1100 ms | 1000 ms |")
        .contains("| node-webhook | 3 | 250 ms |")
        .contains("| java-webhook / node-webhook | 1000 ms | 250 ms | 4.00× |");
  }

  /** A ProvisioningBenchmark parameter set: the step's file and the apply mode. */
  private static String params(Story step, String mode) {
    return step.file() + ", " + mode;
  }
}
