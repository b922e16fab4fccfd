package io.simrt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The adaptive policy's decisions from given timings (no clock): learn here first (the first, cold call not
 * counted), probe the engines, then send out
 * what is expected to take at most 90% of the time here, refreshing the other side's estimate once in 50 decisions.
 */
class AdaptivePolicyTest {
    private static final long CELLS = 4000;

    /**
     * A policy that has seen two calls here, a cold one 100 times slower and then one at {@code hereNs} per cell, and
     * its probes at the given engine costs.
     */
    private static AdaptivePolicy learned(double hereNs, double enginesNs, long roundTripNs, int engines) {
        AdaptivePolicy p = new AdaptivePolicy();
        assertFalse(p.parallel(CELLS, engines), "the first call runs here");
        p.recordSerial(CELLS, (long) (CELLS * hereNs * 100));
        assertFalse(p.parallel(CELLS, engines), "the second call runs here: the first one's cost is not counted");
        p.recordSerial(CELLS, (long) (CELLS * hereNs));
        for (int i = 0; i < AdaptivePolicy.PROBES; i++) {
            assertTrue(p.parallel(CELLS, engines), "probe " + i + " goes out");
            long engineNanos = (long) (CELLS * enginesNs);
            long wall = engineNanos / engines + roundTripNs;
            p.recordParallel(CELLS, engines, engines, wall, engineNanos);
        }
        return p;
    }

    @Test
    void anExpensiveModelGoesToTheEngines() {
        // 45 us a cell here and there, 2 engines, 2 ms round trip: 180 ms here against 92 ms out
        AdaptivePolicy p = learned(45_000, 45_000, 2_000_000, 2);
        int out = 0;
        for (int i = 0; i < 40; i++) {
            out += p.parallel(CELLS, 2) ? 1 : 0;
        }
        assertEquals(40, out, p.toString());
    }

    @Test
    void aCheapModelStaysHereButForTheRefreshes() {
        // 20 ns a cell: 80 us here against a 2 ms round trip
        AdaptivePolicy p = learned(20, 20, 2_000_000, 2);
        int out = 0;
        for (int i = 0; i < 100; i++) {
            out += p.parallel(CELLS, 2) ? 1 : 0;
        }
        assertEquals(2, out, "one refresh in " + AdaptivePolicy.REFRESH + " decisions: " + p);
    }

    @Test
    void aRoundTripLongerThanTheGainKeepsWorkHere() {
        // 180 ms here, 90 ms of work on 2 engines but a 100 ms round trip (a loaded machine): 190 ms out
        AdaptivePolicy p = learned(45_000, 45_000, 100_000_000, 2);
        assertFalse(p.parallel(CELLS, 2), p.toString());
        assertTrue(p.expectedParallel(CELLS, 2) > 0.9 * p.expectedSerial(CELLS));
    }
}
