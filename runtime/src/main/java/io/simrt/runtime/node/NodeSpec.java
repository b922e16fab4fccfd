package io.simrt.runtime.node;

import io.simrt.config.HostPort;
import io.simrt.models.ParameterException;
import java.util.List;

/**
 * How to start one simrt node.
 *
 * @param engines   engine actors on this node (0: none, a coordinator-only node)
 * @param clustered whether the node is a cluster member (remoting on); a single local node need not be
 * @param host      canonical hostname to bind and advertise
 * @param port      port, 0 for a free one
 * @param seedNodes seeds to join at start; empty: the caller joins programmatically (or the node is local)
 * @param roles     cluster roles ({@code engine}, {@code coordinator})
 */
public record NodeSpec(
        int engines, boolean clustered, String host, int port, List<HostPort> seedNodes, List<String> roles) {
    public NodeSpec {
        if (engines < 0) {
            throw ParameterException.of("engines", engines, "must be >= 0");
        }
        seedNodes = List.copyOf(seedNodes);
        roles = List.copyOf(roles);
    }

    /** A node that is not a cluster member: engines and coordinator in one ActorSystem, no network. */
    public static NodeSpec standalone(int engines) {
        return new NodeSpec(engines, false, "127.0.0.1", 0, List.of(), List.of("engine", "coordinator"));
    }

    /** A cluster member on loopback with a free port, joined programmatically. */
    public static NodeSpec loopback(int engines) {
        return new NodeSpec(
                engines,
                true,
                "127.0.0.1",
                0,
                List.of(),
                engines > 0 ? List.of("engine", "coordinator") : List.of("coordinator"));
    }
}
