package io.simrt.runtime.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchWork;
import io.simrt.api.EngineContext;
import io.simrt.api.Fn;
import io.simrt.api.StarFn;
import io.simrt.api.Task;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.Tensor3;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.RandomStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One shard of work an engine runs: self-contained data plus the id of the installed model it needs. Types are
 * named on the wire (never class names), so a message can only ever become one of these records.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Work.AbcBatch.class, name = "abc-batch"),
    @JsonSubTypes.Type(value = Work.Likelihood.class, name = "likelihood"),
    @JsonSubTypes.Type(value = Work.Simulation.class, name = "simulation"),
    @JsonSubTypes.Type(value = Work.Apply.class, name = "apply"),
    @JsonSubTypes.Type(value = Work.MapChunk.class, name = "map"),
    @JsonSubTypes.Type(value = Work.Push.class, name = "push"),
    @JsonSubTypes.Type(value = Work.Pull.class, name = "pull"),
    @JsonSubTypes.Type(value = Work.Clear.class, name = "clear")
})
public sealed interface Work extends WireMessage {

    /** Id of the installed model this shard runs on; empty for user tasks and namespace operations. */
    String modelId();

    /** Runs the shard. Exceptions are user-code failures and reach the caller with this engine's id. */
    WorkResult run(EngineScope scope);

    /**
     * A generous estimate of this message's serialized size, to refuse frames Artery would drop.
     *
     * @param bulkThreshold arrays of at least this many bytes leave the message for the {@link BulkLane} and count
     *                      as a reference; {@link Integer#MAX_VALUE} when the node sends everything inline
     */
    long estimatedBytes(int bulkThreshold);

    /**
     * Rows of work this shard carries, for messages: simulations of an ABC batch, model rows of a likelihood, rows of
     * a simulation's split axis, inputs of a map, values pushed, names pulled, 1 for a task.
     */
    long rows();

    /**
     * A lower bound of the heap an engine needs to run this shard: the arrays that the shard and its result hold at
     * once while it runs, 8 bytes per double. The coordinator refuses a shard whose bound exceeds every engine's heap
     * before sending it; being a lower bound, it never refuses a shard that would fit.
     *
     * <p>It is rough, and always low: it leaves out the engine's own use of its heap (tens of MB for the actor
     * system), the copies serialization makes (a remote reply's arrays are packed into byte arrays while the arrays
     * still live, so an ABC batch's reply briefly needs twice its arrays), and whatever the model allocates that it
     * does not declare. A shard under the bound may still exhaust the heap; the coordinator then stops re-sending
     * it after the second engine lost while running it. Per kind:
     *
     * <ul>
     *   <li>ABC batch: {@code size x (8 nParams + 8 + bytesPerSimulation)}: parameters, distances and the model's
     *       declared footprint; proposals, when carried, once more (the shard keeps them while the batch works on
     *       its copy). {@code nParams} comes from the proposals or else from {@code model} (0 when unknown).
     *   <li>likelihood: its inputs and its tensor {@code outcomes x models x experiments}.
     *   <li>simulation: its inputs and its tensor {@code repeat x models x experiments} of its rows.
     *   <li>task, map, push: the bytes of the task and of the values carried (what the user code makes of them
     *       comes on top); pull and clear: 0.
     * </ul>
     *
     * @param model what the coordinator knows of the shard's model ({@link ModelFootprint#UNKNOWN} when nothing)
     */
    long heapBytes(ModelFootprint model);

