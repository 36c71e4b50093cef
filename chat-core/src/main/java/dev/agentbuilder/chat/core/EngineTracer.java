package dev.agentbuilder.chat.core;

/**
 * What the engine reports of each turn's work while it happens, for tracing: the turn, each model call in it, each
 * tool call, and each write of the turn's outcome. Every call returns the span it opened; the engine ends each span
 * exactly once. Called on the chat thread's executor; implementations must not block and must not throw.
 *
 * <p>Nothing here carries message contents, tool arguments or results: only ids, names, counts and outcomes.
 */
public interface EngineTracer {

    /** A turn started in {@code threadId}, answering a message on {@code channel}. */
    TurnSpan turnStarted(String threadId, Channel channel);

    /** One turn, from its user message to its stored reply or its failure. */
    interface TurnSpan {

        /** A model call was sent now (a retry is a new call). */
        ModelCallSpan modelCall();

        /** A tool call of the builder's model starts now (the tool runs at once, on the chat thread). */
        ToolSpan toolCall(String name, String callId);

        /** A write of the turn's outcome to the store started: {@code operation} names it (reply, drafts, failure). */
        WriteSpan storeWrite(String operation);

        /** The turn ended; {@code usage} is what its model calls reported, or null when none did. */
        void ended(EngineObserver.TurnOutcome outcome, Usage usage);
    }

    /** One model call. */
    interface ModelCallSpan {

        /** The call streamed its first chunk (text, thinking, or a piece of a tool call). */
        void firstChunk();

        /**
         * The response is complete.
         *
         * @param responseModel the model the provider says answered, or null when it did not say
         * @param usage         the tokens it reported, or estimated when it reported none
         * @param finishReason  why the model stopped, langchain4j's FinishReason in lower case (stop, tool_execution,
         *                      length, ...), or null
         */
        void completed(String responseModel, Usage usage, String finishReason);

        /** The call failed or was given up: {@code reason} is one of {@link EngineObserver#MODEL_ERROR_REASONS}. */
        void failed(String reason);
    }

    /** One tool call. */
    interface ToolSpan {

        /** The tool ran; {@code error} says whether it answered the model with an error. */
        void ended(boolean error);
    }

    /** One write to the store. */
    interface WriteSpan {

        /** The write is durable ({@code failure} null), or failed. */
        void ended(Throwable failure);
    }

    /** The tracer that traces nothing, and costs nothing: its spans are one shared instance that does nothing. */
    EngineTracer NONE = Untraced.TRACER;
}
