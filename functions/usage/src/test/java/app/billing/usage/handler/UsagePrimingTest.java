package app.billing.usage.handler;

import app.billing.core.priming.Priming;
import app.billing.testkit.OfflinePrimingContract;
import java.util.Optional;
import org.crac.Resource;

/** The SnapStart priming of usage runs its request path and sends nothing (Stripe included). */
class UsagePrimingTest extends OfflinePrimingContract {
  UsagePrimingTest() {
    super("aws.endpointUrlDynamoDb");
  }

  @Override
  protected void prime() throws Exception {
    new UsagePriming(Optional.of("eu-west-1")).prime();
  }

  @Override
  protected Resource checkpointResource() {
    return Priming.resource("usage", new UsagePriming(Optional.empty()));
  }
}
