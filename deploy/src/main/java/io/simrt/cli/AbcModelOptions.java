package io.simrt.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which likelihood-free model {@code abc} and {@code abc-smc} run, and where its classes come from. */
final class AbcModelOptions {
    @Option(
            names = "--model",
            paramLabel = "NAME|CLASS",
            description = "Model: ma2, a name simrt models lists, or the class name of an "
                    + "io.simrt.models.abc.AbcDefinition (or AbcModel) with a public no-arg constructor. Default: ma2.")
    String model;

    @Option(
            names = "--model-file",
            paramLabel = "FILE.conf",
            description = "A model described in HOCON: parameters and priors, simulator, summaries, distance, "
                    + "observed data (docs/model-files.md).")
    Path modelFile;

    @Option(
            names = "--on-simulation-error",
            paramLabel = "fail|skip",
            description = "When the simulator throws: fail the run (naming the row) or skip the row and count it. "
                    + "Default: the model's own setting (fail).")
    String onSimulationError;

    @Mixin
    ModelJarOptions jars = new ModelJarOptions();

    /** Whether the model is one the command line builds itself (its observed data from --observed-seed). */
    boolean builtIn() {
        return modelFile == null && BuiltInAbcModels.has(given());
    }

    /** The model as the user gave it, for titles and the {@code "model"} JSON key. */
    String given() {
        if (modelFile != null) {
            return modelFile.toString();
        }
        return model != null ? model : "ma2";
    }
}
