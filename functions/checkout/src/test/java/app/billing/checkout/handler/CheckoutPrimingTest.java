package app.billing.checkout.handler;

import app.billing.core.priming.Priming;
import app.billing.testkit.OfflinePrimingContract;
import java.util.Optional;
import org.crac.Resource;

/** The SnapStart priming of checkout runs its request path and sends nothing (Stripe included). */
class CheckoutPrimingTest extends OfflinePrimingContract {
  CheckoutPrimingTest() {
    super("aws.endpointUrlDynamoDb");
  }

  @Override
  protected void prime() throws Exception {
    new CheckoutPriming(Optional.of("eu-west-1")).prime();
  }

  @Override
  protected Resource checkpointResource() {
    return Priming.resource("checkout", new CheckoutPriming(Optional.empty()));
  }
}
