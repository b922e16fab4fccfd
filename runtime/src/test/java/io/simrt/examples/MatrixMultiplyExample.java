package io.simrt.examples;

import io.simrt.api.EngineContext;
import io.simrt.api.Task;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import io.simrt.runtime.view.DirectView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The notebook's exercise "Parallel Matrix Multiply": scatter the rows of A, push B, let every engine multiply its
 * rows, gather the rows of the product. Shown in {@code docs/multiplexer.md}.
 */
public final class MatrixMultiplyExample {
    private MatrixMultiplyExample() {}

    // tag::matrix[]
    /**
     * A dense matrix, flat and row-major: element (i, j) is {@code values[i * cols + j]}. The array is copied in and
     * out, so a matrix never changes.
     */
    public record Matrix(int rows, int cols, double[] values) {
        public Matrix {
            if (rows < 0 || cols < 0 || values.length != rows * cols) {
                throw new IllegalArgumentException(
                        rows + " x " + cols + " needs " + rows * cols + " values, not " + values.length);
            }
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        /** Row {@code i}, a copy. */
        public double[] row(int i) {
            return Arrays.copyOfRange(values, i * cols, (i + 1) * cols);
        }

        /** The rows, each a copy: what {@code scatter} cuts. */
        public List<double[]> rowList() {
            List<double[]> out = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                out.add(row(i));
            }
            return out;
        }

        /** The matrix whose rows these are (all of length {@code cols}). */
        public static Matrix ofRows(List<double[]> rows, int cols) {
            double[] v = new double[rows.size() * cols];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, v, i * cols, cols);
            }
            return new Matrix(rows.size(), cols, v);
        }

        /** {@code row * this}: a row vector of length {@code cols}; its length must be {@code rows}. */
        public double[] leftMultiply(double[] row) {
            double[] out = new double[cols];
            for (int k = 0; k < rows; k++) {
                double a = row[k];
                for (int j = 0; j < cols; j++) {
                    out[j] += a * values[k * cols + j];
                }
            }
            return out;
        }

        /** The product {@code this * other}, computed here (the reference). */
        public Matrix times(Matrix other) {
            List<double[]> out = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                out.add(other.leftMultiply(row(i)));
            }
            return ofRows(out, other.cols);
        }

        /** Integers drawn uniformly from {@code [low, high)} (the notebook's {@code np.random.randint}). */
        public static Matrix randomIntegers(RandomStream rng, int rows, int cols, int low, int high) {
            double[] v = new double[rows * cols];
            for (int i = 0; i < v.length; i++) {
                v[i] = low + rng.nextInt(high - low);
            }
            return new Matrix(rows, cols, v);
        }
    }
    // end::matrix[]

    // tag::task[]
    /** On an engine: {@code C = A.dot(B)} for the rows of A it holds, as rows. */
    public record MultiplyRows(String a, String b, String c) implements Task<Void> {
        @Override
        public Void run(EngineContext engine) {
            @SuppressWarnings("unchecked")
            List<double[]> rows = (List<double[]>) engine.namespace().get(a);
            Matrix right = (Matrix) engine.namespace().get(b);
            List<double[]> product = new ArrayList<>(rows.size());
            for (double[] row : rows) {
                product.add(right.leftMultiply(row));
            }
            engine.namespace().put(c, product);
            return null;
        }
    }
    // end::task[]

    // tag::pdot[]
    /** {@code a * b} on the engines of {@code view}: the notebook's {@code pdot(view, A, B)}. */
    static Matrix pdot(DirectView view, Matrix a, Matrix b) {
        view.push(Map.of("B", b)); // view['B'] = B
        view.scatter("A", a.rowList()); // contiguous blocks of rows, one per engine
        view.execute(new MultiplyRows("A", "B", "C")); // C = A.dot(B), everywhere
        @SuppressWarnings("unchecked")
        List<double[]> rows = (List<double[]>) view.gather("C");
        return Matrix.ofRows(rows, b.cols());
    }
    // end::pdot[]

    /** The pair of the exercise and both products. */
    record Products(Matrix a, Matrix b, Matrix parallel, Matrix local, boolean same) {}

    static Products run(DirectView view, long seed) {
        // tag::run[]
        RandomStream rng = RandomStreams.of(RngFamily.FAST, seed).root();
        Matrix a = Matrix.randomIntegers(rng, 16, 4, 1, 10); // np.random.randint(1, 10, (16, 4))
        Matrix b = Matrix.randomIntegers(rng, 4, 16, 1, 10);
        Matrix c = pdot(view, a, b);
        Matrix reference = a.times(b); // C_ref = A.dot(B)
        boolean same = Arrays.equals(c.values(), reference.values()); // (C1 == C_ref).all(): true
        // end::run[]
        return new Products(a, b, c, reference, same);
    }
}
