package app.billing.core.reconcile;

import java.util.Optional;

/** Where the reconciler keeps its {@link ReconcilerCheckpoint} between runs and restarts. */
public interface CheckpointStore {

  Optional<ReconcilerCheckpoint> load();

  /** Replaces the checkpoint; written only after the page it follows is on the queue. */
  void save(ReconcilerCheckpoint checkpoint);
}
