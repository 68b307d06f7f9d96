package app.billing.core.port;

import app.billing.core.outbound.OutboundMessage;
import java.util.List;

/** The host app's event bus. */
public interface OutboundEvents {

  /**
   * Publishes every message or throws: returning means the bus accepted all of them. Transient
   * rejections are retried inside; what still fails throws, so the caller retries the batch.
   */
  void publish(List<OutboundMessage> messages);
}
