package io.simrt.inference.abc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.NativeClient;
import io.simrt.models.ParameterException;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import org.junit.jupiter.api.Test;

class AbcSettingsTest {
    private static final Ma2Abc MODEL = Ma2Abc.observedFrom(RngFamily.ELFI, 4, 0.6, 0.2, 100);
    private static final NativeClient NATIVE = NativeClient.create();

    @Test
    void eachBadValueFailsNamingTheSetting() {
        assertTrue(assertThrows(ParameterException.class, () -> new AbcSettings(1, 0, RngFamily.FAST, 0))
                .getMessage()
                .contains("batchSize"));
        assertTrue(assertThrows(ParameterException.class, () -> new AbcSettings(1, 10, RngFamily.FAST, -1))
                .getMessage()
                .contains("maxParallelBatches"));
        assertTrue(assertThrows(ParameterException.class, () -> new AbcSettings(1, 10, null, 0))
                .getMessage()
                .contains("family"));
        assertTrue(assertThrows(ParameterException.class, () -> new AbcSettings(-1, 10, RngFamily.ELFI, 0))
                .getMessage()
                .contains("seed"));
    }

    @Test
    void bothBuildersCheckTheirSettingsTheSameWay() {
        assertThrows(
                ParameterException.class, () -> AbcSmc.builder(MODEL, NATIVE).batchSize(0));
        assertThrows(
                ParameterException.class, () -> AbcSmc.builder(MODEL, NATIVE).maxParallelBatches(-1));
        assertThrows(
                ParameterException.class,
                () -> AbcSmc.builder(MODEL, NATIVE).rng(RngFamily.ELFI).seed(-1).build());
        assertThrows(
                ParameterException.class,
                () -> RejectionAbc.builder(MODEL, NATIVE).maxParallelBatches(-1));
        assertThrows(ParameterException.class, () -> RejectionAbc.builder(MODEL, null));
        assertThrows(ParameterException.class, () -> AbcSmc.builder(null, NATIVE));
    }

    @Test
    void theSeedIsCheckedAgainstItsFamilyOnlyWhenBuiltSoTheOrderOfSettingsDoesNotMatter() {
        AbcSmc smc = AbcSmc.builder(MODEL, NATIVE)
                .seed(-1)
                .rng(RngFamily.ELFI)
                .seed(4)
                .build();
        assertEquals(new AbcSettings(4, 1, RngFamily.ELFI, 0), smc.settings());
    }

    @Test
    void theSettingsKeepZeroWhileTheInferenceRunsAsManyBatchesAsTheClientCan() {
        RejectionAbc abc =
                RejectionAbc.builder(MODEL, NATIVE).seed(3).batchSize(20).build();
        assertEquals(new AbcSettings(3, 20, RngFamily.FAST, 0), abc.settings());
        assertEquals(NATIVE.parallelism(), abc.maxParallelBatches());
    }

    @Test
    void anInferenceOnAnotherClientKeepsEverySetting() {
        AbcSmc smc = AbcSmc.builder(MODEL, NATIVE)
                .seed(8)
                .batchSize(30)
                .rng(RngFamily.ELFI)
                .maxParallelBatches(2)
                .build();
        NativeClient other = NativeClient.create();
        AbcSmc moved = smc.withClient(other);
        assertEquals(smc.settings(), moved.settings());
        assertEquals(other, moved.client());
    }
}
