package app.billing.provisioning.adapter;

import app.billing.core.email.Email;
import app.billing.core.port.EmailSender;
import app.billing.core.provisioning.PermanentFailureException;
import java.util.Optional;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Sends through SES v2 as a simple (subject, text and HTML) message. A refusal that retrying cannot
 * fix becomes a {@link PermanentFailureException}; other failures propagate for a retry.
 */
public final class SesEmailSender implements EmailSender {
  private final SesV2Client ses;
  private final Optional<String> configurationSet;

  public SesEmailSender(SesV2Client ses, Optional<String> configurationSet) {
    this.ses = ses;
    this.configurationSet = configurationSet;
  }

  @Override
  public void send(Email email) {
    Message message =
        Message.builder()
            .subject(utf8(email.subject()))
            .body(Body.builder().text(utf8(email.text())).html(utf8(email.html())).build())
            .build();
    SendEmailRequest.Builder request =
        SendEmailRequest.builder()
            .fromEmailAddress(email.from())
            .replyToAddresses(email.replyTo())
            .destination(d -> d.toAddresses(email.to()))
            .content(EmailContent.builder().simple(message).build());
    configurationSet.ifPresent(request::configurationSetName);
    try {
      ses.sendEmail(request.build());
    } catch (SesV2Exception e) {
      if (isPermanent(e)) {
        String code =
            e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? ""
                : "_" + e.awsErrorDetails().errorCode().replaceAll("[^A-Za-z0-9_]", "");
        throw new PermanentFailureException(
            "ses_" + e.statusCode() + code,
            "SES refused the " + email.kind().template() + " email (request " + e.requestId() + ")",
            e);
      }
      throw e;
    }
  }

  /**
   * A 4xx other than throttling: the message or recipient is refused (MessageRejected, BadRequest),
   * or the account cannot send (MailFromDomainNotVerified, AccountSuspended, SendingPaused,
   * NotFound for the configuration set) until an operator acts; retrying it five times cannot help,
   * so the email is recorded as failed and retried with {@code admin failed retry}. 429,
   * LimitExceeded (sending rate or quota), 5xx and network errors are transient.
   */
  static boolean isPermanent(SesV2Exception e) {
    int status = e.statusCode();
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return status >= 400
        && status < 500
        && status != 429
        && !e.isThrottlingException()
        && !"LimitExceededException".equals(code)
        && !"TooManyRequestsException".equals(code);
  }

  private static Content utf8(String data) {
    return Content.builder().data(data).charset("UTF-8").build();
  }
}
