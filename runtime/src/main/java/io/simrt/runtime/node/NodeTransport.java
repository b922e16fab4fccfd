package io.simrt.runtime.node;

import com.typesafe.config.Config;
import io.simrt.config.SimrtSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a cluster node's Artery transport is protected, decided before the node starts and said in its log.
 *
 * <ul>
 *   <li>TLS ({@code tls-tcp}, the default of the profiles cluster and kubernetes): the stores are opened and checked
 *       by {@link TlsSettings#from}, and one INFO line names the certificate and when it expires.
 *   <li>Plain TCP: a WARN line at every start, saying what is exposed and how to turn TLS on, when the plaintext
 *       profile was asked for or when the port is bound to an address other hosts can reach. Pekko 1.7.0's TCP
 *       framing does not bound the frame length: nine bytes from anyone who reaches the port start a decode loop
 *       that never ends (apache/pekko #3492). Bound to loopback, as the single-host default is, only this host can
 *       send them, and nothing is said.
 * </ul>
 */
public final class NodeTransport {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTransport.class);
    private static final String ARTERY = "pekko.remote.artery";

    private NodeTransport() {}

    /**
     * Checks and logs the transport of a cluster node with {@code config}.
     *
     * @return its TLS settings; empty on plain TCP (or a TLS engine provider other than Pekko's own)
     * @throws io.simrt.config.SettingsException when its TLS stores are missing or cannot be used
     */
    public static Optional<TlsSettings> check(Config config) {
        Optional<TlsSettings> tls = TlsSettings.from(config);
        if (tls.isPresent()) {
            LOG.info(tls.get().describe());
        } else {
            plainTcpWarning(config).ifPresent(LOG::warn);
        }
        return tls;
    }

    /**
     * The warning a cluster node with {@code config} logs at start: present when Artery runs on plain TCP and either
     * the profile {@code plaintext} is named or the port is bound to an address that is not loopback.
     */
    public static Optional<String> plainTcpWarning(Config config) {
        if (!"tcp".equals(config.getString(ARTERY + ".transport"))) {
            return Optional.empty();
        }
        List<String> profiles = SimrtSettings.profiles(config.getString("simrt.profile"));
        String bind = config.getString(ARTERY + ".bind.hostname");
        if (bind.isBlank()) {
            bind = config.getString(ARTERY + ".canonical.hostname");
        }
        String port = config.getString(ARTERY + ".bind.port");
        if (port.isBlank()) {
            port = config.getString(ARTERY + ".canonical.port");
        }
        boolean optedOut = profiles.contains("plaintext");
        boolean loopback = isLoopback(bind);
        if (!optedOut && loopback) {
            return Optional.empty();
        }
        String where = bind + ":" + ("0".equals(port) ? "<free port>" : port);
        String why = optedOut
                ? "the profile plaintext (simrt.profile = \"" + config.getString("simrt.profile") + "\")"
                : "profile " + String.join(",", profiles) + " with a non-loopback address";
        String exposure = loopback
                ? "anything on this host that reaches the port"
                : "any host that reaches the port (" + (isWildcard(bind) ? "every interface" : bind) + ")";
        String turnOn = optedOut
                ? "drop plaintext from SIMRT_PROFILE"
                : "use SIMRT_PROFILE=cluster (or kubernetes), whose default is TLS";
        return Optional.of("Artery runs on plain TCP at " + where + ", by " + why + ": no encryption and no "
                + "authentication. " + capitalized(exposure) + " can join the cluster, read what crosses it, and take "
                + "this node down with nine bytes (an endless decode loop in Pekko 1.7.0, apache/pekko #3492). To turn "
                + "TLS on, " + turnOn + " and give every node a certificate: simrt certs init, then simrt certs node "
                + "NAME (docs/tls.md).");
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** Whether {@code host} names a loopback address; a name that does not resolve counts as reachable. */
    private static boolean isLoopback(String host) {
        try {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
