package app.billing.provisioning.core.testing;

import app.billing.core.checkout.CheckoutToken;
import app.billing.core.testing.Fixtures;
import app.billing.core.testing.StoryEvent;
import app.billing.testkit.story.Story;
import app.billing.testkit.story.StoryTokens;
import com.stripe.net.ApiResource;
import java.util.List;

/**
 * The story's named steps as {@link StoryEvent}s, and their objects typed with stripe-java. Events
 * come signed with {@link #TOKEN}, as our checkout would have made them ({@link StoryTokens}): a
 * tenant hint links a customer only with a valid token.
 */
public final class StoryEvents {
  /** The key {@link ServiceHarness} verifies with. */
  public static final CheckoutToken TOKEN =
      CheckoutToken.fromSecret("provisioning-test-checkout-token-key-0123456789");

  private StoryEvents() {}

  public static StoryEvent event(Story step) {
    return StoryEvent.of(step.file(), signed(step.json()));
  }

  /** The step as the fixture holds it: its tenant hint carries no token. */
  public static StoryEvent unsigned(Story step) {
    return StoryEvent.of(step.file(), step.json());
  }

  /** The event JSON signed for the tenant its object names. */
  public static String signed(String eventJson) {
    return StoryTokens.signed(eventJson, TOKEN::sign);
  }

  public static List<StoryEvent> events(List<Story> steps) {
    return steps.stream().map(StoryEvents::event).toList();
  }

  /** The whole story in order. */
  public static List<StoryEvent> story() {
    return events(Story.all());
  }

  /** The step's {@code data.object} typed with stripe-java's Gson. */
  public static <T> T object(Story step, Class<T> type) {
    return ApiResource.GSON.fromJson(event(step).dataObject(), type);
  }

  /** The event's {@code data.object} typed with stripe-java's Gson. */
  public static <T> T object(StoryEvent event, Class<T> type) {
    return ApiResource.GSON.fromJson(event.dataObject(), type);
  }

  /** An example object from {@code stripe-objects/<name>.json}, typed with stripe-java's Gson. */
  public static <T> T stripeObject(String name, Class<T> type) {
    return ApiResource.GSON.fromJson(
        Fixtures.resource(Fixtures.OBJECTS_DIR + "/" + name + ".json"), type);
  }
}
