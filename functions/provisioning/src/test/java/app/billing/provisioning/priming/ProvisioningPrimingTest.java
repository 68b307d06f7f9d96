package app.billing.provisioning.priming;

import app.billing.core.priming.Priming;
import app.billing.testkit.OfflinePrimingContract;
import java.util.Optional;
import org.crac.Resource;

/**
 * The SnapStart priming of provisioning runs a canned batch through the real service, marshals
 * DynamoDB and SES requests, and sends nothing.
 */
class ProvisioningPrimingTest extends OfflinePrimingContract {
  ProvisioningPrimingTest() {
    super("aws.endpointUrlDynamoDb", "aws.endpointUrlSesV2");
  }

  @Override
  protected void prime() throws Exception {
    new ProvisioningPriming(Optional.of("eu-west-1")).prime();
  }

  @Override
  protected Resource checkpointResource() {
    return Priming.resource("provisioning", new ProvisioningPriming(Optional.empty()));
  }
}
