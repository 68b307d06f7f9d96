package app.billing.provisioning.handler;

import app.billing.core.log.LogKeys;
import app.billing.core.priming.Priming;
import app.billing.core.provisioning.FailedEventRetry;
import app.billing.provisioning.FifoBatch;
import app.billing.provisioning.ProvisioningWiring;
import app.billing.provisioning.core.BatchWrites;
import app.billing.provisioning.core.ProvisioningService;
import app.billing.provisioning.priming.ProvisioningPriming;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Consumes the FIFO event queue: each message is one Stripe event for the provisioning service;
 * partial batch failures follow {@link FifoBatch} (per customer group, in order). Only transient
 * failures are reported; an event that failed for good is recorded as failed by the service and
 * acknowledged, so it holds back nothing.
 */
public final class ProvisioningHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger log = LoggerFactory.getLogger(ProvisioningHandler.class);

  private final ProvisioningService service;
  private final Runnable flushMetrics;

  /** Lambda entry: clients built once per container from validated environment. */
  public ProvisioningHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself
    // (errorMessage "Invalid configuration: ..."), not as a message-less
    // ExceptionInInitializerError.
    this(ProvisioningWiring.fromEnvironment(System.getenv(), Clock.systemUTC()));
    // SnapStart: warm the batch path before the snapshot (no network, no writes).
    Priming.register(
        "provisioning", new ProvisioningPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  private ProvisioningHandler(ProvisioningHandler built) {
    this(built.service, built.flushMetrics);
  }

  public ProvisioningHandler(ProvisioningService service) {
    this(service, () -> {});
  }

  /**
   * @param flushMetrics writes the batch's counts (one EMF line per dimension values) at its end
   */
  public ProvisioningHandler(ProvisioningService service, Runnable flushMetrics) {
    this.service = service;
    this.flushMetrics = flushMetrics;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    try {
      return handleBatch(event);
    } finally {
      flushMetrics.run();
    }
  }

  private SQSBatchResponse handleBatch(SQSEvent event) {
    BatchWrites writes = new BatchWrites();
    List<String> failed =
        FifoBatch.process(event.getRecords(), message -> processOne(message, writes));
    try {
      service.writeBatch(writes);
    } catch (RuntimeException e) {
      // Every event of the batch is safe to apply again; retrying them all writes what is missing.
      log.error(
          "writing the batch's audit entries and email marks failed; returning the whole batch", e);
      failed = event.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).toList();
    }
    return new SQSBatchResponse(
        failed.stream().map(SQSBatchResponse.BatchItemFailure::new).toList());
  }

  private void processOne(SQSEvent.SQSMessage message, BatchWrites writes) {
    try (var ignored = MDC.putCloseable(LogKeys.MESSAGE_ID, message.getMessageId())) {
      service.process(message.getBody(), writes, isRetryOfFailed(message));
    } catch (RuntimeException e) {
      // Permanent failures never get here: the service records them and acknowledges the message.
      log.error(
          "event processing failed (transient); message returned to the queue (receive count {})",
          message.getAttributes() == null
              ? "?"
              : message.getAttributes().get("ApproximateReceiveCount"),
          e);
      throw e;
    } finally {
      MDC.clear();
    }
  }

  /** Sent by {@code admin failed retry}: once applied, the event is no longer listed as failed. */
  private static boolean isRetryOfFailed(SQSEvent.SQSMessage message) {
    return message.getMessageAttributes() != null
        && message.getMessageAttributes().containsKey(FailedEventRetry.ATTRIBUTE);
  }
}
