package io.simrt.runtime.observe;

import com.typesafe.config.Config;
import io.simrt.config.SettingsException;
import java.time.Duration;

/**
 * {@code simrt.dashboard}: whether an engine node serves the dashboard, on which port and address, and how often the
 * page gets a new state.
 *
 * @param bindHostname the address to listen on; empty: the node's own host
 */
public record DashboardSettings(boolean enabled, int port, String bindHostname, Duration interval) {

    /** The settings in {@code config}. */
    public static DashboardSettings from(Config config) {
        int port = config.getInt("simrt.dashboard.port");
        if (port < 0 || port > 65535) {
            throw new SettingsException("simrt.dashboard.port = " + port + ": must lie in 0..65535");
        }
        Duration interval = config.getDuration("simrt.dashboard.interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new SettingsException("simrt.dashboard.interval = " + interval + ": must be > 0");
        }
        return new DashboardSettings(
                config.getBoolean("simrt.dashboard.enabled"),
                port,
                config.getString("simrt.dashboard.bind-hostname"),
                interval);
    }

    /** The same with another port. */
    public DashboardSettings withPort(int p) {
        return new DashboardSettings(enabled, p, bindHostname, interval);
    }
}
