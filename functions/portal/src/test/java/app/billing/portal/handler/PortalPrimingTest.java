package app.billing.portal.handler;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.priming.Priming;
import app.billing.testkit.NetworkWatch;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Optional;
import org.crac.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The SnapStart priming of the portal function sends nothing: DynamoDB (and Stripe) are pointed at a
 * WireMock, so a request that escaped would be seen there, and every JDK URL connection is watched.
 */
class PortalPrimingTest {
  WireMockServer remote;
  NetworkWatch network;

  @BeforeEach
  void watch() {
    remote = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    remote.start();
    System.setProperty("aws.endpointUrlDynamoDb", remote.baseUrl());
    network = new NetworkWatch();
  }

  @AfterEach
  void stop() {
    network.close();
    System.clearProperty("aws.endpointUrlDynamoDb");
    remote.stop();
  }

  @Test
  void primingRunsTheRequestPathWithoutAnyNetworkCall() throws Exception {
    new PortalPriming(Optional.of("eu-west-1")).prime(); // throws if a step did not run as expected

    assertThat(remote.getAllServeEvents()).as("requests that left the process").isEmpty();
    assertThat(network.connections).as("URL connections opened").isEmpty();
  }

  @Test
  void theCheckpointHookPrimesAndChangesNothing() throws Exception {
    Resource resource = Priming.resource("portal", new PortalPriming(Optional.empty()));

    resource.beforeCheckpoint(null);
    resource.afterRestore(null);

    assertThat(remote.getAllServeEvents()).isEmpty();
    assertThat(network.connections).isEmpty();
    assertThat(MDC.getCopyOfContextMap()).as("no request context left behind").isNullOrEmpty();
  }
}
