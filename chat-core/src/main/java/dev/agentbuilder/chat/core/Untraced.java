package dev.agentbuilder.chat.core;

/**
 * {@link EngineTracer#NONE}: one stateless instance that is every span, and does nothing. Package-private: the
 * constant is the API.
 */
final class Untraced implements EngineTracer, EngineTracer.TurnSpan, EngineTracer.ModelCallSpan,
        EngineTracer.ToolSpan, EngineTracer.WriteSpan {

    static final EngineTracer TRACER = new Untraced();

    private Untraced() {
    }

    @Override
    public TurnSpan turnStarted(String threadId, Channel channel) {
        return this;
    }

    @Override
    public ModelCallSpan modelCall() {
        return this;
    }

    @Override
    public ToolSpan toolCall(String name, String callId) {
        return this;
    }

    @Override
    public WriteSpan storeWrite(String operation) {
        return this;
    }

    @Override
    public void ended(EngineObserver.TurnOutcome outcome, Usage usage) {
    }

    @Override
    public void firstChunk() {
    }

    @Override
    public void completed(String responseModel, Usage usage, String finishReason) {
    }

    @Override
    public void failed(String reason) {
    }

    @Override
    public void ended(boolean error) {
    }

    @Override
    public void ended(Throwable failure) {
    }
}
