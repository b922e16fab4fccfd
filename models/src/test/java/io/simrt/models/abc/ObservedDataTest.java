package io.simrt.models.abc;

import static io.simrt.models.abc.PriorsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservedDataTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void valuesAreCopied() {
        double[] y = {1, 2};
        ObservedData d = ObservedData.of(y);
        y[0] = 9;
        assertArrayEquals(new double[] {1, 2}, d.values());
        assertMessage(() -> ObservedData.of(), "no observed values");
        assertMessage(() -> ObservedData.of(1, Double.NaN), "observed data[1] = NaN", "finite");
    }

    @Test
    void csvOfOneColumnWithOptionalHeader() throws IOException {
        assertArrayEquals(
                new double[] {0.5, -1, 2.5e-3, 4},
                ObservedData.csv(file("a.csv", "y\n0.5\n-1\n\n2.5e-3\n+4\n")).values());
        assertArrayEquals(
                new double[] {1, 2},
                ObservedData.csv(file("b.csv", "1\r\n2\r\n")).values());
    }

    @Test
    void csvOfTheWrongShapeNamesFileRowAndExpectation() throws IOException {
        Path twoColumns = file("two.csv", "y\n1\n2,3\n");
        assertMessage(
                () -> ObservedData.csv(twoColumns).values(),
                twoColumns.toString(),
                "row 3",
                "2 columns",
                "expected one column");
        Path text = file("text.csv", "1\nabc\n");
        assertMessage(() -> ObservedData.csv(text).values(), "row 2", "'abc' is not a number", "one number per row");
        Path empty = file("empty.csv", "y\n");
        assertMessage(() -> ObservedData.csv(empty).values(), empty.toString(), "no observed values");
        Path missing = dir.resolve("missing.csv");
        assertMessage(() -> ObservedData.csv(missing).values(), missing.toString(), "cannot be read");
    }

    @Test
    void jsonOfOneFlatArray() throws IOException {
        assertArrayEquals(
                new double[] {0.5, -1, 0.0025, 4},
                ObservedData.json(file("a.json", " [0.5, -1,\n 2.5e-3, 4]\n")).values());
    }

    @Test
    void jsonOfTheWrongShapeNamesFileElementAndExpectation() throws IOException {
        Path nested = file("nested.json", "[[1, 2], [3, 4]]");
        assertMessage(
                () -> ObservedData.json(nested).values(),
                nested.toString(),
                "element 1",
                "an array",
                "expected one flat JSON array of numbers");
        Path object = file("object.json", "{\"y\": [1, 2]}");
        assertMessage(() -> ObservedData.json(object).values(), object.toString(), "found an object");
        Path text = file("text.json", "[1, \"two\", 3]");
        assertMessage(() -> ObservedData.json(text).values(), "element 2", "'\"two\"' is not a number");
        Path nan = file("nan.json", "[1, NaN]");
        assertMessage(() -> ObservedData.json(nan).values(), "element 2", "'NaN' is not a number");
        Path empty = file("empty.json", "[]");
        assertMessage(() -> ObservedData.json(empty).values(), "no observed values");
    }

    /** The file is read when the model is built, not when the builder is given it. */
    @Test
    void theBuilderReadsTheFileAtBuild() throws IOException {
        Path f = dir.resolve("late.csv");
        AbcBuilder b = AbcModels.builder("late")
                .parameter("m", Priors.normal(0, 1))
                .simulator((theta, rng) -> new double[] {theta[0]})
                .summary("x", x -> x[0])
                .observed(ObservedData.csv(f));
        file("late.csv", "0.25\n");
        b.build();
        file("late.csv", "0.25,1\n");
        assertMessage(b::build, "late.csv, row 1", "2 columns");
    }
}
