package io.simrt.runtime.code;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.Model;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarLocatorTest {
    @TempDir
    Path dir;

    @Test
    void aClassFromAUsersJarBringsEveryJarOfItsLoaderAndTheBytesMatchTheHash() throws Exception {
        Path model = ShiftedModelJar.build(dir, "model.jar", 0.0, 0);
        Path dependency = JarCompiler.compile(
                dir,
                "dep.jar",
                Map.of("com.example.dep.Helper", "package com.example.dep; public class Helper {}"),
                Map.of());
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {model.toUri().toURL(), dependency.toUri().toURL()},
                getClass().getClassLoader())) {
            JarLocator locator = new JarLocator(1L << 20, Model.class);
            List<JarRef> refs = locator.locate(List.of(ShiftedModelJar.CLASS), List.of(loader));
            assertEquals(
                    List.of("model.jar", "dep.jar"),
                    refs.stream().map(JarRef::name).toList());
            for (JarRef r : refs) {
                byte[] bytes = locator.get(r.sha256()).orElseThrow().bytes();
                assertEquals(r.size(), bytes.length);
                assertEquals(r.sha256(), Sha256.hex(bytes));
            }
            assertArrayEquals(
                    Files.readAllBytes(model),
                    locator.get(refs.get(0).sha256()).orElseThrow().bytes());
        }
    }

    @Test
    void simrtsOwnCodeIsNeverShipped() {
        JarLocator locator = new JarLocator(1L << 20, Model.class);
        assertEquals(
                List.of(),
                locator.locate(
                        List.of(Model.class.getName()), List.of(getClass().getClassLoader())));
    }

    @Test
    void aClassNoLoaderHasIsNamed() {
        JarLocator locator = new JarLocator(1L << 20);
        CodeRefusedException e = assertThrows(
                CodeRefusedException.class,
                () -> locator.locate(
                        List.of("com.example.Nowhere"), List.of(getClass().getClassLoader())));
        assertTrue(e.getMessage().contains("class com.example.Nowhere is on neither"), e.getMessage());
    }

    @Test
    void aJarOverTheLimitIsRefusedNamingIt() throws Exception {
        Path big = ShiftedModelJar.build(dir, "big.jar", 0.0, 200_000);
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {big.toUri().toURL()}, getClass().getClassLoader())) {
            CodeRefusedException e = assertThrows(
                    CodeRefusedException.class,
                    () -> new JarLocator(100_000).locate(List.of(ShiftedModelJar.CLASS), List.of(loader)));
            assertTrue(e.getMessage().contains("big.jar is "), e.getMessage());
            assertTrue(e.getMessage().contains("simrt.engine.code.max-jar-bytes"), e.getMessage());
        }
    }

    @Test
    void aDirectoryPacksToTheSameBytesWhateverItsFilesTimes() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/com/example"));
        Files.writeString(classes.resolve("A.class"), "a");
        Files.writeString(classes.resolve("B.class"), "b");
        byte[] first = JarLocator.packDirectory(dir.resolve("classes"));
        Files.setLastModifiedTime(classes.resolve("A.class"), FileTime.fromMillis(0));
        assertArrayEquals(first, JarLocator.packDirectory(dir.resolve("classes")));
        Files.writeString(classes.resolve("B.class"), "changed");
        assertTrue(!Sha256.hex(first).equals(Sha256.hex(JarLocator.packDirectory(dir.resolve("classes")))));
    }
}
