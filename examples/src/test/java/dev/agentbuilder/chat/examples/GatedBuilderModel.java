package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.fail;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderPrompt;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The offline builder (as {@link ChatServerFixture#offlineModel()}) with a gate the test can close. While it is
 * closed, the builder's answer in words after its tool calls ran (the model call that ends a turn) waits until the
 * gate opens again: the turn is then certainly still running, with its changes to the draft already made. Open, it
 * is the offline builder.
 *
 * <p>Called by the engine on its workers and by the test on its own thread; the gate is guarded by {@code this}.
 */
final class GatedBuilderModel implements StreamingChatModel {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final StreamingChatModel model = ChatServerFixture.offlineModel();
    /** The draft each held call was given, as the test has not taken them yet. */
    private final BlockingQueue<AgentDraft> heldDrafts = new LinkedBlockingQueue<>();
    private boolean closed;
    private final List<Runnable> held = new ArrayList<>();

    /** From now on, the builder's answers in words wait until {@link #open()}. */
    synchronized void close() {
        closed = true;
    }

    /** Lets the answers held go on, and holds no more. */
    void open() {
        List<Runnable> waiting;
        synchronized (this) {
            closed = false;
            waiting = List.copyOf(held);
            held.clear();
        }
        heldDrafts.clear();
        waiting.forEach(Runnable::run);
    }

    /**
     * Waits until an answer is held, and returns the draft as the builder left it: the version a page shows once
     * the turn's changes have reached it.
     */
    AgentDraft awaitHeldAnswer() {
        try {
            AgentDraft draft = heldDrafts.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (draft == null) {
                fail("no answer of the builder was held within " + TIMEOUT);
            }
            return draft;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        synchronized (this) {
            if (closed && afterToolCalls(request)) {
                held.add(() -> model.doChat(request, handler));
                heldDrafts.add(draftIn(request));
                return;
            }
        }
        model.doChat(request, handler);
    }

    private static boolean afterToolCalls(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        return !messages.isEmpty() && messages.get(messages.size() - 1) instanceof ToolExecutionResultMessage;
    }

    private static AgentDraft draftIn(ChatRequest request) {
        return request.messages().stream()
                .filter(SystemMessage.class::isInstance)
                .map(m -> BuilderPrompt.draftIn(((SystemMessage) m).text()))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new AssertionError("a builder's model call without the draft: " + request));
    }
}
