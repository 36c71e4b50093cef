package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.Citation;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.EngineObserver.TurnOutcome;
import dev.agentbuilder.chat.core.EngineTracer;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.Usage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the agent builder for one user message: model calls, the tool calls between them, and the streamed
 * text, which ends as one stored assistant message. The same for every {@code StreamingChatModel}, the offline one
 * and the providers'. What each call sends and what the chat memory keeps of the turn is {@link TurnConversation}'s.
 *
 * <p>A model call that fails before it streamed anything, for a reason a retry can fix, is tried again after a
 * backoff; once it streamed, a failure ends the turn. When a call is given up on, and when it is tried again, is
 * {@link CallTiming}'s. Tool calls are applied to the draft as each one completes, while the model still streams.
 *
 * <p>Confined to the host's executor (the thread's). The model calls back on its own workers; {@link ModelCall} hands
 * every callback over to that executor, and callbacks of a call that is no longer current are dropped.
 */
final class Turn implements ModelCall.Listener, CallTiming.Listener {

    private static final Logger log = LoggerFactory.getLogger(Turn.class);

    /** A model that keeps calling tools is stopped after this many calls; what it said so far is the reply. */
    static final int MAX_MODEL_CALLS = 8;

    private final TurnHost host;
    final ThreadMessage userMessage;
    /** The builder's turn, or a preview's: the agent being built answers, with no tools, in its own memory. */
    private final Channel channel;
    final String replyId;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder callText = new StringBuilder();
    private final TurnConversation conversation;
    private final CallTiming timing;
    private int modelCalls;
    private Usage usage;
    private ModelCall call;
    /** The trace of the whole turn, ended once ({@link #report}); of the current model call, null between calls. */
    private final EngineTracer.TurnSpan span;
    private EngineTracer.ModelCallSpan callSpan;
    /** What the current call sent: its size is the estimate of its input tokens when the provider reports none. */
    private ChatRequest sent;
    private boolean callChunked;
    private boolean reported;
    private ResponseToolCalls tools;
    private boolean flushQueued;
    private boolean done;
    private long startedNanos;
    private boolean anyDelta;
    private AgentDraft draftBefore;
    /** The knowledge passages a preview's answer is given: its citations. */
    private List<Citation> citations = List.of();

    Turn(TurnHost host, ThreadMessage userMessage, String replyId) {
        this.host = host;
        this.userMessage = userMessage;
        this.replyId = replyId;
        this.channel = userMessage.channel();
        this.conversation = new TurnConversation(host, channel, userMessage.content());
        this.timing = new CallTiming(host, this);
        this.span = host.config().tracer().turnStarted(host.threadId(), channel);
    }

    EngineTracer.TurnSpan span() {
        return span;
    }

    /** Tells the observer and the tracer how the turn ended: once, whichever path ends it. */
    void report(TurnOutcome outcome) {
        if (reported) {
            return;
        }
        reported = true;
        host.config().observer().turnEnded(outcome, elapsed());
        span.ended(outcome, usage);
    }

    private boolean preview() {
        return channel == Channel.PREVIEW;
    }

    void start() {
        startedNanos = System.nanoTime();
        draftBefore = host.draft();
        try {
            conversation.begin();
        } catch (RuntimeException e) {
            fail(ErrorCode.INTERNAL, "The conversation could not be updated. Please try again.", e.toString());
            return;
        }
        EngineKnowledge knowledge = host.knowledge();
        if (preview() && knowledge != null && knowledge.searches(draftBefore)) {
            knowledge.search(host.threadId(), draftBefore, userMessage.content())
                    .whenComplete((found, failure) -> host.execute(() -> searched(found, failure)));
            return;
        }
        callModel();
    }

    /** The knowledge search ended: the model is asked with what it found, or without, if it failed. */
    private void searched(PassageSearch.Found found, Throwable failure) {
        if (done) {
            return;
        }
        if (failure != null) {
            log.warn("could not search the knowledge files of thread {}", host.threadId(), failure);
        } else if (found != null) {
            citations = found.citations();
            conversation.augment(found.augmentedText());
        }
        callModel();
    }

