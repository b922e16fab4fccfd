package io.simrt.cli;

import io.simrt.inference.store.RunInfo;
import io.simrt.inference.store.RunStatus;
import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreException;
import io.simrt.inference.store.StoreLocation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simrt resume RUN_ID}: goes on with a stored run whose coordinator died or was stopped. It runs the run's own
 * command line again, with its seed and store, so that the stored batches are merged instead of simulated and the run
 * ends with the answer it would have given uninterrupted. Options after the id change how it runs (the client, the
 * engines) or, for ABC-SMC, give more thresholds after its own.
 */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = "Go on with a stored run whose coordinator died or was stopped; its stored batches are not run"
                + " again, and it ends with the answer of the run never interrupted. Options after RUN_ID change the"
                + " client (--client, --engines, --seed-nodes, ...) or, for abc-smc, extend --thresholds.")
final class ResumeCommand implements Callable<Integer> {
    /** Options of the stored command that resume sets itself. */
    private static final Set<String> REPLACED = Set.of("--store", "--resume-run", "--seed");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id, or the start of it.")
    String id;

    @Mixin
    RunsStoreOption store = new RunsStoreOption();

    @CommandLine.Unmatched
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        StoreLocation location = store.location();
        RunInfo run;
        try (RunStore s = RunsStoreOption.openFor(location, id)) {
            run = s.find(id)
                    .orElseThrow(() -> new UsageException(
                            "no run '" + id + "' in " + location.display() + " (simrt runs list shows the runs)"));
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
        if (run.status() == RunStatus.DONE && overrides.stream().noneMatch(o -> o.startsWith("--thresholds"))) {
            throw new UsageException("run " + run.id() + " is done; nothing to resume (an abc-smc run may be given"
                    + " more rounds: simrt resume " + run.id() + " --thresholds ...)");
        }
        Set<String> replaced = new HashSet<>(REPLACED);
        for (String o : overrides) {
            if (o.startsWith("--")) {
                replaced.add(o.contains("=") ? o.substring(0, o.indexOf('=')) : o);
            }
        }
        List<String> argv = new ArrayList<>(without(run.command(), replaced));
        argv.addAll(List.of(
                "--seed",
                Long.toString(run.seed()),
                "--store",
                location.jdbcUrl().startsWith("jdbc:sqlite:")
                        ? location.jdbcUrl().substring("jdbc:sqlite:".length())
                        : location.jdbcUrl(),
                "--resume-run",
                run.id()));
        argv.addAll(overrides);
        spec.commandLine()
                .getErr()
                .println("simrt resume: run " + run.id() + " (" + run.kind() + ", started " + run.startedAt() + ", "
                        + run.status().id() + "): " + String.join(" ", run.command()));
        return Simrt.execute(
                argv.toArray(new String[0]),
                spec.commandLine().getOut(),
                spec.commandLine().getErr(),
                true);
    }

    /**
     * The stored command line without the options {@code names} (resume's own, and those given again after the id:
     * a list option such as --thresholds would otherwise add to the stored values). A token after such an option that
     * does not start with "--" is its value.
     */
    static List<String> without(List<String> command, Set<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            String a = command.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (names.contains(name)) {
                if (!a.contains("=")
                        && i + 1 < command.size()
                        && !command.get(i + 1).startsWith("--")) {
                    i++; // its value
                }
                continue;
            }
            out.add(a);
        }
        return out;
    }
}
