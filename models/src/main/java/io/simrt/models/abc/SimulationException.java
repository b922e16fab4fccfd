package io.simrt.models.abc;

import java.util.List;

/**
 * A simulator, summary or distance of a model built by {@link AbcBuilder} threw on one row of a batch (under
 * {@link OnSimulationError#FAIL}). The message names the row within the batch and its parameter values, for example
 * {@code "simulator threw at row 17 of the batch (beta=0.3, gamma=0.1): negative rate"}; the cause is what was thrown.
 */
public final class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int row;

    private SimulationException(String message, int row, Throwable cause) {
        super(message, cause);
        this.row = row;
    }

    /**
     * @param what  what threw ({@code "simulator"}, {@code "summary 'S1'"})
     * @param row   the row within the batch, or -1 for a batch simulator (no single row)
     * @param names the parameter names
     * @param theta the row's values (read, not kept)
     */
    static SimulationException at(String what, int row, List<String> names, double[] theta, Throwable cause) {
        StringBuilder m =
                new StringBuilder(what).append(" threw at row ").append(row).append(" of the batch (");
        for (int p = 0; p < names.size(); p++) {
            m.append(p == 0 ? "" : ", ").append(names.get(p)).append('=').append(theta[p]);
        }
        m.append("): ")
                .append(
                        cause.getMessage() != null
                                ? cause.getMessage()
                                : cause.getClass().getName());
        return new SimulationException(m.toString(), row, cause);
    }

    /** A batch simulator threw: no single row is to blame. */
    static SimulationException batch(int batchSize, Throwable cause) {
        String msg = cause.getMessage() != null
                ? cause.getMessage()
                : cause.getClass().getName();
        return new SimulationException("batch simulator threw on a batch of " + batchSize + " rows: " + msg, -1, cause);
    }

    /** The row within the batch whose simulation threw; -1 if a batch simulator threw for the whole batch. */
    public int row() {
        return row;
    }
}
