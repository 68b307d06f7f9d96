package app.billing.checkout.handler;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.priming.Priming;
import app.billing.testkit.OfflineCheck;
import java.util.Optional;
import org.crac.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The SnapStart priming of the checkout function sends nothing (DynamoDB points at a watched stand-in). */
class CheckoutPrimingTest {
  OfflineCheck offline;

  @BeforeEach
  void watch() {
    offline = OfflineCheck.start("aws.endpointUrlDynamoDb");
  }

  @AfterEach
  void stop() {
    offline.close();
  }

  @Test
  void primingRunsTheRequestPathWithoutAnyNetworkCall() throws Exception {
    new CheckoutPriming(Optional.of("eu-west-1")).prime(); // throws if a step did not run as expected
    offline.assertNothingSent();
  }

  @Test
  void theCheckpointHookPrimesAndChangesNothing() throws Exception {
    Resource resource = Priming.resource("checkout", new CheckoutPriming(Optional.empty()));
    resource.beforeCheckpoint(null);
    resource.afterRestore(null);
    offline.assertNothingSent();
    assertThat(MDC.getCopyOfContextMap()).as("no request context left behind").isNullOrEmpty();
  }
}
