package app.billing.provisioning;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Processes one SQS FIFO batch the way FIFO order allows: message groups (customers) are
 * independent, so they run in parallel; within a group messages run in batch order, and once one
 * fails it and every later message of its group are reported as failed, so no event of a customer
 * is applied ahead of an earlier one that failed. Other groups are unaffected: failing them too
 * would only burn their receive count and, next to a poison message, push healthy events into the
 * DLQ with it.
 *
 * <p>Only transient failures (throttling, 5xx, timeouts) reach this class as exceptions: a
 * permanent one is recorded as a failed event by the provisioning service and its message succeeds,
 * so it does not hold its group at all (records are order-independent, so the later events are safe
 * to apply).
 */
public final class FifoBatch {
  /** Messages without a group id (not from a FIFO queue) share one lane, processed in order. */
  private static final String NO_GROUP = "";

  private FifoBatch() {}

  /**
   * @param process handles one message; throwing marks it failed
   * @return the ids of the failed messages, in batch order
   */
  public static List<String> process(List<SQSMessage> messages, Consumer<SQSMessage> process) {
    Map<String, List<SQSMessage>> lanes = new LinkedHashMap<>();
    for (SQSMessage message : messages) {
      lanes.computeIfAbsent(groupOf(message), g -> new ArrayList<>()).add(message);
    }
    Set<String> failed = ConcurrentHashMap.newKeySet();
    if (lanes.size() == 1) {
      runLane(lanes.values().iterator().next(), process, failed);
    } else {
      // Each lane waits on DynamoDB, SES and Stripe; virtual threads keep the waits overlapping.
      try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> running = new ArrayList<>();
        for (List<SQSMessage> lane : lanes.values()) {
          running.add(executor.submit(() -> runLane(lane, process, failed)));
        }
        for (Future<?> lane : running) {
          await(lane);
        }
      }
    }
    return messages.stream().map(SQSMessage::getMessageId).filter(failed::contains).toList();
  }

  private static void runLane(
      List<SQSMessage> lane, Consumer<SQSMessage> process, Set<String> failed) {
    boolean laneFailed = false;
    for (SQSMessage message : lane) {
      if (laneFailed) {
        failed.add(message.getMessageId());
        continue;
      }
      try {
        process.accept(message);
      } catch (RuntimeException e) {
        failed.add(message.getMessageId());
        laneFailed = true;
      }
    }
  }

  private static void await(Future<?> lane) {
    try {
      lane.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while processing a batch", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a batch lane failed unexpectedly", e.getCause());
    }
  }

  private static String groupOf(SQSMessage message) {
    String group =
        message.getAttributes() == null ? null : message.getAttributes().get("MessageGroupId");
    return group == null ? NO_GROUP : group;
  }
}
