package app.billing.provisioning.core;

import app.billing.core.model.Outcome;
import app.billing.core.model.WriteResult;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a record unless a newer event already did. When another event of the same second got there
 * first, the order cannot be told from the events, so the object is refetched from Stripe (its
 * current state is right by definition) and written over the tie.
 */
final class VersionedWriter {
  private static final Logger log = LoggerFactory.getLogger(VersionedWriter.class);

  private VersionedWriter() {}

  /** The write's result and the object it wrote: the refetched one after a tie. */
  record Versioned<T>(WriteResult result, T object) {
    Outcome outcome() {
      return outcomeOf(result);
    }
  }

  /**
   * @param save writes the projected record; its flag is true once a tie was settled by refetching
   */
  static <T, R> Versioned<T> save(
      T object,
      Function<T, R> project,
      BiFunction<R, Boolean, WriteResult> save,
      Supplier<T> refetch) {
    WriteResult result = save.apply(project.apply(object), false);
    if (result != WriteResult.TIE) {
      return new Versioned<>(result, object);
    }
    log.info("same-second tie with a stored event; refetching from Stripe");
    T fresh = refetch.get();
    save.apply(project.apply(fresh), true);
    return new Versioned<>(WriteResult.WRITTEN, fresh);
  }

  static Outcome outcomeOf(WriteResult result) {
    return switch (result) {
      case STALE -> Outcome.STALE;
      case SAME -> Outcome.DUPLICATE;
      case WRITTEN, TIE -> Outcome.APPLIED;
    };
  }
}
