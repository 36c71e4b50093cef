package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.EngineObserver;
import dev.agentbuilder.chat.core.EngineTracer;
import dev.agentbuilder.chat.core.Usage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.Locale;

/**
 * What a turn's model calls cost and how they are traced: the tokens each call used (as reported, or estimated when
 * the provider reported none), summed for the turn; the observer told of each; the turn's span and the current
 * call's, each ended once.
 *
 * <p>Confined to the turn's executor, as its {@link Turn} is.
 */
final class CallAccount {

    private final EngineObserver observer;
    private final EngineTracer.TurnSpan span;
    /** The current call's span; null between calls. */
    private EngineTracer.ModelCallSpan callSpan;
    /** What the current call sent: its size is the estimate of its input tokens when the provider reports none. */
    private ChatRequest sent;
    private boolean chunked;
    private Usage usage;

    CallAccount(EngineObserver observer, EngineTracer.TurnSpan span) {
        this.observer = observer;
        this.span = span;
    }

    EngineTracer.TurnSpan span() {
        return span;
    }

    /** The tokens the turn's calls used so far; null when none completed. */
    Usage usage() {
        return usage;
    }

    /** A call (or the retry of one) sends {@code request} now. */
    void sent(ChatRequest request) {
        sent = request;
        callSpan = span.modelCall();
        chunked = false;
    }

    /** The current call streamed something: its first chunk is traced. */
    void streamed() {
        if (!chunked && callSpan != null) {
            chunked = true;
            callSpan.firstChunk();
        }
    }

    /**
     * The current call completed, having streamed {@code streamedChars} characters of text: its tokens are added to
     * the turn's, the observer told, and its span ended.
     */
    void completed(ChatResponse response, int streamedChars) {
        TokenUsage reported = response.tokenUsage();
        Usage used;
        if (reported != null && reported.inputTokenCount() != null && reported.outputTokenCount() != null) {
            used = new Usage(reported.inputTokenCount(), reported.outputTokenCount());
        } else {
            used = Usage.estimate(Usage.inputChars(sent), streamedChars + Usage.toolCallChars(response.aiMessage()));
        }
        usage = usage == null ? used : usage.plus(used);
        String model = response.metadata() == null ? null : response.metadata().modelName();
        observer.modelTokens(model, used);
        EngineTracer.ModelCallSpan ending = callSpan;
        callSpan = null;
        if (ending != null) {
            ending.completed(model, used, response.finishReason() == null ? null
                    : response.finishReason().name().toLowerCase(Locale.ROOT));
        }
    }

    /** The current call failed or was given up, for {@code reason}: its span ends, once. */
    void failed(String reason) {
        EngineTracer.ModelCallSpan ending = callSpan;
        callSpan = null;
        if (ending != null) {
            ending.failed(reason);
        }
    }

    /** The turn ended: its span ends with the tokens of all its calls. */
    void ended(EngineObserver.TurnOutcome outcome) {
        span.ended(outcome, usage);
    }
}
