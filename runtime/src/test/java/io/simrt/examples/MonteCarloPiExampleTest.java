package io.simrt.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simrt.api.NativeClient;
import io.simrt.examples.MonteCarloPiExample.Estimates;
import io.simrt.examples.MonteCarloPiExample.Tally;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import io.simrt.runtime.view.Engines;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the Monte Carlo π example of {@code docs/multiplexer.md} on 1, 2 and 4 local engines and on the serial
 * fallback. Seed 2024, 64 blocks of 50 000 points (3.2 million points).
 */
class MonteCarloPiExampleTest {
    private static final long SEED = 2024;
    private static final int BLOCKS = 64;
    private static final int POINTS_PER_BLOCK = 50_000;

    /**
     * Five standard errors of the estimate 4·p̂ from n points: p = π/4 is the chance a point falls inside, so the
     * standard error is 4·√(p(1 − p)/n) (about 0.00092 for 3.2 million points; the tolerance about 0.0046).
     */
    private static double tolerance(long n) {
        double p = Math.PI / 4;
        return 5 * 4 * Math.sqrt(p * (1 - p) / n);
    }

    @Test
    void fixedBlocksGiveTheSameEstimateOnAnyNumberOfEngines() {
        Map<Integer, Estimates> r = MonteCarloPiExample.acrossEngineCounts(
                ConfigFactory.parseString("pekko.actor.serialize-messages = on"), SEED, BLOCKS, POINTS_PER_BLOCK);
        assertEquals(List.of(1, 2, 4), List.copyOf(r.keySet()));
        Tally one = r.get(1).inBlocks();
        assertEquals((long) BLOCKS * POINTS_PER_BLOCK, one.points());
        assertEquals(one, r.get(2).inBlocks(), "2 engines, the same blocks: the same tally");
        assertEquals(one, r.get(4).inBlocks(), "4 engines, the same blocks: the same tally");
        try (Engines serial = Engines.of(NativeClient.create())) {
            assertEquals(
                    one,
                    MonteCarloPiExample.inBlocks(serial, SEED, BLOCKS, POINTS_PER_BLOCK),
                    "the serial fallback draws the same blocks");
        }
        assertEquals(Math.PI, one.pi(), tolerance(one.points()), "π̂ = " + one.pi());
        assertEquals(new Tally(2_513_569, 3_200_000), one, "the tally docs/multiplexer.md quotes (π̂ = 3.14196125)");

        // per engine: every estimate is fine, but each engine count draws other numbers
        for (Estimates e : r.values()) {
            assertEquals((long) BLOCKS * POINTS_PER_BLOCK, e.perEngine().points());
            assertEquals(Math.PI, e.perEngine().pi(), tolerance(e.perEngine().points()));
        }
        assertNotEquals(r.get(1).perEngine(), r.get(2).perEngine());
        assertNotEquals(r.get(2).perEngine(), r.get(4).perEngine());
        // a block is a pure function of (seed, block): here in this thread, it is what the engines drew
        assertEquals(
                Tally.draw(RandomStreams.of(RngFamily.FAST, SEED).block(0), POINTS_PER_BLOCK),
                new MonteCarloPiExample.CountBlock(SEED, POINTS_PER_BLOCK).apply(0));
    }

    @Test
    void tallySplitThenCombinedEqualsAllAtOnce() {
        var streams = RandomStreams.of(RngFamily.FAST, 7);
        var rng = streams.block(3);
        Tally whole = Tally.draw(streams.block(3), 10_000);
        Tally split = Tally.draw(rng, 2_500).combine(Tally.draw(rng, 7_500));
        assertEquals(whole, split);
        assertEquals(Tally.EMPTY.combine(whole), whole);
        assertTrue(whole.inside() > 0 && whole.inside() < whole.points());
    }
}
