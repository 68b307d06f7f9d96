package app.billing.admin.dlq;

import app.billing.admin.Table;
import app.billing.core.config.ConfigException;
import app.billing.core.config.ConfigReader;
import app.billing.core.port.CustomerLinks;
import app.billing.dynamodb.DynamoCustomerLinks;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code admin dlq list [--limit N] | show <event id or message id> | redrive [--event <event
 * id>]}: what ended in the event queue's dead-letter queue, and moving it back (see {@link
 * DeadLetterQueue}).
 *
 * <p>Env: {@code EVENT_QUEUE_URL} (required), {@code EVENT_DLQ_URL} (optional: read from the
 * queue's redrive policy), {@code BILLING_TABLE} (optional: the TENANT column).
 */
public final class DlqCommand {
  public static final String NAME = "dlq";
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  public static final String USAGE_TEXT =
      """
        dlq list [--limit <n>]
            Lists the events in the event queue's dead-letter queue (left in place): event id, type, customer,
            tenant, first queued, receives, message id (the provisioning log's messageId says why it failed).
        dlq show <event id | message id>
            One dead-lettered event in detail.
        dlq redrive [--event <event id>]
            Moves every dead-lettered event (or one) back to the event queue, same customer group, same event id.
      """;

  private final Map<String, String> env;
  private final Supplier<SqsClient> sqs;
  private final Supplier<DynamoDbClient> dynamo;
  private final Clock clock;

  public DlqCommand(
      Map<String, String> env,
      Supplier<SqsClient> sqs,
      Supplier<DynamoDbClient> dynamo,
      Clock clock) {
    this.env = Map.copyOf(env);
    this.sqs = sqs;
    this.dynamo = dynamo;
    this.clock = clock;
  }

  /**
   * @param args what follows {@code dlq}
   */
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      return usage(err, "dlq needs list, show or redrive");
    }
    ConfigReader reader = new ConfigReader(env);
    String queueUrl = reader.required("EVENT_QUEUE_URL");
    Optional<String> dlqUrl = reader.optional("EVENT_DLQ_URL");
    Optional<String> table = reader.optional("BILLING_TABLE");
    try {
      reader.validate();
    } catch (ConfigException e) {
      err.println(
          "admin dlq: "
              + String.join("; ", e.problems())
              + " (the event queue's URL, stack output EventQueueUrl)");
      return FAILED;
    }
    try {
      SqsClient client = sqs.get();
      DeadLetterQueue dlq =
          new DeadLetterQueue(
              client,
              queueUrl,
              dlqUrl.orElseGet(() -> DeadLetterQueue.dlqUrlOf(client, queueUrl)),
              clock);
      Optional<CustomerLinks> billing = table.map(t -> new DynamoCustomerLinks(dynamo.get(), t));
      return switch (args[0]) {
        case "list" -> list(dlq, billing, args, out, err);
        case "show" -> show(dlq, billing, args, out, err);
        case "redrive" -> redrive(dlq, args, out, err);
        default -> usage(err, "unknown dlq command '" + args[0] + "'");
      };
    } catch (SdkException | IllegalStateException e) {
      err.println("admin dlq " + args[0] + ": " + e.getMessage());
      return FAILED;
    }
  }

  private int list(
      DeadLetterQueue dlq,
      Optional<CustomerLinks> billing,
      String[] args,
      PrintStream out,
      PrintStream err) {
    int limit = 100;
    if (args.length == 3 && args[1].equals("--limit")) {
      try {
        limit = Integer.parseInt(args[2]);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1) {
        return usage(err, "--limit needs a whole number >= 1");
      }
    } else if (args.length != 1) {
      return usage(err, "dlq list takes only --limit <n>");
    }
    List<DeadLetter> letters = dlq.peek(limit);
    if (letters.isEmpty()) {
      out.println("The dead-letter queue is empty.");
      return OK;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "EVENT ID", "TYPE", "CUSTOMER", "TENANT", "FIRST QUEUED", "RECEIVES", "MESSAGE ID"
        });
    for (DeadLetter d : letters) {
      rows.add(
          new String[] {
            d.eventId(),
            d.type(),
            dash(d.customerId()),
            tenant(billing, d.customerId()),
            d.queuedAt() == null ? "-" : TIME.format(d.queuedAt()),
            String.valueOf(d.receives()),
            d.messageId()
          });
    }
    Table.print(rows, out);
    out.println(
        letters.size()
            + " event(s). Why each failed: the provisioning log's entries with that messageId.");
    return OK;
  }

  private int show(
      DeadLetterQueue dlq,
      Optional<CustomerLinks> billing,
      String[] args,
      PrintStream out,
      PrintStream err) {
    if (args.length != 2) {
      return usage(err, "dlq show needs an event id or message id");
    }
    Optional<DeadLetter> found = dlq.find(args[1].strip());
    if (found.isEmpty()) {
      err.println("admin dlq show: " + args[1].strip() + " is not in the dead-letter queue");
      return FAILED;
    }
    DeadLetter d = found.get();
    out.println("event:        " + d.eventId());
    out.println("type:         " + d.type());
    out.println("customer:     " + dash(d.customerId()));
    out.println("tenant:       " + tenant(billing, d.customerId()));
    out.println("group:        " + d.groupId());
    out.println("first queued: " + (d.queuedAt() == null ? "-" : TIME.format(d.queuedAt())));
    out.println("receives:     " + d.receives());
    out.println(
        "message id:   "
            + d.messageId()
            + "   (why it failed: the provisioning log's entries with this messageId)");
    out.println(
        "body:         "
            + d.body().length()
            + " bytes (the Stripe event; GET /v1/events/"
            + d.eventId()
            + " shows it in Stripe)");
    return OK;
  }

  private int redrive(DeadLetterQueue dlq, String[] args, PrintStream out, PrintStream err) {
    Optional<String> only = Optional.empty();
    if (args.length == 3 && args[1].equals("--event")) {
      only = Optional.of(args[2].strip());
    } else if (args.length != 1) {
      return usage(err, "dlq redrive takes only --event <event id>");
    }
    Optional<String> event = only;
    DeadLetterQueue.Redriven result =
        dlq.redrive(d -> event.isEmpty() || event.get().equals(d.eventId()));
    if (event.isPresent() && result.moved().isEmpty()) {
      err.println("admin dlq redrive: " + event.get() + " is not in the dead-letter queue");
      return FAILED;
    }
    for (DeadLetter d : result.moved()) {
      out.println(
          "redriven " + d.eventId() + " " + d.type() + " (customer " + dash(d.customerId()) + ")");
    }
    out.println(
        "Moved "
            + result.moved().size()
            + " event(s) back to the event queue"
            + (result.left() > 0 ? "; " + result.left() + " left on the dead-letter queue." : "."));
    return OK;
  }

  private static String tenant(Optional<CustomerLinks> billing, String customerId) {
    if (customerId == null || billing.isEmpty()) {
      return "-";
    }
    return billing.get().lookup(customerId).tenantId().orElse("(not linked)");
  }

  private static int usage(PrintStream err, String problem) {
    err.println("admin dlq: " + problem);
    err.println();
    err.print("Usage:\n" + USAGE_TEXT);
    return USAGE;
  }

  private static String dash(String value) {
    return value == null || value.isBlank() ? "-" : value;
  }
}
