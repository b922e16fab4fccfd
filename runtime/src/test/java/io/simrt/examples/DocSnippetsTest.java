package io.simrt.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/multiplexer.md} and the example code identical. The convention: every fenced {@code java} block
 * of the guide is preceded, on the line just above its fence, by
 *
 * <pre>{@code <!-- from: runtime/src/test/java/io/simrt/examples/MapExample.java#direct -->}</pre>
 *
 * <p>and that source file marks the region with the lines {@code // tag::direct[]} and {@code // end::direct[]}. The
 * block must equal the region: marker lines of other tags inside it are left out, the common indentation is removed,
 * trailing spaces and blank lines at either end do not count. Editing the guide without the code, or the code without
 * the guide, fails here; so does a {@code java} block without its {@code from} line, and a tag the guide never shows.
 */
class DocSnippetsTest {
    static final String GUIDE = "docs/multiplexer.md";
    static final String EXAMPLES = "runtime/src/test/java/io/simrt/examples";
    private static final Pattern FROM = Pattern.compile("<!-- from: (\\S+)#([A-Za-z0-9_.-]+) -->");
    private static final Pattern MARKER = Pattern.compile("// (tag|end)::([A-Za-z0-9_.-]+)\\[]");

    /** A {@code java} block of the guide, where it says it comes from, and the line of its fence (1-based). */
    record Snippet(String file, String tag, int line, List<String> lines) {}

    @Test
    void everySnippetIsTheTaggedCode() {
        Path root = repositoryRoot();
        List<String> guide = read(root.resolve(GUIDE));
        List<String> problems = problems(guide, file -> read(root.resolve(file)));
        assertTrue(
                problems.isEmpty(), problems.size() + " problem(s) in " + GUIDE + ":\n" + String.join("\n", problems));
        assertTrue(snippets(guide, new ArrayList<>()).size() >= 10, "the guide shows the examples");
    }

    @Test
    void everyTagOfTheExamplesIsShown() throws IOException {
        Path root = repositoryRoot();
        Set<String> shown = new TreeSet<>();
        for (Snippet s : snippets(read(root.resolve(GUIDE)), new ArrayList<>())) {
            shown.add(s.file() + "#" + s.tag());
        }
        Set<String> tagged = new TreeSet<>();
        try (Stream<Path> files = Files.list(root.resolve(EXAMPLES))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : read(f)) {
                    Matcher m = MARKER.matcher(line.trim());
                    if (m.matches() && m.group(1).equals("tag")) {
                        tagged.add(EXAMPLES + "/" + f.getFileName() + "#" + m.group(2));
                    }
                }
            }
        }
        tagged.removeAll(shown);
        assertEquals(Set.of(), tagged, "tagged regions the guide does not show");
    }

    @Test
    void anEditOnEitherSideIsCaught() {
        Path root = repositoryRoot();
        List<String> guide = read(root.resolve(GUIDE));
        Function<String, List<String>> sources = file -> read(root.resolve(file));
        Snippet first = snippets(guide, new ArrayList<>()).get(0);

        List<String> editedGuide = new ArrayList<>(guide);
        int inBlock = first.line(); // 0-based index of the block's first line
        editedGuide.set(inBlock, editedGuide.get(inBlock) + " // edited in the guide only");
        assertFalse(problems(editedGuide, sources).isEmpty(), "a line changed in the guide");

        Function<String, List<String>> editedSources = file -> {
            List<String> lines = new ArrayList<>(sources.apply(file));
            if (file.equals(first.file())) {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).trim().equals("// tag::" + first.tag() + "[]")) {
                        lines.add(i + 1, "        int changedInTheCodeOnly = 1;");
                        break;
                    }
                }
            }
            return lines;
        };
        assertFalse(problems(guide, editedSources).isEmpty(), "a line added in the code");

        List<String> unmarked = new ArrayList<>(guide);
        unmarked.add("```java");
        unmarked.add("int x = 1;");
        unmarked.add("```");
        assertFalse(problems(unmarked, sources).isEmpty(), "a java block without its from line");

        List<String> missing = new ArrayList<>(guide);
        missing.set(first.line() - 2, "<!-- from: " + first.file() + "#no-such-tag -->");
        assertFalse(problems(missing, sources).isEmpty(), "a tag the code does not have");
    }

    @Test
    void regionsLeaveOutNestedMarkersAndCommonIndentation() {
        List<String> source = List.of(
                "class A {",
                "    // tag::outer[]",
                "    void f() {",
                "        // tag::inner[]",
                "        g();   ",
                "        // end::inner[]",
                "    }",
                "    // end::outer[]",
                "}");
        assertEquals(List.of("void f() {", "    g();", "}"), region(source, "outer"));
        assertEquals(List.of("g();"), region(source, "inner"));
    }

    /** Everything wrong between the guide and the code, one message per problem; empty when they agree. */
    static List<String> problems(List<String> guide, Function<String, List<String>> sources) {
        List<String> problems = new ArrayList<>();
        for (Snippet s : snippets(guide, problems)) {
            String where = GUIDE + ":" + s.line() + " (" + s.file() + "#" + s.tag() + ")";
            List<String> code;
            try {
                code = region(sources.apply(s.file()), s.tag());
            } catch (IllegalArgumentException | UncheckedIOException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            List<String> shown = dedent(s.lines());
            if (!shown.equals(code)) {
                problems.add(where + ": the guide and the code differ\n" + firstDifference(shown, code));
            }
        }
        return problems;
    }

    /** The guide's {@code java} blocks; a block without its {@code from} line is added to {@code problems}. */
    static List<Snippet> snippets(List<String> guide, List<String> problems) {
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < guide.size(); i++) {
            if (!guide.get(i).trim().equals("```java")) {
                continue;
            }
            int fence = i;
            List<String> body = new ArrayList<>();
            for (i = fence + 1; i < guide.size() && !guide.get(i).trim().equals("```"); i++) {
                body.add(guide.get(i));
            }
            Matcher m = fence > 0 ? FROM.matcher(guide.get(fence - 1).trim()) : null;
            if (m == null || !m.matches()) {
                problems.add(GUIDE + ":" + (fence + 1) + ": a java block without a '<!-- from: file#tag -->' line "
                        + "just above it");
                continue;
            }
            out.add(new Snippet(m.group(1), m.group(2), fence + 1, body));
        }
        return out;
    }

    /**
     * The lines between {@code // tag::name[]} and {@code // end::name[]}, without other tags' markers, dedented.
     *
     * @throws IllegalArgumentException unless the file has exactly one such region
     */
    static List<String> region(List<String> source, String tag) {
        int start = -1;
        int end = -1;
        for (int i = 0; i < source.size(); i++) {
            String line = source.get(i).trim();
            if (line.equals("// tag::" + tag + "[]")) {
                if (start >= 0) {
                    throw new IllegalArgumentException("tag " + tag + " opens twice");
                }
                start = i;
            } else if (line.equals("// end::" + tag + "[]")) {
                if (end >= 0) {
                    throw new IllegalArgumentException("tag " + tag + " closes twice");
                }
                end = i;
            }
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no region // tag::" + tag + "[] ... // end::" + tag + "[]");
        }
        List<String> lines = new ArrayList<>();
        for (String line : source.subList(start + 1, end)) {
            if (!MARKER.matcher(line.trim()).matches()) {
                lines.add(line);
            }
        }
        return dedent(lines);
    }

    /** Without the indentation common to the non-blank lines, trailing spaces, and blank lines at either end. */
    static List<String> dedent(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static String firstDifference(List<String> shown, List<String> code) {
        int n = Math.max(shown.size(), code.size());
        for (int i = 0; i < n; i++) {
            String a = i < shown.size() ? shown.get(i) : "(nothing)";
            String b = i < code.size() ? code.get(i) : "(nothing)";
            if (!a.equals(b)) {
                return "  line " + (i + 1) + " of the snippet\n  guide: " + a + "\n  code:  " + b;
            }
        }
        return "";
    }

    /** The directory holding {@value #GUIDE}: the working directory or one above it (surefire runs in the module). */
    static Path repositoryRoot() {
        Set<Path> tried = new LinkedHashSet<>();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(GUIDE))) {
                return p;
            }
            tried.add(p);
        }
        throw new IllegalStateException("no " + GUIDE + " in " + tried);
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
