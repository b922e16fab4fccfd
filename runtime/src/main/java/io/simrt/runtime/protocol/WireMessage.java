package io.simrt.runtime.protocol;

/**
 * Marker of every message that may cross nodes. Bound to Pekko's Jackson CBOR serializer in the runtime's
 * {@code reference.conf}; Java serialization stays off. Tests run with {@code serialize-messages = on}, so a
 * message that could not cross a node fails in the unit test.
 */
public interface WireMessage {}
