package io.simrt.cli;

import io.simrt.inference.store.RunInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A stored run's fields as {@code simrt runs} prints them: JSON objects, and short texts for tables. */
final class RunFields {
    private RunFields() {}

    /** The fields every listed run has (its id, kind, status, model, samples, batches, times). */
    static Map<String, Object> summary(RunInfo r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", r.id());
        o.put("kind", r.kind());
        o.put("status", r.status().id());
        o.put("model", r.modelName());
        o.put("samples", r.samples());
        o.put("batchesRun", r.batchesRun());
        o.put("batchesReused", r.batchesReused());
        o.put("startedAt", r.startedAt().toString());
        o.put("endedAt", r.endedAt().map(Instant::toString).orElse(null));
        o.put("message", r.message());
        return o;
    }

    /** Every field of the run (hashes in full). */
    static Map<String, Object> all(RunInfo r) {
        Map<String, Object> o = summary(r);
        o.put("command", r.command());
        o.put("parameterNames", r.parameterNames());
        o.put("objective", r.objective());
        o.put("seed", r.seed());
        o.put("rng", r.rng().id());
        o.put("batchSize", r.batchSize());
        o.put("keep", keep(r));
        o.put("thresholdKey", r.thresholdKey());
        o.put("specHash", r.specHash());
        o.put("observedHash", r.observedHash());
        o.put("codeHash", r.codeHash());
        o.put("modelSpec", r.modelSpec());
        o.put("simrtVersion", r.simrtVersion());
        o.put("client", r.client());
        o.put("engines", r.engines());
        return o;
    }

    static String keep(RunInfo r) {
        return r.keepSimulations() ? "simulations" : "candidates";
    }

    /** An instant to the second, as in a table; {@code -} for none. */
    static String time(Optional<Instant> t) {
        return t.map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("-");
    }

    /** The first 12 hex digits of a hash, or {@code none} for an empty one. */
    static String abbrev(String hash) {
        return hash.isEmpty() ? "none" : hash.substring(0, Math.min(12, hash.length()));
    }
}
