package app.billing.provisioning.priming;

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
 * The SnapStart priming of provisioning: runs a canned batch through the real service and marshals
 * DynamoDB and SES requests, but sends nothing. DynamoDB and SES are pointed at a WireMock (through
 * the SDK's own endpoint properties) so a request that escaped would be seen there, and every JDK
 * URL connection (the SDK's url-connection client, stripe-java) is watched.
 */
class ProvisioningPrimingTest {
  WireMockServer aws;
  NetworkWatch network;

  @BeforeEach
  void watch() {
    aws = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    aws.start();
    System.setProperty("aws.endpointUrlDynamoDb", aws.baseUrl());
    System.setProperty("aws.endpointUrlSesV2", aws.baseUrl());
    network = new NetworkWatch();
  }

  @AfterEach
  void stop() {
    network.close();
    System.clearProperty("aws.endpointUrlDynamoDb");
    System.clearProperty("aws.endpointUrlSesV2");
    aws.stop();
  }

  @Test
  void primingRunsTheBatchPathWithoutAnyNetworkCall() throws Exception {
    new ProvisioningPriming(Optional.of("eu-west-1")).prime(); // throws if a step did not run as expected

    assertThat(aws.getAllServeEvents()).as("requests that reached DynamoDB or SES").isEmpty();
    assertThat(network.connections).as("URL connections opened").isEmpty();
  }

  @Test
  void theCheckpointHookPrimesAndChangesNothing() throws Exception {
    Resource resource = Priming.resource("provisioning", new ProvisioningPriming(Optional.empty()));

    resource.beforeCheckpoint(null);
    resource.afterRestore(null);

    assertThat(aws.getAllServeEvents()).isEmpty();
    assertThat(network.connections).isEmpty();
    assertThat(MDC.getCopyOfContextMap()).as("no request context left behind").isNullOrEmpty();
  }
}
