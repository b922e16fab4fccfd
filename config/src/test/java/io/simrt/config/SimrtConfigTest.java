package io.simrt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One order of configuration layers, each tried by setting the same key in it and in every layer below. */
class SimrtConfigTest {
    private static final String KEY = "simrt.engine.per-node";

    private static Config layer(int value) {
        return ConfigFactory.parseString(KEY + " = " + value);
    }

    /** The value of KEY with the layers from {@code top} (1: system properties) down to 6 (reference) set. */
    private static int winner(int top) {
        Config reference = layer(6).withFallback(ConfigFactory.defaultReference());
        Config config = SimrtConfig.layered(
                top <= 1 ? layer(1) : ConfigFactory.empty(),
                top <= 2 ? Map.of("SIMRT_ENGINES", "2") : Map.of(),
                top <= 3 ? layer(3) : ConfigFactory.empty(),
                top <= 4 ? layer(4) : ConfigFactory.empty(),
                top <= 5 ? layer(5) : ConfigFactory.empty(),
                reference);
        return SimrtSettings.from(config.resolve(), Map.of("SIMRT_ENGINES", "2")::get)
                .engine()
                .perNode();
    }

    @Test
    void systemPropertiesThenEnvironmentThenApplicationThenProfileThenNodeThenReference() {
        for (int top = 1; top <= 6; top++) {
            assertEquals(top, winner(top), "with layers " + top + " to 6 set");
        }
    }

    @Test
    void theEnvironmentLayerHoldsOnlyVariablesThatAreSet() {
        Config env = SimrtConfig.environment(Map.of("SIMRT_HOST", "10.0.0.7", "SIMRT_PORT", " ", "PATH", "/bin"));
        assertEquals("10.0.0.7", env.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(1, env.entrySet().size(), env.toString());
        assertTrue(env.getValue("pekko.remote.artery.canonical.hostname")
                .origin()
                .description()
                .contains("environment variable SIMRT_HOST"));
    }

    @Test
    void everyVariableTheFilesReadIsInTheEnvironmentLayer() throws IOException {
        // the files read SIMRT_* variables through ${?VAR}; the layer must carry each, so that it outranks
        // application.conf whichever file reads it
        List<Path> files = new ArrayList<>(List.of(Path.of("src/main/resources/reference.conf")));
        try (Stream<Path> runtime = Files.list(Path.of("../runtime/src/main/resources"))) {
            runtime.filter(f -> f.toString().endsWith(".conf")).forEach(files::add);
        }
        Pattern read = Pattern.compile("\\$\\{\\?(SIMRT_[A-Z_]+)}");
        int seen = 0;
        for (Path f : files) {
            Matcher m = read.matcher(Files.readString(f));
            while (m.find()) {
                seen++;
                assertTrue(SimrtConfig.ENVIRONMENT.containsValue(m.group(1)), m.group(1) + " read by " + f);
            }
        }
        assertTrue(seen > 10, "found only " + seen + " variables in " + files);
    }
}
