package app.billing.provisioning.adapter;

import app.billing.core.email.Email;
import app.billing.core.port.EmailSender;
import java.util.Optional;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/** Sends through SES v2 as a simple (subject, text and HTML) message. Failures propagate for a retry. */
public final class SesEmailSender implements EmailSender {
  private final SesV2Client ses;
  private final Optional<String> configurationSet;

  public SesEmailSender(SesV2Client ses, Optional<String> configurationSet) {
    this.ses = ses;
    this.configurationSet = configurationSet;
  }

  @Override
  public void send(Email email) {
    Message message = Message.builder()
        .subject(utf8(email.subject()))
        .body(Body.builder().text(utf8(email.text())).html(utf8(email.html())).build())
        .build();
    SendEmailRequest.Builder request = SendEmailRequest.builder()
        .fromEmailAddress(email.from())
        .replyToAddresses(email.replyTo())
        .destination(d -> d.toAddresses(email.to()))
        .content(EmailContent.builder().simple(message).build());
    configurationSet.ifPresent(request::configurationSetName);
    ses.sendEmail(request.build());
  }

  private static Content utf8(String data) {
    return Content.builder().data(data).charset("UTF-8").build();
  }
}
