package io.simrt.inference.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simrt.models.ParameterException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleTest {

    @Test
    void equalWeightQuantileIsTheCeilAlphaNthValue() {
        // ELFI: cum weights 0.1, 0.2, ..., 1.0; first index with cum >= alpha
        double[] x = {5, 3, 9, 1, 7, 2, 8, 4, 10, 6};
        Sample s = Sample.of(List.of("x"), 10, x);
        assertEquals(1, s.quantile(0, 0.025));
        assertEquals(1, s.quantile(0, 0.1));
        assertEquals(2, s.quantile(0, 0.11));
        assertEquals(5, s.quantile(0, 0.5));
        assertEquals(10, s.quantile(0, 0.975));
        assertEquals(10, s.quantile(0, 1.0));
        assertEquals(1, s.quantile(0, 0.0));
    }

    @Test
    void weightedMeansAndQuantiles() {
        Sample s = Sample.weighted(List.of("a", "b"), 3, new double[] {1, 10, 2, 20, 3, 30}, new double[] {1, 0, 3});
        assertArrayEquals(new double[] {2.5, 25}, s.means(), 1e-15);
        // sorted a: 1 (w .25), 2 (w 0), 3 (w .75): cum .25, .25, 1.0
        assertEquals(1, s.quantile(0, 0.25));
        assertEquals(3, s.quantile(0, 0.26));
        // population covariance with weights: var(a) = .25*(1-2.5)^2 + .75*(3-2.5)^2 = 0.75
        assertEquals(0.75, s.covariance()[0], 1e-12);
        assertEquals(7.5, s.covariance()[1], 1e-12);
        assertEquals(75, s.covariance()[3], 1e-12);
    }

    @Test
    void badSamplesAreRejected() {
        assertThrows(ParameterException.class, () -> Sample.of(List.of("a"), 2, new double[] {1}));
        assertThrows(ParameterException.class, () -> Sample.of(List.of(), 0, new double[0]));
        assertThrows(
                ParameterException.class,
                () -> Sample.weighted(List.of("a"), 2, new double[] {1, 2}, new double[] {1, -1}));
        assertThrows(
                ParameterException.class,
                () -> Sample.weighted(List.of("a"), 2, new double[] {1, 2}, new double[] {0, 0}));
        assertThrows(
                ParameterException.class,
                () -> Sample.of(List.of("a"), 0, new double[0]).quantile(0, 0.5));
        assertThrows(
                ParameterException.class,
                () -> Sample.of(List.of("a"), 1, new double[] {1}).quantile(0, 2));
    }
}
