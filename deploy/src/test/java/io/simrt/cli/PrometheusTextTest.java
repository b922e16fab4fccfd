package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The test parser of Prometheus' text format accepts what the format allows and nothing else. */
class PrometheusTextTest {
    private static final String GOOD = """
            # HELP a_total things
            # TYPE a counter
            a_total{x="1",y="q\\"\\\\\\n"} 3.0
            # TYPE h histogram
            h_bucket{le="1.0"} 1
            h_bucket{le="+Inf"} 2
            h_count 2
            h_sum 5.5
            # TYPE g gauge
            g NaN
            """;

    @Test
    void acceptsTheFormat() {
        var families = PrometheusText.parse(GOOD);
        assertEquals(3.0, families.get("a").sum("a_total"));
        assertEquals("q\"\\\n", families.get("a").samples().get(0).labels().get("y"));
        assertEquals(2, families.get("h").sum("h_count"));
    }

    @Test
    void rejectsWhatTheFormatDoesNotAllow() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("a_total 1\n"), "no TYPE");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a counter\na_bucket 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE g gauge\ng{x=1} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE g gauge\ng one\n"));
        assertThrows(
                IllegalArgumentException.class,
                () -> PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n"));
        assertThrows(
                IllegalArgumentException.class,
                () -> PrometheusText.parse("# TYPE g gauge\n# TYPE f gauge\nf 1\ng 1\n"),
                "samples of g after those of f");
    }
}
