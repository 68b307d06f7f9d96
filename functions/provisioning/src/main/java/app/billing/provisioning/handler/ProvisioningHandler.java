package app.billing.provisioning.handler;

import app.billing.core.priming.Priming;
import app.billing.core.provisioning.ProvisioningService;
import app.billing.provisioning.ProvisioningWiring;
import app.billing.provisioning.priming.ProvisioningPriming;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Consumes the FIFO event queue and reports partial batch failures the FIFO way: once a message
 * fails, it and every later message of the same message group (customer) are returned for retry, so
 * no event of a customer is applied ahead of an earlier one that failed. Later messages of other
 * groups are still processed: failing them too would only burn their receive count and, next to a
 * poison message, push healthy events into the DLQ with it. Without a group id, every later message
 * is returned.
 */
public final class ProvisioningHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger log = LoggerFactory.getLogger(ProvisioningHandler.class);

  private final ProvisioningService service;

  /** Lambda entry: clients built once per container from validated environment. */
  public ProvisioningHandler() {
    this(ProvisioningWiring.fromEnvironment().service());
    // SnapStart: warm the batch path before the snapshot (no network, no writes).
    Priming.register("provisioning", new ProvisioningPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  public ProvisioningHandler(ProvisioningService service) {
    this.service = service;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    Set<String> failedGroups = new HashSet<>();
    boolean failedWithoutGroup = false;
    for (SQSEvent.SQSMessage message : event.getRecords()) {
      String group = message.getAttributes() == null ? null : message.getAttributes().get("MessageGroupId");
      if (failedWithoutGroup || failedGroups.contains(group)) {
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        continue;
      }
      try (var ignored = MDC.putCloseable("messageId", message.getMessageId())) {
        service.process(message.getBody());
      } catch (RuntimeException e) {
        log.error("event processing failed; message returned to the queue (receive count {})",
            message.getAttributes() == null ? "?" : message.getAttributes().get("ApproximateReceiveCount"), e);
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        if (group == null) {
          failedWithoutGroup = true;
        } else {
          failedGroups.add(group);
        }
      } finally {
        MDC.clear();
      }
    }
    return new SQSBatchResponse(failures);
  }
}
