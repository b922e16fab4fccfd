package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: {@code simrt abc --client local --nodes 2 --dashboard 0} runs in this JVM while
 * headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs) shows the page; the page must show
 * both members, every engine, progress that advances while the run goes on and a drawn pair plot. The screenshot
 * goes to target/dashboard/dashboard.png, and to docs/images/dashboard.png with {@code -Dsimrt.docs.screenshots=true}.
 * The run's /metrics are scraped and parsed strictly ({@link PrometheusText}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern URL = Pattern.compile("dashboard at (http://127\\.0\\.0\\.1:\\d+/)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private CompletableFuture<Integer> run;
    private String url;

    @BeforeAll
    void startARun() throws Exception {
        // long enough for the page to watch it go on and for /metrics to be read while it is served (some 18 s on
        // 2 quiet cores at 4.4 million simulations a second; 30 million lasted only 7 s)
        run = CompletableFuture.supplyAsync(() -> Simrt.execute(
                new String[] {
                    "abc", "--model", "ma2", "--samples", "1000", "--simulations", "80000000", "--batch-size", "10000",
                    "--seed", "7", "--no-progress", "--client", "local", "--nodes", "2", "--engines", "2",
                    "--dashboard", "0"
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (url == null && System.nanoTime() < deadline && !run.isDone()) {
            Matcher m = URL.matcher(err.toString());
            if (m.find()) {
                url = m.group(1);
            }
            Thread.sleep(50);
        }
        assertTrue(url != null, "no dashboard URL on stderr: " + err);
    }

    @AfterAll
    void finishTheRun() throws Exception {
        if (run != null) {
            assertEquals(0, run.get(5, TimeUnit.MINUTES), err.toString());
        }
    }

    @Test
    @Order(1)
    void thePageShowsTheClusterAndTheRunLive() throws Exception {
        assertTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
        Path profile = Files.createTempDirectory("simrt-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--window-size=1400,1000",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(url);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(b -> rows(b, "members").size() == 2);
            wait.until(b -> rows(b, "engines").size() == 2);
            for (String member : rows(browser, "members")) {
                assertTrue(member.contains("Up"), member);
            }
            wait.until(b -> number(b, "batches-done") > 0);
            long first = number(browser, "batches-done");
            wait.until(b -> number(b, "batches-done") > first);
            assertEquals("running", text(browser, "run-state"), "still running");
            assertEquals("live", text(browser, "connection"));
            wait.until(b -> number(b, "points") > 0);
            wait.until(b -> (Boolean) ((JavascriptExecutor) b)
                    .executeScript("var i = document.getElementById('pairs');"
                            + " return i.complete && i.naturalWidth > 0 && i.src.indexOf('?v=') > 0;"));
            String svg = get("plot/pairs.svg");
            assertTrue(count(svg, "<circle") > 0, "the pair plot has points");
            for (String engine : rows(browser, "engines")) {
                assertFalse(engine.contains("(free)"), "every engine is owned: " + engine);
            }
            Thread.sleep(1500); // one more refresh, so that the throughput chart has a line
            Path shot = Path.of("target", "dashboard", "dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            if (Boolean.getBoolean("simrt.docs.screenshots")) {
                Path docs = Path.of("..", "docs", "images", "dashboard.png");
                Files.createDirectories(docs.getParent());
                Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(2)
    void metricsParseAndNameEverySimrtMeter() throws Exception {
        Map<String, PrometheusText.Family> families = PrometheusText.parse(get("metrics"));
        for (String name : List.of(
                "simrt_shards_run_total",
                "simrt_shard_duration_seconds",
                "simrt_engine_queue",
                "simrt_engine_busy_seconds_total",
                "simrt_artery_bytes_total",
                "simrt_bulk_bytes_total",
                "simrt_coordinator_engines_owned",
                "simrt_coordinator_claims_total",
                "simrt_coordinator_refusals_total",
                "simrt_coordinator_requests_in_flight",
                "simrt_simulations_total",
                "jvm_memory_used_bytes")) {
            assertTrue(families.containsKey(name), name + " is served: " + families.keySet());
        }
        assertEquals("histogram", families.get("simrt_shard_duration_seconds").type());
        assertTrue(families.get("simrt_shard_duration_seconds").sum("simrt_shard_duration_seconds_count") > 0);
        assertTrue(families.get("simrt_simulations_total").sum("simrt_simulations_total") > 0);
        assertEquals(2.0, families.get("simrt_coordinator_engines_owned").sum("simrt_coordinator_engines_owned"));
        assertTrue(families.get("simrt_coordinator_claims_total").sum("simrt_coordinator_claims_total") >= 2);
        // the other node's engine answers over Artery: the coordinator's node receives its results
        assertTrue(families.get("simrt_artery_bytes_total").samples().stream()
                .anyMatch(s -> "received".equals(s.labels().get("direction")) && s.value() > 0));
        for (String name : families.keySet()) {
            assertTrue(
                    name.startsWith("simrt_")
                            || name.startsWith("jvm_")
                            || name.startsWith("process_")
                            || name.startsWith("system_"),
                    "an unexpected family " + name);
        }
    }

    @Test
    @Order(3)
    void itIsReadOnlyAndEchoesNothing() throws Exception {
        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "api/state"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        HttpResponse<String> missing = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "x%3Cscript%3Ealert(1)%3C%2Fscript%3E"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertFalse(missing.body().contains("script"), missing.body());
        HttpResponse<String> page =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(
                page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        String state = get("api/state");
        assertFalse(state.contains("/work/") || state.contains("/tmp/") || state.contains("password"), state);
    }

    /**
     * The text of each row of a table, read in one script: the page redraws its tables on every refresh, so rows found
     * first and read afterwards may already be gone (a stale element).
     */
    @SuppressWarnings("unchecked")
    private static List<String> rows(WebDriver browser, String table) {
        return (List<String>) ((JavascriptExecutor) browser)
                .executeScript(
                        "return Array.from(document.querySelectorAll(arguments[0]), r => r.innerText);",
                        "#" + table + " tbody tr");
    }

    private static String text(WebDriver browser, String id) {
        Object text = ((JavascriptExecutor) browser)
                .executeScript("var e = document.getElementById(arguments[0]); return e ? e.innerText : '';", id);
        return String.valueOf(text).trim();
    }

    private static long number(WebDriver browser, String id) {
        String digits = text(browser, id).replace(",", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }
}
