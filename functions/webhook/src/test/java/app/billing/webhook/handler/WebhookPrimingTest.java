package app.billing.webhook.handler;

import app.billing.core.priming.Priming;
import app.billing.testkit.OfflinePrimingContract;
import java.util.Optional;
import org.crac.Resource;

/**
 * The SnapStart priming of the webhook verifies and marshals a canned event and sends nothing to
 * SQS.
 */
class WebhookPrimingTest extends OfflinePrimingContract {
  WebhookPrimingTest() {
    super("aws.endpointUrlSqs");
  }

  @Override
  protected void prime() throws Exception {
    new WebhookPriming(Optional.of("eu-west-1")).prime();
  }

  @Override
  protected Resource checkpointResource() {
    return Priming.resource("webhook", new WebhookPriming(Optional.empty()));
  }
}
