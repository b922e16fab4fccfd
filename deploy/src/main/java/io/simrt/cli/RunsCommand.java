package io.simrt.cli;

import picocli.CommandLine.Command;

/**
 * {@code simrt runs}: reads back the runs {@code abc} and {@code abc-smc} stored (docs/run-store.md): {@code list}
 * them, {@code show} one, {@code export} one's samples.
 */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = {
            "Read back the stored runs (docs/run-store.md):",
            "  simrt runs list                  the runs, newest first",
            "  simrt runs show RUN_ID           one run: settings, status, populations (--plot FILE.png)",
            "  simrt runs export RUN_ID         its samples with weights and distances, as CSV or JSON",
        },
        subcommands = {RunsListCommand.class, RunsShowCommand.class, RunsExportCommand.class})
final class RunsCommand implements Runnable {
    @Override
    public void run() {
        throw new UsageException("name what to do: list, show RUN_ID or export RUN_ID (see simrt runs --help)");
    }
}