    /** The chat memory and the draft as they were before this turn: what undoing it restores. */
    List<ChatMessage> memoryBefore() {
        return conversation.before();
    }

    AgentDraft draftBefore() {
        return draftBefore;
    }

    /** Ends the turn without a word to anyone: its user message was not stored after all. */
    void abandon() {
        done = true;
        abandonCall();
        timing.cancel();
        if (!reported) {
            reported = true;
            span.ended(TurnOutcome.CANCELLED, usage);
        }
    }

    /** A write of this turn's draft changes failed: the turn fails, unless it has ended. */
    void storeFailed() {
        if (!done) {
            fail(ErrorCode.INTERNAL, "The builder's work could not be saved. Please try again.",
                    "its draft changes could not be stored");
        }
    }

    /** The draft was changed by hand on another node while this turn changed it: the turn fails, unless it ended. */
    void draftChangedMeanwhile() {
        if (!done) {
            fail(ErrorCode.INTERNAL, "The agent was changed by hand while the builder worked, so its changes were "
                    + "not saved. Please send your message again.", "a change by hand on another node came first");
        }
    }

    /** Stops the turn; the text streamed so far is stored as the reply, marked stopped. */
    void cancel() {
        if (done) {
            return;
        }
        timing.cancel();
        abandonCall();
        try {
            flushDrafts();
            conversation.stopped(text);
        } catch (RuntimeException e) {
            log.warn("could not record a stopped reply in thread {}", host.threadId(), e);
        }
        finish(true);
    }

    /** A new model call, the next step of the turn. */
    private void callModel() {
        modelCalls++;
        timing.newCall();
        send();
    }

    /** Sends the conversation as it is now to the model: a new call, or the retry of one that streamed nothing. */
    private void send() {
        callText.setLength(0);
        tools = preview() ? null : new ResponseToolCalls(host.draft(), span);
        ChatRequest request = conversation.request();
        sent = request;
        ModelCall current = new ModelCall(host::execute, this);
        call = current;
        callSpan = span.modelCall();
        callChunked = false;
        timing.sent();
        try {
            host.config().model().chat(request, current);
        } catch (RuntimeException e) {
            onError(current, e);
        }
    }

    @Override
    public void onDelta(ModelCall from, String delta) {
        if (from != call || delta == null || delta.isEmpty()) {
            return;
        }
        progressed();
        stream(delta);
    }

    @Override
    public void onStreaming(ModelCall from) {
        if (from == call) {
            progressed();
        }
    }

    /** The current call streamed something: the call is alive, and its first chunk is traced. */
    private void progressed() {
        timing.progressed();
        if (!callChunked) {
            callChunked = true;
            callSpan.firstChunk();
        }
    }

    @Override
    public void onToolCall(ModelCall from, ToolExecutionRequest request) {
        if (from != call || tools == null) {
            // A preview's agent was offered no tools: a call it makes anyway changes nothing.
            return;
        }
        progressed();
        tools.run(request);
        if (!flushQueued) {
            // Tool calls that arrive together are stored with one write; the flush runs after those queued now.
            flushQueued = true;
            host.execute(() -> {
                flushQueued = false;
                if (!done) {
                    flushDrafts();
                }
            });
        }
    }

    private void flushDrafts() {
        if (tools != null) {
            host.applyDrafts(this, tools.takeChanges());
        }
    }

