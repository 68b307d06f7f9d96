package app.billing.provisioning.core.testing;

import app.billing.core.testing.Fixtures;
import app.billing.core.testing.StoryEvent;
import app.billing.testkit.story.Story;
import com.stripe.net.ApiResource;
import java.util.List;

/** The story's named steps as {@link StoryEvent}s, and their objects typed with stripe-java. */
public final class StoryEvents {
  private StoryEvents() {}

  public static StoryEvent event(Story step) {
    return StoryEvent.of(step.file(), step.json());
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
