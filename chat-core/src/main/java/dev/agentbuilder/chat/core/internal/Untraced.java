package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.EngineObserver;
import dev.agentbuilder.chat.core.EngineTracer;
import dev.agentbuilder.chat.core.Usage;

/** {@link EngineTracer#NONE}: one stateless instance that is every span, and does nothing. */
public final class Untraced implements EngineTracer, EngineTracer.TurnSpan, EngineTracer.ModelCallSpan,
        EngineTracer.ToolSpan, EngineTracer.WriteSpan {

    public static final EngineTracer TRACER = new Untraced();

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
