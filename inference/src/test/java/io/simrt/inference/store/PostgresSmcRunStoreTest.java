package io.simrt.inference.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** {@link SmcRunStoreTest} on a real PostgreSQL server ({@link PostgresServer}), a new database per test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSmcRunStoreTest extends SmcRunStoreTest {
    private PostgresServer server;
    private int databases;
    private StoreLocation current;

    @BeforeAll
    void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void newDatabase() throws Exception {
        current = StoreLocation.parse(server.newDatabase("smc" + (++databases)));
    }

    @Override
    StoreLocation store() {
        return current;
    }
}
