package io.simrt.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.BatchRequest;
import io.simrt.api.BatchWork;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.runtime.testtasks.Tasks;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Work#heapBytes}: what each kind of shard counts, and that the bound stays below what a batch allocates. */
class WorkHeapTest {
    private static final AllowedClasses ALLOWED = AllowedClasses.of(List.of("io.simrt."));
    private final ValueCodec values = new ValueCodec(ALLOWED);
    private final TaskCodec tasks = new TaskCodec(ALLOWED);

    @Test
    void anAbcBatchFromThePriorCountsParametersDistancesAndTheModelsDeclaredFootprint() {
        Work.AbcBatch batch = Work.AbcBatch.of("m", BatchRequest.fromPrior(RngFamily.FAST, 1, 0, 1000));
        assertEquals(1000, batch.rows());
        assertEquals(1000L * (2 * 8 + 8), batch.heapBytes(new ModelFootprint(2, 0)));
        assertEquals(1000L * (2 * 8 + 8 + 100), batch.heapBytes(new ModelFootprint(2, 100)));
        assertEquals(1000L * 8, batch.heapBytes(ModelFootprint.UNKNOWN), "only the distances are certain");
        assertEquals(
                1000L * 24, batch.heapBytes(ModelFootprint.of(Ma2Abc.of(100, 0.6, 0.2))), "ma2: (t1, t2), distance");
    }

    @Test
    void anAbcBatchWithProposalsTakesItsParametersFromThemAndCountsThemTwice() {
        Work.AbcBatch batch =
                Work.AbcBatch.of("m", BatchRequest.withProposals(RngFamily.FAST, 1, 0, 10, new double[30]));
        long expected = 10L * (3 * 8 + 8) + 30L * 8;
        assertEquals(expected, batch.heapBytes(ModelFootprint.UNKNOWN));
        assertEquals(expected, batch.heapBytes(new ModelFootprint(2, 0)), "the proposals say 3 parameters");
    }

    @Test
    void likelihoodsAndSimulationsCountTheirInputsAndTheirTensors() {
        Matrix models = Matrix.of(ModelParams.column(new double[50]));
        ExpTable exps = ExpTable.of(ExpParams.times(1, 2, 3));
        Work.Likelihood likelihood = new Work.Likelihood("m", new int[] {0, 1}, models, exps);
        assertEquals(50, likelihood.rows());
        assertEquals(8L * (50 + 3) + 4L * 2 + 8L * 2 * 50 * 3, likelihood.heapBytes(ModelFootprint.UNKNOWN));

        Work.Simulation byModels = new Work.Simulation("m", models, exps, 4, RngFamily.FAST, 1, 0, 256, true);
        assertEquals(50, byModels.rows());
        assertEquals(8L * (50 + 3) + 8L * 4 * 50 * 3, byModels.heapBytes(ModelFootprint.UNKNOWN));
        Work.Simulation byExps = new Work.Simulation("m", models, exps, 4, RngFamily.FAST, 1, 0, 256, false);
        assertEquals(3, byExps.rows());
    }

    @Test
    void tasksMapsAndPushesCountTheBytesTheyCarry() {
        TaskEnvelope task = tasks.encode(new Tasks.Sleep(0, "x"));
        long taskBytes = task.className().length() + task.json().length();
        assertEquals(taskBytes, new Work.Apply(task).heapBytes(ModelFootprint.UNKNOWN));
        assertEquals(1, new Work.Apply(task).rows());

        Payload big = values.encode(new double[1000]);
        assertEquals(8000, big.bytes().length);
        Work.MapChunk map = new Work.MapChunk(task, List.of(big, big), false);
        assertEquals(2, map.rows());
        assertEquals(taskBytes + 16_000, map.heapBytes(ModelFootprint.UNKNOWN));
        assertEquals(8000, new Work.Push(Map.of("x", big)).heapBytes(ModelFootprint.UNKNOWN));
        assertEquals(0, new Work.Pull(List.of("x")).heapBytes(ModelFootprint.UNKNOWN));
        assertEquals(0, new Work.Clear("test").heapBytes(ModelFootprint.UNKNOWN));
    }

    @Test
    void sizesPastTheLargestLongSaturateInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, HeapBytes.times(Long.MAX_VALUE / 2, 3));
        assertEquals(Long.MAX_VALUE, HeapBytes.doubles(Long.MAX_VALUE / 4));
        assertEquals(Long.MAX_VALUE, HeapBytes.sum(Long.MAX_VALUE, 1));
        assertEquals(24, HeapBytes.times(3, 8));
    }

    /** A lower bound: an ma2 batch run here allocates at least what its estimate counts. */
    @Test
    void anMa2BatchAllocatesAtLeastItsEstimate() {
        Ma2Abc model = Ma2Abc.of(100, 0.6, 0.2);
        BatchRequest request = BatchRequest.fromPrior(RngFamily.FAST, 1, 0, 20_000);
        long estimate = Work.AbcBatch.of("m", request).heapBytes(ModelFootprint.of(model));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        WorkResult.Batch result = WorkResult.Batch.of(BatchWork.run(model, request));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(20_000, result.size());
        assertTrue(allocated >= estimate, allocated + " bytes allocated, estimate " + estimate);
    }
}
