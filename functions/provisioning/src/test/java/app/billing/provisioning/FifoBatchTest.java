package app.billing.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FifoBatchTest {

  @Test
  void aFailureFailsTheRestOfItsGroupOnlyAndFailuresKeepBatchOrder() {
    List<SQSMessage> batch =
        List.of(msg("a1", "A"), msg("b1", "B"), msg("a2", "A"), msg("b2", "B"), msg("a3", "A"));
    List<String> processed = Collections.synchronizedList(new ArrayList<>());

    List<String> failed =
        FifoBatch.process(
            batch,
            m -> {
              if (m.getMessageId().equals("a2")) {
                throw new IllegalStateException("poison");
              }
              processed.add(m.getMessageId());
            });

    assertThat(failed).containsExactly("a2", "a3");
    assertThat(processed).containsExactlyInAnyOrder("a1", "b1", "b2");
  }

  @Test
  void messagesOfOneGroupRunInBatchOrder() {
    List<SQSMessage> batch =
        List.of(msg("a1", "A"), msg("b1", "B"), msg("a2", "A"), msg("a3", "A"));
    List<String> processedA = Collections.synchronizedList(new ArrayList<>());

    FifoBatch.process(
        batch,
        m -> {
          if (m.getMessageId().startsWith("a")) {
            processedA.add(m.getMessageId());
          }
        });

    assertThat(processedA).containsExactly("a1", "a2", "a3");
  }

  @Test
  void groupsRunConcurrently() {
    // Each group's first message waits until the other group's has started: only parallel lanes
    // finish.
    CountDownLatch bothStarted = new CountDownLatch(2);
    List<SQSMessage> batch = List.of(msg("a1", "A"), msg("b1", "B"));

    List<String> failed =
        FifoBatch.process(
            batch,
            m -> {
              bothStarted.countDown();
              try {
                if (!bothStarted.await(5, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("lanes ran one after the other");
                }
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(failed).isEmpty();
  }

  @Test
  void messagesWithoutGroupShareOneOrderedLane() {
    List<SQSMessage> batch = List.of(msg("m1", null), msg("m2", null), msg("m3", null));
    List<String> failed =
        FifoBatch.process(
            batch,
            m -> {
              if (m.getMessageId().equals("m1")) {
                throw new IllegalStateException("boom");
              }
            });
    assertThat(failed).containsExactly("m1", "m2", "m3");
  }

  private static SQSMessage msg(String id, String group) {
    SQSMessage m = new SQSMessage();
    m.setMessageId(id);
    m.setBody("{}");
    m.setAttributes(group == null ? Map.of() : Map.of("MessageGroupId", group));
    return m;
  }
}
