package app.billing.webhook.handler;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.priming.Priming;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Optional;
import app.billing.testkit.NetworkWatch;
import org.crac.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The SnapStart priming of the webhook: runs the request path and marshals an SQS SendMessage, but
 * sends nothing. SQS is pointed at a WireMock (through the SDK's own endpoint property) so a request
 * that escaped would be seen there, and every JDK URL connection is watched.
 */
class WebhookPrimingTest {
  WireMockServer sqs;
  NetworkWatch network;

  @BeforeEach
  void watch() {
    sqs = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    sqs.start();
    System.setProperty("aws.endpointUrlSqs", sqs.baseUrl());
    network = new NetworkWatch();
  }

  @AfterEach
  void stop() {
    network.close();
    System.clearProperty("aws.endpointUrlSqs");
    sqs.stop();
  }

  @Test
  void primingRunsTheRequestPathWithoutAnyNetworkCall() throws Exception {
    new WebhookPriming(Optional.of("eu-west-1")).prime(); // throws if a step did not run as expected

    assertThat(sqs.getAllServeEvents()).as("requests that reached SQS").isEmpty();
    assertThat(network.connections).as("URL connections opened").isEmpty();
  }

  @Test
  void theCheckpointHookPrimesAndChangesNothing() throws Exception {
    Resource resource = Priming.resource("webhook", new WebhookPriming(Optional.empty()));

    resource.beforeCheckpoint(null);
    resource.afterRestore(null);

    assertThat(sqs.getAllServeEvents()).isEmpty();
    assertThat(network.connections).isEmpty();
    assertThat(MDC.getCopyOfContextMap()).as("no request context left behind").isNullOrEmpty();
  }
}
