package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.Usage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the agent builder for one user message: model calls, the tool calls between them, and the streamed
 * text, which ends as one stored assistant message.
 *
 * <p>Confined to the session's executor. The model calls back on its own threads; {@link ModelCall} hands every
 * callback over to the session's executor, and callbacks of a call that is no longer current are dropped.
 */
final class Turn {

    private static final Logger log = LoggerFactory.getLogger(Turn.class);

    /** A model that keeps calling tools is stopped after this many calls; what it said so far is the reply. */
    static final int MAX_MODEL_CALLS = 8;

    private final ThreadSession session;
    final ThreadMessage userMessage;
    final String replyId;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder callText = new StringBuilder();
    private int modelCalls;
    private Usage usage;
    private ModelCall call;
    private boolean done;
    private long lastProgressNanos;
    private ScheduledFuture<?> watchdog;

    Turn(ThreadSession session, ThreadMessage userMessage, String replyId) {
        this.session = session;
        this.userMessage = userMessage;
        this.replyId = replyId;
    }

    void start() {
        try {
            if (!memoryEndsWithThisTurn()) {
                session.memory().add(UserMessage.from(userMessage.content()));
            }
        } catch (RuntimeException e) {
            fail(ErrorCode.INTERNAL, "The conversation could not be updated. Please try again.", e);
            return;
        }
        callModel();
    }

