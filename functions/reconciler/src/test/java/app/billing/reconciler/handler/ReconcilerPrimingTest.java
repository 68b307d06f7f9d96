package app.billing.reconciler.handler;

import app.billing.core.priming.Priming;
import app.billing.testkit.OfflinePrimingContract;
import java.util.Optional;
import org.crac.Resource;

/**
 * The SnapStart priming of the reconciler runs its request path and sends nothing (Stripe
 * included).
 */
class ReconcilerPrimingTest extends OfflinePrimingContract {
  ReconcilerPrimingTest() {
    super("aws.endpointUrlDynamoDb", "aws.endpointUrlSqs");
  }

  @Override
  protected void prime() throws Exception {
    new ReconcilerPriming(Optional.of("eu-west-1")).prime();
  }

  @Override
  protected Resource checkpointResource() {
    return Priming.resource("reconciler", new ReconcilerPriming(Optional.empty()));
  }
}
