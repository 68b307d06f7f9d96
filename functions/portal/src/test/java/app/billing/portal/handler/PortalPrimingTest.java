package app.billing.portal.handler;

import app.billing.core.priming.Priming;
import app.billing.testkit.OfflinePrimingContract;
import java.util.Optional;
import org.crac.Resource;

/** The SnapStart priming of portal runs its request path and sends nothing (Stripe included). */
class PortalPrimingTest extends OfflinePrimingContract {
  PortalPrimingTest() {
    super("aws.endpointUrlDynamoDb");
  }

  @Override
  protected void prime() throws Exception {
    new PortalPriming(Optional.of("eu-west-1")).prime();
  }

  @Override
  protected Resource checkpointResource() {
    return Priming.resource("portal", new PortalPriming(Optional.empty()));
  }
}
