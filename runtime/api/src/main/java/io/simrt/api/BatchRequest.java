package io.simrt.api;

import io.simrt.models.ParameterException;
import io.simrt.models.Require;
import io.simrt.models.RngFamily;
import java.util.Arrays;
import java.util.Objects;

/**
 * One batch of ABC simulations, fully determined by its fields: the stream is
 * {@code RandomStreams.of(family, seed).block(index)}, so the batch gives the same numbers on any engine.
 *
 * @param family    random-stream family
 * @param seed      master seed of the inference (or of the ABC-SMC run)
 * @param index     batch index, the stream's block index
 * @param size      number of simulations
 * @param proposals parameters to simulate, row-major {@code size x nParams}; empty to draw them from the prior
 *                  with the batch's own stream (copied on the way in and out)
 * @param summaries whether the output carries each simulation's summaries too (a run store keeping every
 *                  simulation asks for them); the distances are the same bits either way
 * @param cut       rows whose distance is greater than this ({@code d > cut}) are left out of the output: the caller
 *                  says it has no use for them (rejection ABC's current k-th nearest distance, or its threshold), and
 *                  an engine need not send them back. A NaN distance is never left out. {@code +infinity}: every row
 *                  is kept
 */
public record BatchRequest(
        RngFamily family, long seed, long index, int size, double[] proposals, boolean summaries, double cut) {
    public BatchRequest {
        if (family == null) {
            throw ParameterException.because("family is required");
        }
        Require.positive("batch size", size);
        if (index < 0) {
            throw ParameterException.of("batch index", index, "must be >= 0");
        }
        proposals = proposals == null ? new double[0] : proposals.clone();
        if (proposals.length != 0 && proposals.length % size != 0) {
            throw ParameterException.because(
                    "proposals hold " + proposals.length + " values, not a multiple of the batch size " + size);
        }
        if (Double.isNaN(cut)) {
            throw ParameterException.because("a batch's cut must be a number (+infinity keeps every row), got NaN");
        }
    }

    /** Every row kept. */
    public BatchRequest(RngFamily family, long seed, long index, int size, double[] proposals, boolean summaries) {
        this(family, seed, index, size, proposals, summaries, Double.POSITIVE_INFINITY);
    }

    /** Without summaries, every row kept. */
    public BatchRequest(RngFamily family, long seed, long index, int size, double[] proposals) {
        this(family, seed, index, size, proposals, false);
    }

    /** This batch, its output carrying each simulation's summaries if {@code keep}. */
    public BatchRequest withSummaries(boolean keep) {
        return keep == summaries ? this : new BatchRequest(family, seed, index, size, proposals, keep, cut);
    }

    /** This batch, leaving out of its output the rows whose distance is greater than {@code cut}. */
    public BatchRequest withCut(double cut) {
        return Double.compare(cut, this.cut) == 0
                ? this
                : new BatchRequest(family, seed, index, size, proposals, summaries, cut);
    }

    /** Whether rows may be left out of the output ({@link #cut} is finite). */
    public boolean filters() {
        return cut != Double.POSITIVE_INFINITY;
    }

    /** A batch whose parameters come from the prior. */
    public static BatchRequest fromPrior(RngFamily family, long seed, long index, int size) {
        return new BatchRequest(family, seed, index, size, new double[0]);
    }

    /** A batch that simulates the given parameters (ABC-SMC rounds after the first). */
    public static BatchRequest withProposals(RngFamily family, long seed, long index, int size, double[] proposals) {
        if (proposals.length == 0) {
            throw ParameterException.because("withProposals needs proposals; use fromPrior");
        }
        return new BatchRequest(family, seed, index, size, proposals);
    }

    public boolean fromPriorDraws() {
        return proposals.length == 0;
    }

    @Override
    public double[] proposals() {
        return proposals.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchRequest b
                && b.family == family
                && b.seed == seed
                && b.index == index
                && b.size == size
                && b.summaries == summaries
                && Double.compare(b.cut, cut) == 0
                && Arrays.equals(b.proposals, proposals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, seed, index, size, summaries, cut, Arrays.hashCode(proposals));
    }

    @Override
    public String toString() {
        return "BatchRequest[" + family.id() + ", seed " + seed + ", index " + index + ", size " + size
                + (proposals.length == 0 ? ", prior" : ", proposals") + (summaries ? ", summaries" : "")
                + (filters() ? ", rows at most " + cut + "]" : "]");
    }
}
