package app.billing.provisioning.core;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.Outcome;
import app.billing.core.model.WriteResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionedWriterTest {
  private final List<String> written = new ArrayList<>();

  @Test
  void aWriteThatIsNoTieKeepsTheEventsObjectAndFetchesNothing() {
    VersionedWriter.Versioned<String> result =
        VersionedWriter.save(
            "event", o -> o, (r, tie) -> record(r, tie, WriteResult.STALE), this::noRefetch);

    assertThat(result.result()).isEqualTo(WriteResult.STALE);
    assertThat(result.object()).isEqualTo("event");
    assertThat(written).containsExactly("event/false");
  }

  @Test
  void aTieIsSettledByWritingTheRefetchedObjectOverIt() {
    VersionedWriter.Versioned<String> result =
        VersionedWriter.save(
            "event",
            o -> o.toUpperCase(),
            (r, tie) -> record(r, tie, tie ? WriteResult.WRITTEN : WriteResult.TIE),
            () -> "fresh");

    assertThat(result.result()).isEqualTo(WriteResult.WRITTEN);
    assertThat(result.object()).isEqualTo("fresh");
    assertThat(written).containsExactly("EVENT/false", "FRESH/true");
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
  }

  @Test
  void everyWriteResultHasItsOutcome() {
    assertThat(VersionedWriter.outcomeOf(WriteResult.STALE)).isEqualTo(Outcome.STALE);
    assertThat(VersionedWriter.outcomeOf(WriteResult.SAME)).isEqualTo(Outcome.DUPLICATE);
    assertThat(VersionedWriter.outcomeOf(WriteResult.WRITTEN)).isEqualTo(Outcome.APPLIED);
    assertThat(VersionedWriter.outcomeOf(WriteResult.TIE)).isEqualTo(Outcome.APPLIED);
  }

  private WriteResult record(String record, boolean overwriteTie, WriteResult result) {
    written.add(record + "/" + overwriteTie);
    return result;
  }

  private String noRefetch() {
    throw new AssertionError("no refetch without a tie");
  }
}
