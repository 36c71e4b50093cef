package dev.agentbuilder.chat.core.spi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How a durable store keeps an embedding: its floats in little-endian order, four bytes each, one format for every
 * store. Stateless.
 */
public final class ChunkVectors {

    private ChunkVectors() {
    }

    public static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    /** @throws IllegalArgumentException when the length is not a multiple of four */
    public static float[] fromBytes(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a stored vector of " + bytes.length + " bytes");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