    /** How long since the turn started. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private void stream(String delta) {
        if (!anyDelta) {
            anyDelta = true;
            host.config().observer().firstDelta(elapsed());
        }
        callText.append(delta);
        text.append(delta);
        host.publishForTurn(new AssistantDelta(replyId, delta, channel, host.fence(),
                text.length() == delta.length() ? citations : List.of()));
    }

    @Override
    public void onComplete(ModelCall from, ChatResponse response) {
        if (from != call) {
            return;
        }
        call = null;
        try {
            AiMessage ai = response.aiMessage();
            streamWhatWasNotStreamed(ai.text());
            callCompleted(response);
            ai = conversation.answered(ai);
            if (!ai.hasToolExecutionRequests()) {
                flushDrafts();
                finish(false);
                return;
            }
            conversation.toolResults(tools.complete(ai.toolExecutionRequests()));
            flushDrafts();
            if (modelCalls >= MAX_MODEL_CALLS) {
                log.warn("model kept calling tools in thread {}; ending the turn after {} calls",
                        host.threadId(), modelCalls);
                finish(false);
                return;
            }
            callModel();
        } catch (ChatException e) {
            fail(ErrorCode.INTERNAL, "The builder's work could not be saved. Please try again.", e.toString());
        } catch (RuntimeException e) {
            fail(ErrorCode.AGENT_ERROR, "The agent builder gave an answer it could not use. Please try again.",
                    e.getClass().getName());
        }
    }

    /** Some providers send part of the text only in the final response; stream the rest so deltas add up. */
    private void streamWhatWasNotStreamed(String full) {
        if (full != null && full.length() > callText.length() && full.startsWith(callText.toString())) {
            stream(full.substring(callText.length()));
        }
    }

    /** Adds the call's tokens to the turn's, estimated when the provider reported none, and ends its span. */
    private void callCompleted(ChatResponse response) {
        TokenUsage reported = response.tokenUsage();
        Usage used;
        if (reported != null && reported.inputTokenCount() != null && reported.outputTokenCount() != null) {
            used = new Usage(reported.inputTokenCount(), reported.outputTokenCount());
        } else {
            used = Usage.estimate(TurnConversation.chars(sent), callText.length() + toolCallChars(response.aiMessage()));
        }
        usage = usage == null ? used : usage.plus(used);
        String model = response.metadata() == null ? null : response.metadata().modelName();
        host.config().observer().modelTokens(model, used);
        EngineTracer.ModelCallSpan ending = callSpan;
        callSpan = null;
        if (ending != null) {
            ending.completed(model, used, response.finishReason() == null ? null
                    : response.finishReason().name().toLowerCase(Locale.ROOT));
        }
    }

    private static long toolCallChars(AiMessage ai) {
        if (ai == null || !ai.hasToolExecutionRequests()) {
            return 0;
        }
        long chars = 0;
        for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
            chars += length(request.name()) + length(request.arguments());
        }
        return chars;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static String reason(ModelFailure failure) {
        return failure.kind().name().toLowerCase(Locale.ROOT);
    }

    /** The current call's span ends as failed, once. */
    private void callFailed(String reason) {
        EngineTracer.ModelCallSpan ending = callSpan;
        callSpan = null;
        if (ending != null) {
            ending.failed(reason);
        }
    }

    @Override
    public void onError(ModelCall from, Throwable error) {
        if (from != call) {
            return;
        }
        call = null;
        retryOrFail(ModelFailure.of(error, timing.streamed()));
    }

    @Override
    public boolean waiting() {
        return !done && call != null;
    }

    @Override
    public void silent(ModelFailure failure) {
        callFailed(reason(failure));
        abandonCall();
        retryOrFail(failure);
    }

    private void retryOrFail(ModelFailure failure) {
        String reason = reason(failure);
        host.config().observer().modelError(reason);
        callFailed(reason);
        boolean retrying = timing.retryLater(failure, () -> {
            if (!done) {
                send();
            }
        });
        if (retrying) {
            return;
        }
        flushDrafts();
        fail(ErrorCode.AGENT_ERROR, failure.userText(), failure.summary());
    }

    private void finish(boolean stopped) {
        done = true;
        call = null;
        timing.cancel();
        host.turnFinished(this, ThreadMessage.assistant(
                replyId, text.toString(), host.now(), userMessage.id(), stopped, usage, channel)
                .withCitations(citations));
    }

    /** Ends the turn with an error to every member. {@code why} goes to the log: no message contents, no bodies. */
    private void fail(ErrorCode code, String message, String why) {
        done = true;
        abandonCall();
        timing.cancel();
        log.warn("turn failed in thread {}: {}", host.threadId(), why);
        host.turnFailed(this, code, message);
    }

    private void abandonCall() {
        ModelCall current = call;
        call = null;
        if (current != null) {
            current.cancelUpstream();
            callFailed("cancelled");
        }
    }
}
