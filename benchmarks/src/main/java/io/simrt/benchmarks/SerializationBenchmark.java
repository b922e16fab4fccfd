package io.simrt.benchmarks;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.typesafe.config.ConfigFactory;
import io.simrt.runtime.protocol.PackedDoubles;
import io.simrt.runtime.protocol.WireMessage;
import java.io.NotSerializableException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.Serializers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bulk {@code double[]} through Pekko's Jackson CBOR serializer: as a CBOR array of floats (what Jackson does by
 * default) and as one packed binary string ({@link PackedDoubles}). Score: microseconds for one serialize plus
 * deserialize round of a message holding {@code n} doubles.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SerializationBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class SerializationBenchmark {

    /** Plain CBOR: every double a tagged float. */
    public record PlainArray(int rows, double[] values) implements WireMessage {}

    /** One binary string. */
    public record PackedArray(
            int rows,

            @JsonSerialize(using = PackedDoubles.Writer.class) @JsonDeserialize(using = PackedDoubles.Reader.class)
            double[] values)
            implements WireMessage {}

    @Param({"1000", "65536", "1000000"})
    public int n;

    private ActorSystem<Void> system;
    private Serializer serializer;
    private PlainArray plain;
    private PackedArray packed;
    private String plainManifest;
    private String packedManifest;

    @Setup(Level.Trial)
    public void setUp() {
        system = ActorSystem.create(Behaviors.empty(), "serialization-bench", ConfigFactory.load());
        Serialization serialization = SerializationExtension.get(system);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(i) * 1e3;
        }
        plain = new PlainArray(n, v);
        packed = new PackedArray(n, v);
        serializer = serialization.findSerializerFor(plain);
        plainManifest = Serializers.manifestFor(serializer, plain);
        packedManifest = Serializers.manifestFor(serializer, packed);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        system.terminate();
    }

    @Benchmark
    public Object cborArray() throws NotSerializableException {
        byte[] bytes = serializer.toBinary(plain);
        return ((SerializerWithStringManifest) serializer).fromBinary(bytes, plainManifest);
    }

    @Benchmark
    public Object packedBinary() throws NotSerializableException {
        byte[] bytes = serializer.toBinary(packed);
        return ((SerializerWithStringManifest) serializer).fromBinary(bytes, packedManifest);
    }

    /** Sizes of both encodings, printed once. */
    public static void main(String[] args) {
        SerializationBenchmark b = new SerializationBenchmark();
        b.n = 1_000_000;
        b.setUp();
        System.out.println("cbor array: " + b.serializer.toBinary(b.plain).length + " bytes; packed: "
                + b.serializer.toBinary(b.packed).length + " bytes");
        b.tearDown();
    }
}
