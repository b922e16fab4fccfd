package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.ClassNotAllowedException;
import io.simrt.runtime.protocol.Payload;
import io.simrt.runtime.protocol.ValueCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** User values come back with their type and their exact bits, whichever path (scalar, packed, typed) they take. */
class ValueCodecTest {
    private final ValueCodec codec = new ValueCodec(AllowedClasses.of(List.of("io.simrt.runtime.testtasks")));

    /** A record outside the allowed package {@code io.simrt.runtime.testtasks}. */
    public record Outsider(int x) {}

    private Object roundTrip(Object value) {
        Payload p = codec.encode(value);
        // through a copy of the bytes, as after the wire
        return codec.decode(new Payload(p.kind(), p.bytes().clone()));
    }

    @Test
    void scalarsKeepTypeAndBits() {
        for (Object v : new Object[] {
            0,
            -1,
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            7L,
            Long.MIN_VALUE,
            0.1,
            -0.0,
            Double.MIN_VALUE,
            Double.NEGATIVE_INFINITY,
            "",
            "π ≈ 3.14 \uD83D\uDE00",
            true,
            false
        }) {
            Object back = roundTrip(v);
            assertEquals(v.getClass(), back.getClass(), "type of " + v);
            assertEquals(v, back);
        }
        double oddNaN = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
        Object back = roundTrip(oddNaN);
        assertEquals(0x7ff8_0000_dead_beefL, Double.doubleToRawLongBits((Double) back), "NaN payload kept");
        assertEquals(Payload.INT, codec.encode(3).kind());
        assertEquals(4, codec.encode(3).bytes().length);
        assertNull(roundTrip(null));
    }

    @Test
    void containersAndArraysStillTravelTyped() {
        Object list = roundTrip(List.of(1, 2L, "x", 2.5));
        assertEquals(List.of(1, 2L, "x", 2.5), list);
        assertInstanceOf(Integer.class, ((List<?>) list).get(0));
        assertInstanceOf(Long.class, ((List<?>) list).get(1));
        assertEquals(Map.of("a", 1), roundTrip(Map.of("a", 1)));
        assertArrayEquals(new int[] {1, 2, 3}, (int[]) roundTrip(new int[] {1, 2, 3}));
        assertArrayEquals(new double[] {1, Double.NaN, -0.0}, (double[]) roundTrip(new double[] {1, Double.NaN, -0.0}));
        assertEquals(Payload.DOUBLES, codec.encode(new double[] {1}).kind());
        assertEquals(Payload.TYPED, codec.encode(List.of(1)).kind());
    }

    @Test
    void damagedOrForeignPayloadsAreRefusedWithAReason() {
        IllegalArgumentException shortInt =
                assertThrows(IllegalArgumentException.class, () -> codec.decode(new Payload(Payload.INT, new byte[3])));
        assertTrue(shortInt.getMessage().contains("holds 3 bytes, not 4"), shortInt.getMessage());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> codec.decode(new Payload((byte) 99, new byte[1])));
        assertTrue(
                unknown.getMessage().contains("kind 99") && unknown.getMessage().contains("same version"),
                unknown.getMessage());
        // a typed value naming a class outside the allowed packages is refused, not loaded
        Payload foreign = new ValueCodec(AllowedClasses.of(List.of("io.simrt.runtime."))).encode(new Outsider(1));
        assertThrows(ClassNotAllowedException.class, () -> codec.decode(foreign));
    }
}
