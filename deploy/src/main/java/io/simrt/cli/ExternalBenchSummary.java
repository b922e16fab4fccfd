package io.simrt.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text summary of {@code simrt bench external}'s report (its JSON is the report itself). */
final class ExternalBenchSummary {
    private ExternalBenchSummary() {}

    @SuppressWarnings("unchecked")
    static void print(PrintWriter out, Map<String, Object> o) {
        Map<String, Object> pb = (Map<String, Object>) o.get("perBatch");
        out.printf(
                Locale.ROOT,
                "External simulator, %s (Python %s, numpy %s), batch %d, medians of %d reps%n",
                o.get("python"),
                o.get("pythonVersion"),
                o.get("numpy"),
                o.get("batchSize"),
                o.get("reps"));
        for (String w : List.of("trivial", "ma2")) {
            Map<String, Object> m = (Map<String, Object>) pb.get(w);
            out.printf(
                    Locale.ROOT,
                    "  per batch, %-7s simrt %8.3f ms  in the worker %8.3f ms  one Python process %8.3f ms  "
                            + "overhead %7.3f ms = %6.1f%% of its own, %5.2f%% of MA2's%n",
                    w,
                    m.get("simrtMillis"),
                    m.get("workerMillis"),
                    m.get("pythonMillis"),
                    m.get("overheadMillis"),
                    m.get("overheadPercent"),
                    m.get("overheadPercentOfMa2"));
        }
        Map<String, Object> rj = (Map<String, Object>) o.get("rejection");
        out.printf(
                Locale.ROOT,
                "  rejection, %d simulations: simrt (%d engines) %.3f s (compute floor %.3f s, CPU: JVM %.3f s, workers "
                        + "%.3f s)",
                rj.get("simulations"),
                rj.get("engines"),
                ((Map<String, Object>) rj.get("simrt")).get("seconds"),
                rj.get("computeFloorSeconds"),
                rj.get("simrtJvmCpuSeconds"),
                rj.get("simrtWorkerCpuSeconds"));
        out.printf(
                Locale.ROOT,
                "; one Python process %.3f s (x%.2f)",
                ((Map<String, Object>) rj.get("python")).get("seconds"),
                rj.get("speedupOverPython"));
        Map<String, Object> elfi = (Map<String, Object>) rj.get("elfi");
        if (elfi.containsKey("error")) {
            out.printf("; ELFI: %s%n", elfi.get("error"));
        } else {
            out.printf(
                    Locale.ROOT,
                    "; ELFI multiprocessing %.3f s (x%.2f)%n",
                    elfi.get("seconds"),
                    rj.get("speedupOverElfi"));
        }
        Map<String, Object> c = (Map<String, Object>) o.get("codec");
        out.printf(
                Locale.ROOT,
                "  codec, %d x %d: binary %.4f ms, JSON lines %.2f ms%n",
                c.get("rows"),
                c.get("cols"),
                ((Map<String, Object>) c.get("binary")).get("medianMillis"),
                ((Map<String, Object>) c.get("json")).get("medianMillis"));
    }
}
