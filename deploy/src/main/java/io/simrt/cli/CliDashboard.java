package io.simrt.cli;

import com.typesafe.config.ConfigFactory;
import io.simrt.api.Client;
import io.simrt.config.SettingsException;
import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.abc.Progress;
import io.simrt.inference.smc.SmcJournal;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.metrics.NodeMetrics;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import io.simrt.runtime.observe.Dashboard;
import io.simrt.runtime.observe.DashboardSettings;
import io.simrt.runtime.observe.RunBoard;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The dashboard of one command's run ({@code --dashboard}): served by the client's own node (a node of its own for
 * {@code --client native}), fed by the run's progress and journal. Without {@code --dashboard} it passes both through
 * untouched and costs nothing.
 */
final class CliDashboard implements AutoCloseable {
    private final Optional<Dashboard> dashboard;
    private final Optional<SimrtNode> ownNode;

    private CliDashboard(Optional<Dashboard> dashboard, Optional<SimrtNode> ownNode) {
        this.dashboard = dashboard;
        this.ownNode = ownNode;
    }

    /** Starts the dashboard if {@code options} ask for it, and prints its URL on the command's stderr. */
    static CliDashboard start(DashboardOptions options, Client client, CommandSpec spec) {
        if (options.port == null) {
            return new CliDashboard(Optional.empty(), Optional.empty());
        }
        if (options.port < DashboardOptions.CONFIGURED || options.port > 65535) {
            throw new UsageException("--dashboard PORT must lie in 0..65535, got " + options.port);
        }
        Optional<SimrtNode> own = client instanceof RuntimeClient
                ? Optional.empty()
                : Optional.of(SimrtNode.start(NodeSpec.standalone(0), ConfigFactory.empty()));
        var system = client instanceof RuntimeClient rc ? rc.home() : own.get().system();
        try {
            DashboardSettings settings;
            try {
                settings = DashboardSettings.from(system.settings().config());
            } catch (SettingsException e) {
                throw new UsageException(e.getMessage());
            }
            if (options.port != DashboardOptions.CONFIGURED) {
                settings = settings.withPort(options.port);
            }
            String host = !settings.bindHostname().isBlank()
                    ? settings.bindHostname()
                    : system.address().host().isDefined()
                            ? system.address().host().get()
                            : "127.0.0.1";
            NodeMetrics metrics = NodeMetrics.get(system);
            Dashboard d = Dashboard.start(system, settings, host, new RunBoard(metrics::simulated));
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": dashboard at " + d.url() + " (metrics at " + d.url() + "metrics)");
            err.flush();
            return new CliDashboard(Optional.of(d), own);
        } catch (RuntimeException e) {
            own.ifPresent(SimrtNode::close);
            throw e;
        }
    }

    /** A run begins: the board shows it from now on. */
    void begin(String kind, String model, List<String> parameterNames) {
        dashboard.ifPresent(d -> d.board().begin(kind, model, parameterNames));
    }

    /** The run ended; the board shows it until the command exits. */
    void finished(boolean ok) {
        dashboard.ifPresent(d -> d.board().finished(ok));
    }

    Progress progress(Progress inner) {
        if (dashboard.isEmpty()) {
            return inner;
        }
        RunBoard board = dashboard.get().board();
        return (done, total) -> {
            inner.batches(done, total);
            board.batches(done, total);
        };
    }

    BatchJournal journal(BatchJournal inner) {
        return dashboard
                .<BatchJournal>map(d -> new BoardJournal(inner, d.board()))
                .orElse(inner);
    }

    /** @param experiments the run's updates in all (its last one's particles are always shown) */
    SmcJournal smcJournal(SmcJournal inner, int experiments) {
        return dashboard
                .<SmcJournal>map(d -> new BoardSmcJournal(inner, d.board(), experiments))
                .orElse(inner);
    }

    @Override
    public void close() {
        dashboard.ifPresent(Dashboard::close);
        ownNode.ifPresent(SimrtNode::close);
    }
}
