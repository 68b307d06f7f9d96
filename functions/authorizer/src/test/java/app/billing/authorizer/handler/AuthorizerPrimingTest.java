package app.billing.authorizer.handler;

import app.billing.core.priming.Priming;
import app.billing.testkit.OfflinePrimingContract;
import java.util.Optional;
import org.crac.Resource;

/** The SnapStart priming of the authorizer runs its key check and sends nothing. */
class AuthorizerPrimingTest extends OfflinePrimingContract {
  AuthorizerPrimingTest() {
    super("aws.endpointUrlDynamoDb");
  }

  @Override
  protected void prime() throws Exception {
    new AuthorizerPriming(Optional.of("eu-west-1")).prime();
  }

  @Override
  protected Resource checkpointResource() {
    return Priming.resource("authorizer", new AuthorizerPriming(Optional.empty()));
  }
}
