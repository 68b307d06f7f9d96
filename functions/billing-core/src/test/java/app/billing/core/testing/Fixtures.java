package app.billing.core.testing;

import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test fixtures from the test classpath only: the Stripe event story (testkit's {@link Story}) and
 * example objects under {@code stripe/objects/} (both testkit resources, the only copies).
 */
public final class Fixtures {
  public static final String EVENTS_DIR = Story.DIRECTORY;
  public static final String OBJECTS_DIR = "stripe/objects";

  // Story ids (see Story).
  public static final String TENANT = "usr_8f3a1c2e";
  public static final String CUSTOMER = "cus_1BREyS0ms3pllo";
  public static final String SUBSCRIPTION = "sub_1hNEdcSb7kQ2wLn5P4c3ZkD7";
  public static final String SUBSCRIPTION_CHECKOUT =
      "cs_test_b1x26X24teAOVUIQkbkFLh7GCfGJpLLENNIqFt3PTQSHupwdSl";
  public static final String PURCHASE_CHECKOUT =
      "cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu";
  public static final String TRIAL_INVOICE = "in_1iABvdSb7kQ2wLn5zGfewdWe";
  public static final String FIRST_INVOICE = "in_1EdOa0Sb7kQ2wLn5qNYRnupO";
  public static final String RENEWAL_INVOICE = "in_1plsy9Sb7kQ2wLn5JjcU8pZL";
  public static final String STARTER_MONTHLY_PRICE = "price_1YVHXZSb7kQ2wLn572xB0pDK";
  public static final String PRO_MONTHLY_PRICE = "price_14K14PSb7kQ2wLn5JNF92G3q";

  private static volatile List<StoryEvent> story;

  private Fixtures() {}

  /** A classpath resource as UTF-8 text. */
  public static String resource(String path) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("test resource " + path + " not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The 26 story events in file (story) order. */
  public static List<StoryEvent> story() {
    List<StoryEvent> loaded = story;
    if (loaded == null) {
      loaded = Story.all().stream().map(s -> StoryEvent.of(s.file(), s.json())).toList();
      story = loaded;
    }
    return loaded;
  }

  /** The parsed event of a story step. */
  public static StoryEvent event(Story step) {
    return story().get(step.ordinal());
  }

  /**
   * Story event by its file number, 1-based: {@code event(8)} is {@code
   * 08-checkout.session.completed.json}. Only the provisioning tests still use it; everything else
   * names the step ({@link #event(Story)}).
   */
  public static StoryEvent event(int number) {
    String prefix = String.format("%02d-", number);
    return story().stream()
        .filter(e -> e.file().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no story event " + number));
  }

  public static JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }
}
