package io.simrt.runtime.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.simrt.client.BatchRequest;
import io.simrt.client.BatchWork;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.Tensor3;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.RandomStreams;
import io.simrt.models.random.RngFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard of work an engine runs: self-contained data plus the id of the installed model it needs. Types are
 * named on the wire (never class names), so a message can only ever become one of these records.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Work.AbcBatch.class, name = "abc-batch"),
    @JsonSubTypes.Type(value = Work.Likelihood.class, name = "likelihood"),
    @JsonSubTypes.Type(value = Work.Simulation.class, name = "simulation")
})
public sealed interface Work extends WireMessage {

    /** Id of the installed model this shard runs on. */
    String modelId();

    /** Runs the shard. Exceptions are user-code failures and reach the caller with this engine's id. */
    WorkResult run(EngineScope scope);

    /** A generous estimate of this message's serialized size, to refuse frames Artery would drop. */
    long estimatedBytes();

    /** One ABC batch (see {@link BatchWork}). */
    record AbcBatch(String modelId, BatchRequest request) implements Work {
        @Override
        public WorkResult run(EngineScope scope) {
            return new WorkResult.Batch(BatchWork.run(scope.model(modelId, AbcModel.class), request));
        }

        @Override
        public long estimatedBytes() {
            return 256L + 9L * request.proposals().length;
        }
    }

    /** Likelihood of a block of model rows: {@code L[outcome][model][experiment]}. */
    record Likelihood(String modelId, int[] outcomes, Matrix modelParams, ExpTable expParams) implements Work {
        @Override
        public WorkResult run(EngineScope scope) {
            Model model = scope.model(modelId, Model.class);
            Tensor3 l = model.likelihood(outcomes, modelParams.toModelParams(), expParams.toExpParams());
            return new WorkResult.Tensor(TensorData.of(l));
        }

        @Override
        public long estimatedBytes() {
            return 128L + 5L * outcomes.length + modelParams.estimatedBytes() + expParams.estimatedBytes();
        }
    }

    /**
     * Simulated outcomes for fixed-size blocks {@code [firstBlock, firstBlock + blocks)} of the split axis
     * (models when {@code byModels}, else experiments). Block {@code b} covers rows {@code [b*blockSize,
     * (b+1)*blockSize)} of the whole request and draws from {@code RandomStreams.of(family, seed).block(b)},
     * so the result does not depend on how blocks were grouped into shards. The shard carries only its own rows.
     */
    record Simulation(String modelId, Matrix modelParams, ExpTable expParams, int repeat, RngFamily family,
            long seed, int firstBlock, int blockSize, boolean byModels) implements Work {
        @Override
        public WorkResult run(EngineScope scope) {
            return new WorkResult.Tensor(TensorData.of(simulateBlocks(scope.model(modelId, Model.class),
                    modelParams.toModelParams(), expParams.toExpParams(), repeat, family, seed, firstBlock, blockSize,
                    byModels)));
        }

        @Override
        public long estimatedBytes() {
            return 256L + modelParams.estimatedBytes() + expParams.estimatedBytes();
        }
    }

    /**
     * The block-wise simulation both the serial path and engines run. {@code mps}/{@code eps} hold only the
     * rows of the blocks starting at {@code firstBlock}; blocks are joined along the model axis (1) or the
     * experiment axis (2).
     */
    static Tensor3 simulateBlocks(Model model, ModelParams mps, io.simrt.models.ExpParams eps, int repeat,
            RngFamily family, long seed, int firstBlock, int blockSize, boolean byModels) {
        RandomStreams streams = RandomStreams.of(family, seed);
        int n = byModels ? mps.nModels() : eps.nExps();
        List<Tensor3> parts = new ArrayList<>();
        for (int start = 0, b = firstBlock; start < n; start += blockSize, b++) {
            int end = Math.min(n, start + blockSize);
            parts.add(byModels
                    ? model.simulateExperiment(mps.rows(start, end), eps, repeat, streams.block(b))
                    : model.simulateExperiment(mps, eps.rows(start, end), repeat, streams.block(b)));
        }
        if (parts.isEmpty()) {
            return Tensor3.adopt(repeat, byModels ? 0 : mps.nModels(), byModels ? eps.nExps() : 0, new double[0]);
        }
        return parts.size() == 1 ? parts.get(0) : Tensor3.concat(byModels ? 1 : 2, parts);
    }
}
