package io.simrt.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Tensor3Test {

    private static Tensor3 iota(int d0, int d1, int d2) {
        double[] v = new double[d0 * d1 * d2];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor3.of(d0, d1, d2, v);
    }

    @Test
    void rowMajorIndexing() {
        Tensor3 t = iota(2, 3, 4);
        assertEquals((1 * 3 + 2) * 4 + 3, t.get(1, 2, 3));
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0, 0));
    }

    @Test
    void sliceThenConcatRestoresEveryAxisForUnevenSplits() {
        Tensor3 t = iota(2, 9, 5);
        for (int axis = 0; axis < 3; axis++) {
            int n = t.dim(axis);
            List<Tensor3> parts = new ArrayList<>();
            // uneven parts: 1, 2, rest
            int[] cuts = {0, Math.min(1, n), Math.min(3, n), n};
            for (int p = 0; p + 1 < cuts.length; p++) {
                parts.add(t.slice(axis, cuts[p], cuts[p + 1]));
            }
            assertEquals(t, Tensor3.concat(axis, parts), "axis " + axis);
        }
    }

    @Test
    void concatAlongModelsKeepsOutcomeAndExperimentAxes() {
        // QInfer's DVPM joined simulation shards on axis 0; the right axis for models is 1.
        Tensor3 a = Tensor3.of(2, 1, 2, 1, 2, 3, 4);
        Tensor3 b = Tensor3.of(2, 2, 2, 5, 6, 7, 8, 9, 10, 11, 12);
        Tensor3 joined = Tensor3.concat(1, List.of(a, b));
        assertArrayEquals(new int[] {2, 3, 2}, joined.shape());
        assertArrayEquals(new double[] {1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12}, joined.toArray());
    }

    @Test
    void concatRejectsMismatchedShapes() {
        Tensor3 a = iota(2, 3, 4);
        Tensor3 b = iota(2, 3, 5);
        ParameterException e = assertThrows(ParameterException.class, () -> Tensor3.concat(1, List.of(a, b)));
        assertTrue(e.getMessage().contains("axis 2 differs"), e.getMessage());
        assertThrows(ParameterException.class, () -> Tensor3.concat(0, List.of()));
    }

    @Test
    void rejectsDataOfTheWrongLength() {
        ParameterException e = assertThrows(ParameterException.class, () -> Tensor3.of(2, 2, 2, 1, 2, 3));
        assertTrue(e.getMessage().contains("needs 8 values, got 3"), e.getMessage());
    }

    @Test
    void ofCopiesItsInput() {
        double[] v = {1, 2};
        Tensor3 t = Tensor3.of(1, 1, 2, v);
        v[0] = 99;
        assertEquals(1, t.get(0, 0, 0));
        t.toArray()[1] = 99;
        assertEquals(2, t.get(0, 0, 1));
    }
}
