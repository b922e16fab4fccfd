package io.simrt.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simrt.api.NativeClient;
import io.simrt.examples.MatrixMultiplyExample.Matrix;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.view.Engines;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the parallel matrix multiply of {@code docs/multiplexer.md} and compares it with the local product. */
class MatrixMultiplyExampleTest {
    @Test
    void theParallelProductIsTheLocalProductExactly() {
        try (RuntimeClient client =
                        RuntimeClient.local(3, 1, ConfigFactory.parseString("pekko.actor.serialize-messages = on"));
                Engines engines = Engines.of(client)) {
            MatrixMultiplyExample.Products p = MatrixMultiplyExample.run(engines.all(), 42);
            assertEquals(16, p.a().rows());
            assertEquals(4, p.a().cols());
            assertTrue(
                    Arrays.stream(p.a().values()).allMatch(v -> v >= 1 && v <= 9 && v == Math.rint(v)),
                    "integers in [1, 10)");
            assertEquals(16, p.parallel().rows());
            assertEquals(16, p.parallel().cols());
            // integer-valued doubles far below 2^53: every sum is exact, so equality is exact
            assertArrayEquals(p.local().values(), p.parallel().values(), 0.0);
            assertTrue(p.same());

            // a subset of the engines gives the same product
            MatrixMultiplyExample.Products odd = MatrixMultiplyExample.run(engines.slice(1, 3, 2), 42);
            assertArrayEquals(p.parallel().values(), odd.parallel().values(), 0.0);
        }
    }

    @Test
    void theSerialFallbackGivesTheSameProduct() {
        try (Engines engines = Engines.of(NativeClient.create())) {
            MatrixMultiplyExample.Products p = MatrixMultiplyExample.run(engines.all(), 42);
            assertArrayEquals(p.local().values(), p.parallel().values(), 0.0);
        }
    }

    @Test
    void theLocalProductIsRight() {
        Matrix a = new Matrix(2, 3, new double[] {1, 2, 3, 4, 5, 6});
        Matrix b = new Matrix(3, 2, new double[] {7, 8, 9, 10, 11, 12});
        assertArrayEquals(new double[] {58, 64, 139, 154}, a.times(b).values(), 0.0);
        assertEquals(List.of(4.0, 5.0, 6.0), Arrays.stream(a.row(1)).boxed().toList());
    }
}
