package app.billing.account.handler;

import app.billing.core.priming.Priming;
import app.billing.testkit.OfflinePrimingContract;
import java.util.Optional;
import org.crac.Resource;

/** The SnapStart priming of the account function runs its routes and sends nothing. */
class AccountPrimingTest extends OfflinePrimingContract {
  AccountPrimingTest() {
    super("aws.endpointUrlDynamoDb");
  }

  @Override
  protected void prime() throws Exception {
    new AccountPriming(Optional.of("eu-west-1")).prime();
  }

  @Override
  protected Resource checkpointResource() {
    return Priming.resource("account", new AccountPriming(Optional.empty()));
  }
}
