package app.billing.provisioning.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Which Stripe and SES answers are permanent (the event is recorded as failed) and which are
 * retried.
 */
class FailureClassificationTest {

  @ParameterizedTest
  @CsvSource({
    "400, true",
    "402, true",
    "404, true",
    "410, true",
    "401, false",
    "403, false",
    "409, false",
    "429, false",
    "500, false",
    "502, false",
    "503, false"
  })
  void stripe(int status, boolean permanent) {
    assertThat(StripeApiGateway.isPermanent(status)).isEqualTo(permanent);
  }

  @ParameterizedTest
  @CsvSource({
    "400, MessageRejected, true",
    "400, BadRequestException, true",
    "400, MailFromDomainNotVerifiedException, true",
    "400, AccountSuspendedException, true",
    "400, SendingPausedException, true",
    "404, NotFoundException, true",
    "429, TooManyRequestsException, false",
    "400, LimitExceededException, false",
    "400, ThrottlingException, false",
    "500, InternalFailure, false",
    "503, ServiceUnavailable, false"
  })
  void ses(int status, String code, boolean permanent) {
    SesV2Exception e =
        (SesV2Exception)
            SesV2Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();
    assertThat(SesEmailSender.isPermanent(e)).isEqualTo(permanent);
  }

  @org.junit.jupiter.api.Test
  void aStripeNetworkErrorHasNoStatusAndIsTransient() {
    assertThat(StripeApiGateway.isPermanent(null)).isFalse();
  }
}
