package io.simrt.runtime;

import com.typesafe.config.ConfigFactory;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.view.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the API tests that share one local client for the whole class: {@code n} engines in one node, every
 * message serialized as if it crossed nodes ({@code pekko.actor.serialize-messages = on}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OnLocalEngines {
    private final int engineCount;
    protected RuntimeClient client;
    protected Engines engines;

    protected OnLocalEngines(int engineCount) {
        this.engineCount = engineCount;
    }

    @BeforeAll
    void startEngines() {
        client = RuntimeClient.local(engineCount, 1, ConfigFactory.parseString("pekko.actor.serialize-messages = on"));
        engines = Engines.of(client);
    }

    @AfterAll
    void stopEngines() {
        engines.close();
        client.close();
    }
}
