package io.simrt.inference.store;

import io.simrt.models.RngFamily;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored run: what it was asked and on what, and where it stands. The model's spec, observed data and code are
 * kept as their hashes (and the spec in full), so that a resume can refuse a model that changed and a new run can
 * find the runs whose batches it may reuse.
 *
 * @param id             the run id (a short random hex string)
 * @param kind           {@code abc}, {@code abc-smc} or {@code smc}
 * @param status         where the run stands
 * @param command        the command line it was started with, without the program name
 * @param modelName      the model's name
 * @param parameterNames the model's parameters, in column order
 * @param modelSpec      the model's spec as engines receive it (JSON)
 * @param specHash       SHA-256 of {@code modelSpec}
 * @param observedHash   SHA-256 of the observed data
 * @param codeHash       SHA-256 of the model's jars, empty for none
 * @param seed           the master seed
 * @param rng            the stream family
 * @param batchSize      simulations per batch
 * @param samples        samples asked for
 * @param objective      the objective in words ({@code quantile 0.01}, {@code thresholds [0.5, 0.1]})
 * @param thresholdKey   the threshold batch records count acceptances at, empty for none (reuse needs equal ones)
 * @param keepSimulations whether batch records keep every simulation
 * @param simrtVersion   the simrt version that ran it
 * @param client         the client kind
 * @param engines        engines at the start
 * @param startedAt      when it started
 * @param endedAt        when it ended, if it did
 * @param batchesRun     batches simulated
 * @param batchesReused  batches merged from stored records
 * @param message        why it failed or stopped, empty otherwise
 */
public record RunInfo(
        String id,
        String kind,
        RunStatus status,
        List<String> command,
        String modelName,
        List<String> parameterNames,
        String modelSpec,
        String specHash,
        String observedHash,
        String codeHash,
        long seed,
        RngFamily rng,
        int batchSize,
        int samples,
        String objective,
        String thresholdKey,
        boolean keepSimulations,
        String simrtVersion,
        String client,
        int engines,
        Instant startedAt,
        Optional<Instant> endedAt,
        long batchesRun,
        long batchesReused,
        String message) {

    public RunInfo {
        Objects.requireNonNull(id, "id");
        command = List.copyOf(command);
        parameterNames = List.copyOf(parameterNames);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(startedAt, "startedAt");
        endedAt = endedAt == null ? Optional.empty() : endedAt;
        message = message == null ? "" : message;
    }

    /** This run with another status, end and message. */
    public RunInfo ended(RunStatus newStatus, Instant at, String why) {
        return new RunInfo(
                id,
                kind,
                newStatus,
                command,
                modelName,
                parameterNames,
                modelSpec,
                specHash,
                observedHash,
                codeHash,
                seed,
                rng,
                batchSize,
                samples,
                objective,
                thresholdKey,
                keepSimulations,
                simrtVersion,
                client,
                engines,
                startedAt,
                Optional.of(at),
                batchesRun,
                batchesReused,
                why);
    }
}
