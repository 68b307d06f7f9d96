package app.billing.intake.handler;

import app.billing.core.priming.Priming;
import app.billing.testkit.OfflinePrimingContract;
import java.util.Optional;
import org.crac.Resource;

/** The SnapStart priming of the intake runs a canned event through and sends nothing to SQS. */
class IntakePrimingTest extends OfflinePrimingContract {
  IntakePrimingTest() {
    super("aws.endpointUrlSqs");
  }

  @Override
  protected void prime() throws Exception {
    new IntakePriming(Optional.of("eu-west-1")).prime();
  }

  @Override
  protected Resource checkpointResource() {
    return Priming.resource("intake", new IntakePriming(Optional.empty()));
  }
}
