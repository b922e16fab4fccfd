package io.simrt.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The package graph as the README's module table draws it: every import points down the layers, no package cycle, and Pekko (with
 * Scala and Typesafe Config) stays out of the models, the API and the inference algorithms. Main code of every module
 * the command line is built from; tests are free to reach across.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureTest {
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

    private JavaClasses main;

    @BeforeAll
    void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the runtime's test-jar (its test helpers, on this module's test class path) is tests too
                .withImportOption(location -> !location.matches(TEST_JAR))
                .importPackages("io.simrt");
    }

    @Test
    void theRulesSeeTheMainCodeOfEveryModule() {
        for (String pkg : List.of(
                "io.simrt.models",
                "io.simrt.config",
                "io.simrt.api",
                "io.simrt.runtime.metrics",
                "io.simrt.runtime.protocol",
                "io.simrt.runtime.code",
                "io.simrt.runtime.engine",
                "io.simrt.runtime.coordinator",
                "io.simrt.runtime.node",
                "io.simrt.runtime.observe",
                "io.simrt.runtime.client",
                "io.simrt.runtime.model",
                "io.simrt.runtime.view",
                "io.simrt.inference.abc",
                "io.simrt.cli")) {
            assertTrue(main.containPackage(pkg), "no main classes of " + pkg + " were imported");
        }
        assertTrue(main.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")), "tests are left out");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.simrt.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void importsPointDownTheLayers() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("models")
                .definedBy("io.simrt.models..")
                .layer("config")
                .definedBy("io.simrt.config..")
                .layer("api")
                .definedBy("io.simrt.api..")
                .layer("metrics")
                .definedBy("io.simrt.runtime.metrics..")
                .layer("protocol")
                .definedBy("io.simrt.runtime.protocol..")
                .layer("code")
                .definedBy("io.simrt.runtime.code..")
                .layer("engine")
                .definedBy("io.simrt.runtime.engine..")
                .layer("coordinator")
                .definedBy("io.simrt.runtime.coordinator..")
                .layer("node")
                .definedBy("io.simrt.runtime.node..")
                .layer("observe")
                .definedBy("io.simrt.runtime.observe..")
                .layer("client")
                .definedBy("io.simrt.runtime.client..")
                .layer("parallel model")
                .definedBy("io.simrt.runtime.model..")
                .layer("views")
                .definedBy("io.simrt.runtime.view..")
                .layer("inference")
                .definedBy("io.simrt.inference..")
                .layer("cli")
                .definedBy("io.simrt.cli..")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("inference")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("views")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("parallel model")
                .mayOnlyBeAccessedByLayers("views", "cli")
                .whereLayer("client")
                .mayOnlyBeAccessedByLayers("parallel model", "views", "cli")
                .whereLayer("observe")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("node")
                .mayOnlyBeAccessedByLayers("observe", "client", "parallel model", "views", "cli")
                .whereLayer("coordinator")
                .mayOnlyBeAccessedByLayers("node", "observe", "client", "parallel model", "views", "cli")
                .whereLayer("engine")
                .mayOnlyBeAccessedByLayers("coordinator", "node", "observe", "client", "parallel model", "views", "cli")
                .whereLayer("code")
                .mayOnlyBeAccessedByLayers("engine", "coordinator", "node", "client", "parallel model", "views", "cli")
                .whereLayer("protocol")
                .mayOnlyBeAccessedByLayers(
                        "code", "engine", "coordinator", "node", "client", "parallel model", "views", "cli")
                .whereLayer("api")
                .mayOnlyBeAccessedByLayers(
                        "protocol",
                        "engine",
                        "coordinator",
                        "node",
                        "client",
                        "parallel model",
                        "views",
                        "inference",
                        "cli")
                .whereLayer("metrics")
                .mayOnlyBeAccessedByLayers(
                        "protocol",
                        "engine",
                        "coordinator",
                        "node",
                        "observe",
                        "client",
                        "parallel model",
                        "views",
                        "cli")
                .whereLayer("config")
                .mayOnlyBeAccessedByLayers(
                        "protocol",
                        "engine",
                        "coordinator",
                        "node",
                        "observe",
                        "client",
                        "parallel model",
                        "views",
                        "cli")
                .check(main);
    }

    @Test
    void pekkoStaysOutOfModelsApiAndInference() {
        noClasses()
                .that()
                .resideInAnyPackage("io.simrt.models..", "io.simrt.api..", "io.simrt.inference..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.pekko..", "scala..", "com.typesafe..")
                .check(main);
    }

    @Test
    void theApiNeedsOnlyTheModelsAndTheJdk() {
        classes()
                .that()
                .resideInAPackage("io.simrt.api..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.simrt.api..", "io.simrt.models..", "java..")
                .check(main);
    }

    @Test
    void modelsNeedNoOtherSimrtModule() {
        noClasses()
                .that()
                .resideInAPackage("io.simrt.models..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.simrt.api..",
                        "io.simrt.config..",
                        "io.simrt.runtime..",
                        "io.simrt.inference..",
                        "io.simrt.cli..")
                .check(main);
    }
}
