package io.simrt.cli;

import picocli.CommandLine.Option;

/** {@code --dashboard [PORT]}: the coordinator's web dashboard and /metrics for the run (docs/dashboard.md). */
final class DashboardOptions {
    /** What {@code --dashboard} without a port means: the configured port. */
    static final int CONFIGURED = -1;

    @Option(
            names = "--dashboard",
            arity = "0..1",
            paramLabel = "PORT",
            fallbackValue = "" + CONFIGURED,
            description = "Serve a live web dashboard of the cluster and the run, and Prometheus metrics at "
                    + "/metrics, on this port of the coordinator's host (0: a free one; without PORT: "
                    + "simrt.dashboard.port, SIMRT_DASHBOARD_PORT, default a free one). The URL is printed on "
                    + "stderr. Read-only; see docs/dashboard.md.")
    Integer port;
}
