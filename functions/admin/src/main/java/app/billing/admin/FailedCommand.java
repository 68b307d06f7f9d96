package app.billing.admin;

import app.billing.core.config.ConfigException;
import app.billing.core.config.ConfigReader;
import app.billing.core.model.FailedEvent;
import app.billing.core.provisioning.FailedEventRetry;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoFailedEvents;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@code admin failed list} and {@code admin failed retry <eventId>|--all}: the events provisioning
 * recorded as failed for good (Stripe 4xx, unreadable payload, an email refused or without a valid
 * recipient).
 *
 * <p>A retry sends the stored payload to the event queue again ({@link FailedEventRetry}) instead
 * of applying it here: the provisioning function applies it with its own configuration,
 * permissions, Stripe key and SES identity (none of which an operator's machine needs), in order
 * with the customer's live events (same FIFO group), with the queue's retries and DLQ if it fails
 * again transiently; it clears the failed item once the event went through. The command returns
 * when SQS accepted the message; {@code failed list} shows whether it is still failing.
 */
final class FailedCommand {
  static final String NAME = "failed";

  /** The variable the webhook reads too: one name for the event queue everywhere. */
  static final String EVENT_QUEUE_URL = "EVENT_QUEUE_URL";

  private static final String PROGRAM = "admin failed";

  private final Map<String, String> env;
  private final Supplier<DynamoDbClient> dynamo;
  private final Supplier<SqsClient> sqs;

  FailedCommand(Map<String, String> env, Supplier<DynamoDbClient> dynamo, Supplier<SqsClient> sqs) {
    this.env = env;
    this.dynamo = dynamo;
    this.sqs = sqs;
  }

  static String usage() {
    return """
          failed list
              Lists events that failed for good: event id, type, customer, tenant, first failure, attempts, reason.
          failed retry <event id> | failed retry --all
              Sends the stored event to the event queue again (needs EVENT_QUEUE_URL); provisioning applies it
              and removes it from the list once it goes through.
        """;
  }

  /**
   * @param args the arguments after {@code failed}
   */
  int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && "list".equals(args[0])) {
      return withStore(err, store -> list(store, out));
    }
    if (args.length == 2 && "retry".equals(args[0]) && !args[1].isBlank()) {
      Optional<String> queueUrl =
          Optional.ofNullable(env.get(EVENT_QUEUE_URL)).filter(u -> !u.isBlank());
      if (queueUrl.isEmpty()) {
        err.println(
            PROGRAM
                + ": "
                + EVENT_QUEUE_URL
                + " is missing (set it to the event queue's URL, ending in .fifo)");
        return AdminCommand.FAILED;
      }
      boolean all = "--all".equals(args[1]);
      if (!all && args[1].startsWith("--")) {
        return usageError(err, "retry takes an event id or --all, not " + args[1]);
      }
      return withStore(
          err, store -> retry(store, all ? null : args[1].strip(), queueUrl.get(), out, err));
    }
    return usageError(
        err, args.length == 0 ? "failed needs list or retry" : "unexpected arguments");
  }

  private interface StoreAction {
    int run(DynamoFailedEvents store);
  }

  private int withStore(PrintStream err, StoreAction action) {
    String table;
    try {
      ConfigReader reader = new ConfigReader(env);
      table = BillingTable.tableName(reader);
      reader.validate();
    } catch (ConfigException e) {
      err.println(
          PROGRAM
              + ": "
              + String.join("; ", e.problems())
              + " (set it to the billing table's name)");
      return AdminCommand.FAILED;
    }
    try {
      return action.run(new DynamoFailedEvents(dynamo.get(), table));
    } catch (SdkException e) {
      err.println(PROGRAM + ": AWS request failed: " + e.getMessage());
      return AdminCommand.FAILED;
    }
  }

  private static int list(DynamoFailedEvents store, PrintStream out) {
    List<FailedEvent> failed = store.failedEvents();
    if (failed.isEmpty()) {
      out.println("No failed events.");
      return AdminCommand.OK;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "EVENT ID", "TYPE", "CUSTOMER", "TENANT", "FIRST FAILURE", "ATTEMPTS", "STAGE", "REASON"
        });
    for (FailedEvent f : failed) {
      rows.add(
          new String[] {
            f.eventId(),
            dash(f.eventType()),
            dash(f.customerId()),
            dash(f.tenantId()),
            f.firstFailedAt() == null ? "-" : f.firstFailedAt().toString(),
            Long.toString(f.attempts()),
            f.stage().wireName(),
            dash(f.reason())
          });
    }
    Table.print(rows, out);
    return AdminCommand.OK;
  }

  private int retry(
      DynamoFailedEvents store, String eventId, String queueUrl, PrintStream out, PrintStream err) {
    List<FailedEvent> chosen;
    if (eventId == null) {
      chosen = store.failedEvents();
      if (chosen.isEmpty()) {
        out.println("No failed events.");
        return AdminCommand.OK;
      }
    } else {
      Optional<FailedEvent> one = store.failedEvent(eventId);
      if (one.isEmpty()) {
        err.println(PROGRAM + ": no failed event " + eventId + " (see admin failed list)");
        return AdminCommand.FAILED;
      }
      chosen = List.of(one.get());
    }
    int refused = 0;
    SqsClient client = sqs.get();
    for (FailedEvent failed : chosen) {
      if (failed.payload() == null) {
        err.println(
            PROGRAM
                + ": "
                + failed.eventId()
                + " cannot be retried: its payload was too large to keep");
        refused++;
        continue;
      }
      client.sendMessage(
          b ->
              b.queueUrl(queueUrl)
                  .messageBody(failed.payload())
                  .messageGroupId(FailedEventRetry.messageGroupId(failed))
                  .messageDeduplicationId(FailedEventRetry.deduplicationId(failed))
                  .messageAttributes(
                      Map.of(
                          FailedEventRetry.ATTRIBUTE,
                          MessageAttributeValue.builder()
                              .dataType("String")
                              .stringValue(failed.eventId())
                              .build())));
      out.println(
          "Re-enqueued "
              + failed.eventId()
              + " ("
              + dash(failed.eventType())
              + ", customer "
              + dash(failed.customerId())
              + ").");
    }
    if (chosen.size() > refused) {
      out.println(
          "Provisioning applies them and removes each from 'admin failed list' once it goes through.");
    }
    return refused == 0 ? AdminCommand.OK : AdminCommand.FAILED;
  }

  private static int usageError(PrintStream err, String problem) {
    err.println(PROGRAM + ": " + problem);
    err.println();
    err.print("Usage:\n" + usage());
    return AdminCommand.USAGE;
  }

  private static String dash(String value) {
    return value == null || value.isBlank() ? "-" : value;
  }
}
