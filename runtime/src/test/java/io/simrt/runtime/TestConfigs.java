package io.simrt.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Configuration the runtime tests run with. */
public final class TestConfigs {
    private TestConfigs() {}

    /**
     * Every message that could cross nodes is serialized even between local actors; failures are detected within
     * a few seconds on loopback.
     */
    public static Config base() {
        return ConfigFactory.parseString("""
                pekko.actor.serialize-messages = on
                pekko.cluster.split-brain-resolver.stable-after = 2s
                pekko.cluster.failure-detector.acceptable-heartbeat-pause = 2s
                pekko.cluster.failure-detector.heartbeat-interval = 300ms
                pekko.cluster.gossip-interval = 200ms
                pekko.cluster.leader-actions-interval = 200ms
                pekko.remote.artery.advanced.outbound-restart-backoff = 200ms
                simrt.coordinator.claim-timeout = 3s
                simrt.coordinator.request-timeout = 60s
                simrt.cluster.join-timeout = 30s
                """);
    }

    public static Config with(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(base());
    }
}
