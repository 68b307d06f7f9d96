package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.EXPIRES_AT;
import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.BillingTable.TYPE;
import static app.billing.dynamodb.Items.instant;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.s;
import static app.billing.dynamodb.RecordItems.STATUS;

import app.billing.core.port.EmailGuards;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link EmailGuards} on the billing table: one guard item per email key, claimed (status {@code
 * SENDING} with a lease) and then marked {@code SENT}, each by one conditional write.
 */
public final class DynamoEmailGuards implements EmailGuards {
  private static final Logger log = LoggerFactory.getLogger(DynamoEmailGuards.class);

  static final String LEASE_UNTIL = "leaseUntil";

  private final TableAccess access;
  private final DynamoDbClient client;
  private final String table;
  private final Duration emailClaimLease;
  private final Duration emailGuardTtl;

  /**
   * @param emailGuardTtl how long a sent-email marker is kept; null keeps it forever
   */
  public DynamoEmailGuards(
      DynamoDbClient client, String tableName, Duration emailClaimLease, Duration emailGuardTtl) {
    this.access = new TableAccess(client, tableName);
    this.client = client;
    this.table = tableName;
    this.emailClaimLease = DynamoBillingStore.positive(emailClaimLease, "emailClaimLease");
    this.emailGuardTtl =
        emailGuardTtl == null ? null : DynamoBillingStore.positive(emailGuardTtl, "emailGuardTtl");
  }

  @Override
  public EmailClaim claimEmail(String emailKey, Instant now, boolean forever) {
    Expr e =
        new Expr()
            .set(TYPE, s(BillingTable.TYPE_EMAIL_GUARD))
            .set("emailKey", s(emailKey))
            .set(STATUS, s(EventItems.EMAIL_SENDING))
            .set(LEASE_UNTIL, n(now.plus(emailClaimLease).getEpochSecond()))
            .set("claimedAt", instant(now));
    Long expiresAt = guardExpiry(now, forever);
    if (expiresAt != null) {
      e.set(EXPIRES_AT, n(expiresAt));
    }
    // Guards written before claims existed carry no status: they were sent.
    String condition =
        "attribute_not_exists("
            + e.name(PK)
            + ") OR ("
            + e.name(STATUS)
            + " = "
            + e.value(s(EventItems.EMAIL_SENDING))
            + " AND "
            + e.name(LEASE_UNTIL)
            + " < "
            + e.value(n(now.getEpochSecond()))
            + ")";
    try {
      access.update(emailKey(emailKey), e, condition);
      return EmailClaim.CLAIMED;
    } catch (ConditionalCheckFailedException sentOrSending) {
      return EmailClaim.TAKEN;
    }
  }

  @Override
  public void releaseEmail(String emailKey) {
    Expr e = new Expr();
    String condition = e.name(STATUS) + " = " + e.value(s(EventItems.EMAIL_SENDING));
    try {
      client.deleteItem(
          b ->
              b.tableName(table)
                  .key(emailKey(emailKey))
                  .conditionExpression(condition)
                  .expressionAttributeNames(e.names())
                  .expressionAttributeValues(e.values()));
    } catch (ConditionalCheckFailedException notSending) {
      log.debug("release of email {} skipped: not being sent", emailKey);
    }
  }

  /**
   * One conditional update of the claimed guard: {@code SENT} from now on, whatever its lease. A
   * guard already {@code SENT} (another consumer's mark, or the batch end's second chance) is left
   * as it is.
   */
  @Override
  public void markEmailSent(SentEmail sent) {
    Expr e =
        new Expr()
            .set(TYPE, s(BillingTable.TYPE_EMAIL_GUARD))
            .set("emailKey", s(sent.emailKey()))
            .set(STATUS, s(EventItems.EMAIL_SENT))
            .set("sentAt", instant(sent.sentAt()))
            .set(EXPIRES_AT, nullableN(guardExpiry(sent.sentAt(), sent.forever())))
            .remove(LEASE_UNTIL);
    String condition =
        "attribute_not_exists("
            + e.name(STATUS)
            + ") OR "
            + e.name(STATUS)
            + " <> "
            + e.value(s(EventItems.EMAIL_SENT));
    try {
      access.update(emailKey(sent.emailKey()), e, condition);
    } catch (ConditionalCheckFailedException alreadySent) {
      log.debug("email {} already marked sent", sent.emailKey());
    }
  }

  private static AttributeValue nullableN(Long value) {
    return value == null ? null : n(value);
  }

  /** Epoch seconds the guard may expire at, or null to keep it for good. */
  Long guardExpiry(Instant now, boolean forever) {
    return forever || emailGuardTtl == null ? null : now.plus(emailGuardTtl).getEpochSecond();
  }

  static Map<String, AttributeValue> emailKey(String emailKey) {
    return Items.key(BillingTable.emailPk(emailKey), BillingTable.EMAIL_SENT_SK);
  }
}
