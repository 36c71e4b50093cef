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
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
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
    private ModelCall call;
    /** The tokens and traces of the turn's calls; the turn's own span is ended once ({@link #report}). */
    private final CallAccount calls;
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
        this.calls = new CallAccount(host.config().observer(),
                host.config().tracer().turnStarted(host.threadId(), channel));
    }

    EngineTracer.TurnSpan span() {
        return calls.span();
    }

    /** Tells the observer and the tracer how the turn ended: once, whichever path ends it. */
    void report(TurnOutcome outcome) {
        if (reported) {
            return;
        }
        reported = true;
        host.config().observer().turnEnded(outcome, elapsed());
        calls.ended(outcome);
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
            calls.ended(TurnOutcome.CANCELLED);
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
        tools = preview() ? null : new ResponseToolCalls(host.draft(), calls.span());
        ChatRequest request = conversation.request();
        ModelCall current = new ModelCall(host::execute, this);
        call = current;
        calls.sent(request);
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
        calls.streamed();
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
            calls.completed(response, callText.length());
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

    private static String reason(ModelFailure failure) {
        return failure.kind().name().toLowerCase(Locale.ROOT);
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
        calls.failed(reason(failure));
        abandonCall();
        retryOrFail(failure);
    }

    private void retryOrFail(ModelFailure failure) {
        String reason = reason(failure);
        host.config().observer().modelError(reason);
        calls.failed(reason);
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
                replyId, text.toString(), host.now(), userMessage.id(), stopped, calls.usage(), channel)
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
            calls.failed("cancelled");
        }
    }
}
