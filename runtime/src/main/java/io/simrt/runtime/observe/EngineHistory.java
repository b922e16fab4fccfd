package io.simrt.runtime.observe;

import io.simrt.runtime.engine.Engine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine seen over time: from the shards done and busy time of consecutive {@link Engine.EngineLoad}s, its
 * throughput (shards per second) and busy fraction, the last {@value #KEEP} of them kept for the chart.
 */
final class EngineHistory {
    static final int KEEP = 120;

    private final ArrayDeque<double[]> points = new ArrayDeque<>(); // {seconds since the dashboard began, shards/s}
    private Engine.EngineLoad last;
    private long lastNanos;
    private double busy;
    private double throughput;

    /** Takes a new reading taken at {@code nanos}. */
    void update(Engine.EngineLoad load, long nanos, long originNanos) {
        if (last != null && nanos > lastNanos) {
            double dt = (nanos - lastNanos) / 1e9;
            throughput = Math.max(0, load.shardsDone() - last.shardsDone()) / dt;
            busy = Math.min(1.0, Math.max(0, load.busyNanos() - last.busyNanos()) / (dt * 1e9));
            points.addLast(new double[] {(nanos - originNanos) / 1e9, throughput});
            if (points.size() > KEEP) {
                points.removeFirst();
            }
        }
        last = load;
        lastNanos = nanos;
    }

    Engine.EngineLoad last() {
        return last;
    }

    /** Busy fraction over the last interval, 0..1. */
    double busy() {
        return busy;
    }

    /** Shards per second over the last interval. */
    double throughput() {
        return throughput;
    }

    List<double[]> points() {
        return new ArrayList<>(points);
    }
}
