package io.simrt.cli;

import io.simrt.inference.abc.Progress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr (me.tongfei progressbar) for runs that take longer than about a second. It stays
 * silent with {@code --no-progress}, when stderr is not a terminal, and for the first second of a run, so short
 * runs and pipelines print nothing extra.
 */
final class ProgressReporter implements Progress, AutoCloseable {
    private static final long DELAY_NANOS = 1_000_000_000L;

    private final boolean enabled;
    private final String task;
    private final String unit;
    private final PrintStream err;
    private final long delayNanos;
    private final long start = System.nanoTime();
    private ProgressBar bar;

    /**
     * @param delayNanos how long into the run the bar appears (if the run is not done by then)
     */
    ProgressReporter(boolean enabled, String task, String unit, PrintStream err, long delayNanos) {
        this.enabled = enabled;
        this.task = task;
        this.unit = unit;
        this.err = err;
        this.delayNanos = delayNanos;
    }

    static ProgressReporter create(boolean wanted, String task, String unit, PrintStream err) {
        return new ProgressReporter(wanted && stderrIsTerminal(), task, unit, err, DELAY_NANOS);
    }

    /** Linux: fd 2 is a tty or pseudo-terminal; elsewhere: a console is attached. */
    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.exists(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (Exception e) {
            return false;
        }
        return System.console() != null;
    }

    @Override
    public void batches(long done, long total) {
        if (!enabled) {
            return;
        }
        if (bar == null) {
            long elapsed = System.nanoTime() - start;
            if (elapsed < delayNanos || done >= total) {
                return;
            }
            // The bar's clock starts when it is built, a second or more into the run: it is told the time already
            // gone. It redraws only when the count moves unless updated continuously, and a run of few long
            // batches left its timer standing (at 0:00:00 until the second batch).
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setUnit(" " + unit, 1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .startsFrom(0, Duration.ofNanos(elapsed))
                    .continuousUpdate()
                    .setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .build();
        }
        bar.maxHint(total);
        bar.stepTo(done);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
