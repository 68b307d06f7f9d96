package app.billing.provisioning.core;

import com.stripe.model.Event;
import com.stripe.model.Subscription;
import java.util.Map;

/** Whether a subscription update is the one that scheduled its cancellation. */
final class Cancellations {
  private Cancellations() {}

  /** Turned on now: {@code previous_attributes} shows it was off before this change. */
  static boolean justScheduled(Event event, Subscription sub) {
    Map<String, Object> previous = event.getData().getPreviousAttributes();
    if (previous == null) {
      return false;
    }
    boolean periodEndTurnedOn =
        Boolean.TRUE.equals(sub.getCancelAtPeriodEnd())
            && Boolean.FALSE.equals(previous.get("cancel_at_period_end"));
    boolean cancelAtSet =
        sub.getCancelAt() != null
            && previous.containsKey("cancel_at")
            && previous.get("cancel_at") == null;
    return periodEndTurnedOn || cancelAtSet;
  }
}
