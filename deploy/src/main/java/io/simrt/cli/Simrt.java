package io.simrt.cli;

import io.simrt.api.SimrtException;
import io.simrt.config.SettingsException;
import io.simrt.models.ParameterException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code simrt} command line. Exit status: 0 on success, 2 when the command line or the configuration is
 * misused (unknown flag or model, bad number, unwritable output path, an invalid {@code simrt.*} setting, missing
 * TLS stores), 1 when a run fails; errors are one line on stderr, never a
 * stack trace (set {@code SIMRT_DEBUG=1} to get one).
 */
@Command(
        name = "simrt",
        mixinStandardHelpOptions = true,
        versionProvider = Simrt.Version.class,
        description = "Simulation-based inference on a Pekko cluster: rejection ABC, ABC-SMC, SMC particle filters.",
        subcommands = {
            AbcCommand.class,
            AbcSmcCommand.class,
            ResumeCommand.class,
            RunsCommand.class,
            ModelsCommand.class,
            SmcCommand.class,
            EngineCommand.class,
            StatusCommand.class,
            CertsCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Simrt implements Callable<Integer> {
    /** Exit status for a misused command line. */
    public static final int USAGE = 2;
    /** Exit status for a run that failed. */
    public static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Plots are drawn off-screen: no display is needed, and none should be opened on a desktop. The JVM-wide
        // property is the application's to set, before anything touches AWT; a user's -Djava.awt.headless wins.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // Initialise logging before any actor system starts logging from other threads.
        LoggerFactory.getILoggerFactory();
        int status = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.out.flush();
        // Actor systems keep non-daemon threads: leave explicitly (commands close what they start first).
        System.exit(status);
    }

    /** Runs the command line with the given streams and returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, false);
    }

    /** As above; with {@code overwrite}, an option given twice takes its last value (simrt resume's overrides). */
    static int execute(String[] args, PrintWriter out, PrintWriter err, boolean overwrite) {
        Optional<String> badLevel = Logging.checkLevel(System.getenv("SIMRT_LOG_LEVEL"));
        if (badLevel.isPresent()) {
            err.println("simrt: " + badLevel.get());
            return USAGE;
        }
        CommandLine cl = new CommandLine(new Simrt());
        cl.setOverwrittenOptionsAllowed(overwrite);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            err.println(c.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage()) + suggestion(ex) + " (see "
                    + c.getCommandSpec().qualifiedName() + " --help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            String name = c.getCommandSpec().qualifiedName();
            if (System.getenv("SIMRT_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            if (ex instanceof UsageException || ex instanceof ParameterException || ex instanceof SettingsException) {
                err.println(name + ": " + oneLine(ex.getMessage()));
                return USAGE;
            }
            if (ex instanceof SimrtException) {
                err.println(name + ": failed: " + oneLine(ex.getMessage()));
                return FAILED;
            }
            err.println(name + ": failed: " + ex.getClass().getSimpleName() + ": " + oneLine(ex.getMessage())
                    + " (set SIMRT_DEBUG=1 for the stack trace)");
            return FAILED;
        });
        return cl.execute(args);
    }

    /** For a mistyped command or option, picocli's nearest names: {@code ": did you mean abc?"}; else empty. */
    private static String suggestion(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) {
            return "";
        }
        List<String> near = u.getSuggestions();
        if (near.isEmpty()) {
            return "";
        }
        return "; did you mean " + String.join(" or ", near.subList(0, Math.min(3, near.size()))) + "?";
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** {@code simrt} alone names no command: the usage goes to stderr and the status says misuse. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** Version from the jar manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Simrt.class.getPackage().getImplementationVersion();
            return new String[] {"simrt " + (v == null ? "dev" : v)};
        }
    }
}
