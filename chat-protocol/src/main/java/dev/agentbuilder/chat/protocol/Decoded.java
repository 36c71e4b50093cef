package dev.agentbuilder.chat.protocol;

/** The outcome of decoding a frame: the frame, or why it is not one. */
public sealed interface Decoded<T> {

    record Ok<T>(T frame) implements Decoded<T> {
    }

    /**
     * @param code            an {@link ErrorCodes} value
     * @param message         for the sender, naming what is wrong
     * @param clientMessageId the frame's clientMessageId when it could be read, else null
     */
    record Invalid<T>(String code, String message, String clientMessageId) implements Decoded<T> {
    }
}