    /**
     * True when the chat memory already holds this user message followed only by tool work: a turn interrupted by a
     * crash, now resumed. The model then carries on from there instead of seeing the message twice.
     */
    private boolean memoryEndsWithThisTurn() {
        List<ChatMessage> messages = session.memory().messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage m = messages.get(i);
            if (m instanceof ToolExecutionResultMessage || m instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
                continue;
            }
            return m instanceof UserMessage user && user.hasSingleText()
                    && user.singleText().equals(userMessage.content());
        }
        return false;
    }

    /** Stops the turn; the text streamed so far is stored as the reply, marked stopped. */
    void cancel() {
        if (done) {
            return;
        }
        abandonCall();
        try {
            session.memory().add(AiMessage.from(text.isEmpty() ? "(stopped by the user)" : text.toString()));
        } catch (RuntimeException e) {
            log.warn("could not record a stopped reply in the chat memory of thread {}", session.threadId, e);
        }
        finish(true);
    }

    private void callModel() {
        modelCalls++;
        callText.setLength(0);
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(BuilderPrompt.systemMessage(session.draft())));
        messages.addAll(session.memory().messages());
        ChatRequest request = ChatRequest.builder()
                .messages(messages)
                .toolSpecifications(ToolBox.SPECIFICATIONS)
                .build();
        ModelCall current = new ModelCall();
        call = current;
        progress();
        armWatchdog();
        try {
            session.config.model().chat(request, current);
        } catch (RuntimeException e) {
            onError(current, e);
        }
    }

    private void onDelta(ModelCall from, String delta) {
        if (from != call || delta == null || delta.isEmpty()) {
            return;
        }
        progress();
        stream(delta);
    }

    private void stream(String delta) {
        callText.append(delta);
        text.append(delta);
        session.publish(new AssistantDelta(replyId, delta));
    }

    private void onComplete(ModelCall from, ChatResponse response) {
        if (from != call) {
            return;
        }
        call = null;
        try {
            AiMessage ai = response.aiMessage();
            addUsage(response.tokenUsage());
            streamWhatWasNotStreamed(ai.text());
            session.memory().add(ai.text() == null && !ai.hasToolExecutionRequests() ? AiMessage.from("") : ai);
            if (!ai.hasToolExecutionRequests()) {
                finish(false);
                return;
            }
            runTools(ai.toolExecutionRequests());
            if (modelCalls >= MAX_MODEL_CALLS) {
                log.warn("model kept calling tools in thread {}; ending the turn after {} calls",
                        session.threadId, modelCalls);
                finish(false);
                return;
            }
            callModel();
        } catch (ChatException e) {
            fail(ErrorCode.INTERNAL, "The builder's work could not be saved. Please try again.", e);
        } catch (RuntimeException e) {
            fail(ErrorCode.AGENT_ERROR, "The agent builder gave an answer it could not use. Please try again.", e);
        }
    }

    /** Some providers send part of the text only in the final response; stream the rest so deltas add up. */
    private void streamWhatWasNotStreamed(String full) {
        if (full != null && full.length() > callText.length() && full.startsWith(callText.toString())) {
            stream(full.substring(callText.length()));
        }
    }

    private void runTools(List<ToolExecutionRequest> requests) {
        ToolBox box = new ToolBox(session.threadId, session.draft());
        List<AgentDraft> changes = new ArrayList<>();
        for (ToolExecutionRequest request : requests) {
            ToolBox.Result result = box.execute(request);
            session.memory().add(ToolExecutionResultMessage.builder()
                    .id(request.id())
                    .toolName(request.name())
                    .text(result.text())
                    .isError(result.error())
                    .build());
            AgentDraft now = box.draft();
            if (!now.equals(changes.isEmpty() ? session.draft() : changes.get(changes.size() - 1))) {
                changes.add(now);
            }
        }
        session.applyDrafts(changes);
    }

    private void onError(ModelCall from, Throwable error) {
        if (from != call) {
            return;
        }
        call = null;
        fail(ErrorCode.AGENT_ERROR,
                "The agent builder could not answer right now. Your message is kept; please try again.", error);
    }

    private void finish(boolean stopped) {
        done = true;
        call = null;
        cancelWatchdog();
        session.turnFinished(this, ThreadMessage.assistant(
                replyId, text.toString(), session.now(), userMessage.id(), stopped, usage));
    }

    private void fail(ErrorCode code, String message, Throwable cause) {
        done = true;
        abandonCall();
        cancelWatchdog();
        log.warn("turn failed in thread {}: {}", session.threadId, cause.toString());
        session.turnFailed(this, code, message);
    }

    private void abandonCall() {
        ModelCall current = call;
        call = null;
        if (current != null) {
            current.cancelUpstream();
        }
    }

    private void addUsage(TokenUsage reported) {
        if (reported == null || reported.inputTokenCount() == null || reported.outputTokenCount() == null) {
            return;
        }
        Usage u = new Usage(reported.inputTokenCount(), reported.outputTokenCount());
        usage = usage == null ? u : usage.plus(u);
    }

    private void progress() {
        lastProgressNanos = System.nanoTime();
    }

    private void armWatchdog() {
        cancelWatchdog();
        watchdog = session.registry.schedule(() -> session.execute(this::checkProgress),
                session.config.modelIdleTimeout());
    }

    private void checkProgress() {
        watchdog = null;
        if (done || call == null) {
            return;
        }
        long idleNanos = System.nanoTime() - lastProgressNanos;
        long limitNanos = session.config.modelIdleTimeout().toNanos();
        if (idleNanos >= limitNanos) {
            fail(ErrorCode.AGENT_ERROR, "The agent builder did not answer in time. Your message is kept; "
                    + "please try again.", new ChatException("model idle for " + idleNanos / 1_000_000 + " ms", true));
            return;
        }
        watchdog = session.registry.schedule(() -> session.execute(this::checkProgress),
                Duration.ofNanos(limitNanos - idleNanos));
    }

    private void cancelWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }

    /** The handler for one model call; every callback is handed to the session's executor. */
    private final class ModelCall implements StreamingChatResponseHandler {

        private volatile StreamingHandle handle;
        private volatile boolean abandoned;

        @Override
        public void onPartialResponse(String partialResponse) {
            session.execute(() -> onDelta(this, partialResponse));
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            handle = context.streamingHandle();
            if (abandoned) {
                cancelUpstream();
                return;
            }
            session.execute(() -> onDelta(this, partialResponse.text()));
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            session.execute(() -> onComplete(this, completeResponse));
        }

        @Override
        public void onError(Throwable error) {
            session.execute(() -> Turn.this.onError(this, error));
        }

        /** Closes the provider's stream, now if it has started, else at its first token. */
        void cancelUpstream() {
            abandoned = true;
            StreamingHandle h = handle;
            if (h != null && !h.isCancelled()) {
                try {
                    h.cancel();
                } catch (RuntimeException e) {
                    log.debug("cancelling a model stream failed", e);
                }
            }
        }
    }
}
