package io.simrt.cli;

import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.abc.Population;
import io.simrt.inference.results.Sample;
import io.simrt.runtime.observe.RunBoard;
import java.util.Optional;

/**
 * A run's journal that also shows each batch and population on the dashboard's {@link RunBoard}; everything is
 * passed on to the journal it wraps (the run store's, or none).
 */
final class BoardJournal extends BatchJournal.Forwarding {
    private final RunBoard board;

    BoardJournal(BatchJournal inner, RunBoard board) {
        super(inner);
        this.board = board;
    }

    @Override
    public void ran(BatchRecord record) {
        super.ran(record);
        show(record);
    }

    @Override
    public void reused(BatchRecord record) {
        super.reused(record);
        show(record);
    }

    private void show(BatchRecord r) {
        board.batch(r.size(), r.accepted(), r.nParams(), r.params());
    }

    @Override
    public void population(int round, Population population) {
        super.population(round, population);
        Sample s = population.sample();
        board.population(round, population.threshold(), population.simulations(), ess(s), s.toArray());
    }

    /** Kish's effective sample size of the population's weights; its size when unweighted. */
    static double ess(Sample s) {
        Optional<double[]> w = s.weights();
        if (w.isEmpty()) {
            return s.size();
        }
        double sum = 0;
        double squares = 0;
        for (double x : w.get()) {
            sum += x;
            squares += x * x;
        }
        return squares == 0 ? 0 : sum * sum / squares;
    }
}
