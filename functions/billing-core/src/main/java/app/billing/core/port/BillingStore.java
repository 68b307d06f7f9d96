package app.billing.core.port;

/**
 * Every storage port provisioning uses, in one place for wiring: services take only the ports they
 * use. Together, versioned writes, idempotent side writes (links, parking, credits per order) and
 * claimed email guards make every event safe to apply again, without a per-event ledger round trip.
 */
public interface BillingStore
    extends CustomerLinks, VersionedRecords, Credits, EmailGuards, BatchWriter, FailedEvents {}