    /**
     * One ABC batch (see {@link BatchWork}): a {@link BatchRequest} on the wire, its proposals packed (empty: drawn
     * from the prior with the batch's stream), whether its output carries the summaries, and its {@link
     * BatchRequest#cut cut} (absent: every row is kept).
     */
    record AbcBatch(
            String modelId,
            RngFamily family,
            long seed,
            long index,
            int size,

            @JsonSerialize(using = PackedDoubles.Writer.class) @JsonDeserialize(using = PackedDoubles.Reader.class)
            double[] proposals,

            boolean summaries,
            Double cut)
            implements Work {
        public static AbcBatch of(String modelId, BatchRequest r) {
            return new AbcBatch(
                    modelId,
                    r.family(),
                    r.seed(),
                    r.index(),
                    r.size(),
                    r.proposals(),
                    r.summaries(),
                    r.filters() ? r.cut() : null);
        }

        public BatchRequest toRequest() {
            return new BatchRequest(
                    family, seed, index, size, proposals, summaries, cut == null ? Double.POSITIVE_INFINITY : cut);
        }

        @Override
        public WorkResult run(EngineScope scope) {
            return BatchWork.run(scope.model(modelId, AbcModel.class), toRequest(), WorkResult.Batch::new);
        }

        @Override
        public long estimatedBytes(int bulkThreshold) {
            return 256L + PackedDoubles.inlineBytes(proposals.length, bulkThreshold);
        }

        @Override
        public long rows() {
            return size;
        }

        @Override
        public long heapBytes(ModelFootprint model) {
            long nParams = proposals.length > 0 ? proposals.length / size : model.nParams();
            long perRow = HeapBytes.sum(HeapBytes.doubles(nParams + 1), model.bytesPerSimulation());
            if (summaries) {
                perRow = HeapBytes.sum(perRow, HeapBytes.doubles(model.nSummaries()));
            }
            return HeapBytes.sum(HeapBytes.times(size, perRow), HeapBytes.doubles(proposals.length));
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
        public long estimatedBytes(int bulkThreshold) {
            return 128L
                    + 5L * outcomes.length
                    + modelParams.estimatedBytes(bulkThreshold)
                    + expParams.estimatedBytes(bulkThreshold);
        }

        @Override
        public long rows() {
            return modelParams.rows();
        }

        @Override
        public long heapBytes(ModelFootprint model) {
            long cells = HeapBytes.times(HeapBytes.times(outcomes.length, modelParams.rows()), expParams.rows());
            return HeapBytes.sum(
                    HeapBytes.sum(
                            HeapBytes.doubles(modelParams.values().length),
                            HeapBytes.doubles(expParams.values().length)),
                    HeapBytes.sum(4L * outcomes.length, HeapBytes.doubles(cells)));
        }
    }

    /**
     * Simulated outcomes for fixed-size blocks {@code [firstBlock, firstBlock + blocks)} of the split axis
     * (models when {@code byModels}, else experiments). Block {@code b} covers rows {@code [b*blockSize,
     * (b+1)*blockSize)} of the whole request and draws from {@code RandomStreams.of(family, seed).block(b)},
     * so the result does not depend on how blocks were grouped into shards. The shard carries only its own rows.
     */
    record Simulation(
            String modelId,
            Matrix modelParams,
            ExpTable expParams,
            int repeat,
            RngFamily family,
            long seed,
            int firstBlock,
            int blockSize,
            boolean byModels)
            implements Work {
        @Override
        public WorkResult run(EngineScope scope) {
            return new WorkResult.Tensor(TensorData.of(simulateBlocks(
                    scope.model(modelId, Model.class),
                    modelParams.toModelParams(),
                    expParams.toExpParams(),
                    repeat,
                    family,
                    seed,
                    firstBlock,
                    blockSize,
                    byModels)));
        }

        @Override
        public long estimatedBytes(int bulkThreshold) {
            return 256L + modelParams.estimatedBytes(bulkThreshold) + expParams.estimatedBytes(bulkThreshold);
        }

        @Override
        public long rows() {
            return byModels ? modelParams.rows() : expParams.rows();
        }

        @Override
        public long heapBytes(ModelFootprint model) {
            long cells = HeapBytes.times(HeapBytes.times(repeat, modelParams.rows()), expParams.rows());
            return HeapBytes.sum(
                    HeapBytes.sum(
                            HeapBytes.doubles(modelParams.values().length),
                            HeapBytes.doubles(expParams.values().length)),
                    HeapBytes.doubles(cells));
        }
    }

    /** A user task, run once ({@code apply}, {@code execute}). */
    record Apply(TaskEnvelope task) implements Work {
        @Override
        public String modelId() {
            return "";
        }

        @Override
        public WorkResult run(EngineScope scope) {
            Object t = scope.task(task);
            if (!(t instanceof Task<?> userTask)) {
                throw new IllegalArgumentException(task.className() + " is not a Task");
            }
            Payload out;
            try {
                out = scope.values().encode(userTask.run(context(scope)));
            } catch (Exception e) {
                out = scope.values().encodeError(e);
            }
            return new WorkResult.Values(List.of(out));
        }

        @Override
        public long estimatedBytes(int bulkThreshold) {
            return 64L + task.estimatedBytes();
        }

        @Override
        public long rows() {
            return 1;
        }

        @Override
        public long heapBytes(ModelFootprint model) {
            return task.heapBytes();
        }
    }

    /** A function over a chunk of inputs ({@code map}); {@code star}: each input is the list of its arguments. */
    record MapChunk(TaskEnvelope fn, List<Payload> inputs, boolean star) implements Work {
        @Override
        public String modelId() {
            return "";
        }

        @Override
        @SuppressWarnings("unchecked")
        public WorkResult run(EngineScope scope) {
            Object f = scope.task(fn);
            List<Payload> out = new ArrayList<>(inputs.size());
            if (star && !(f instanceof StarFn<?>)) {
                throw new IllegalArgumentException(fn.className() + " is not a StarFn");
            }
            if (!star && !(f instanceof Fn<?, ?>)) {
                throw new IllegalArgumentException(fn.className() + " is not an Fn");
            }
            for (Payload p : inputs) {
                Object in = scope.values().decode(p);
                try {
                    Object value = star ? ((StarFn<?>) f).apply((List<Object>) in) : ((Fn<Object, Object>) f).apply(in);
                    out.add(scope.values().encode(value));
                } catch (Exception e) {
                    out.add(scope.values().encodeError(e));
                }
            }
            return new WorkResult.Values(out);
        }

        @Override
        public long estimatedBytes(int bulkThreshold) {
            long n = 64L + fn.estimatedBytes();
            for (Payload p : inputs) {
                n += p.estimatedBytes(bulkThreshold);
            }
            return n;
        }

        @Override
        public long rows() {
            return inputs.size();
        }

        @Override
        public long heapBytes(ModelFootprint model) {
            long n = fn.heapBytes();
            for (Payload p : inputs) {
                n = HeapBytes.sum(n, p.bytes().length);
            }
            return n;
        }
    }

    /** Sets names in the engine's namespace. */
    record Push(Map<String, Payload> values) implements Work {
        @Override
        public String modelId() {
            return "";
        }

        @Override
        public WorkResult run(EngineScope scope) {
            values.forEach(
                    (name, p) -> scope.namespace().put(name, scope.values().decode(p)));
            return new WorkResult.Values(List.of());
        }

        @Override
        public long estimatedBytes(int bulkThreshold) {
            long n = 64L;
            for (var e : values.entrySet()) {
                n += 8L + 2L * e.getKey().length() + e.getValue().estimatedBytes(bulkThreshold);
            }
            return n;
        }

        @Override
        public long rows() {
            return values.size();
        }

        @Override
        public long heapBytes(ModelFootprint model) {
            long n = 0;
            for (Payload p : values.values()) {
                n = HeapBytes.sum(n, p.bytes().length);
            }
            return n;
        }
    }

    /** Reads names from the engine's namespace; a missing name fails naming it and the engine. */
    record Pull(List<String> names) implements Work {
        @Override
        public String modelId() {
            return "";
        }

        @Override
        public WorkResult run(EngineScope scope) {
            List<Payload> out = new ArrayList<>(names.size());
            for (String name : names) {
                if (!scope.namespace().containsKey(name)) {
                    throw new NoSuchElementException(
                            "name '" + name + "' is not defined on engine " + scope.engineId());
                }
                out.add(scope.values().encode(scope.namespace().get(name)));
            }
            return new WorkResult.Values(out);
        }

        @Override
        public long estimatedBytes(int bulkThreshold) {
            return 64L + 16L * names.size();
        }

        @Override
        public long rows() {
            return names.size();
        }

        @Override
        public long heapBytes(ModelFootprint model) {
            return 0;
        }
    }

    /** Empties the engine's namespace. */
    record Clear(String reason) implements Work {
        @Override
        public String modelId() {
            return "";
        }

        @Override
        public WorkResult run(EngineScope scope) {
            scope.namespace().clear();
            return new WorkResult.Values(List.of());
        }

        @Override
        public long estimatedBytes(int bulkThreshold) {
            return 64L;
        }

        @Override
        public long rows() {
            return 0;
        }

        @Override
        public long heapBytes(ModelFootprint model) {
            return 0;
        }
    }

    private static EngineContext context(EngineScope scope) {
        return new EngineContext() {
            @Override
            public String engineId() {
                return scope.engineId();
            }

            @Override
            public Map<String, Object> namespace() {
                return scope.namespace();
            }
        };
    }

    /**
     * The block-wise simulation both the serial path and engines run. {@code mps}/{@code eps} hold only the
     * rows of the blocks starting at {@code firstBlock}; blocks are joined along the model axis (1) or the
     * experiment axis (2).
     */
    static Tensor3 simulateBlocks(
            Model model,
            ModelParams mps,
            ExpParams eps,
            int repeat,
            RngFamily family,
            long seed,
            int firstBlock,
            int blockSize,
            boolean byModels) {
        RandomStreams streams = RandomStreams.of(family, seed);
        int n = byModels ? mps.nModels() : eps.nExps();
        List<Tensor3> parts = new ArrayList<>();
        for (int start = 0, b = firstBlock; start < n; start += blockSize, b++) {
            int end = Math.min(n, start + blockSize);
            parts.add(
                    byModels
                            ? model.simulateExperiment(mps.rows(start, end), eps, repeat, streams.block(b))
                            : model.simulateExperiment(mps, eps.rows(start, end), repeat, streams.block(b)));
        }
        if (parts.isEmpty()) {
            return Tensor3.adopt(repeat, byModels ? 0 : mps.nModels(), byModels ? eps.nExps() : 0, new double[0]);
        }
        return parts.size() == 1 ? parts.get(0) : Tensor3.concat(byModels ? 1 : 2, parts);
    }
}
