package io.simrt.runtime.testmodels;

import io.simrt.models.ModelSpec;
import io.simrt.models.abc.AbcModel;
import java.util.List;

/**
 * A spec that would start {@code command} on the engine (as a model file's external simulator does); building it
 * only says that it was built, so a test sees whether the engine got that far.
 */
public record CommandSpec(List<String> command) implements ModelSpec<AbcModel> {
    public static final String BUILT = "CommandSpec was built";

    @Override
    public List<String> commands() {
        return command;
    }

    @Override
    public AbcModel build() {
        throw new IllegalStateException(BUILT);
    }
}
