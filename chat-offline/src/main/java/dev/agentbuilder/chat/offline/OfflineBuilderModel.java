package dev.agentbuilder.chat.offline;

import dev.agentbuilder.chat.offline.internal.OfflineBrain;
import dev.agentbuilder.chat.offline.internal.StreamReplay;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic stand-in for an LLM that plays the agent builder with no network, so the real tool-calling path
 * runs in tests, demos and offline use. It reads the conversation the way the builder's model would: the draft from
 * the system message's {@code <draft>} block, the last user message, and the results of its own tool calls.
 *
 * <p>What it understands in a user message (case-insensitive, several sentences or lines at once):
 * <ul>
 *   <li>a purpose: "I want an agent that helps me plan trips", "I need a bot that ...", "Create an assistant
 *       that/which/who/to ...", "build me an agent to ...", "make an agent for ..." &mdash; sets the description,
 *       proposes a name while there is none, and writes first instructions while there are none;</li>
 *   <li>a name: "Call it Wanderlust", "Name it ...", "rename it to ...", "its name should be ...";</li>
 *   <li>a rule: "It should always answer in French", "it must ...", "the agent should ...", "always ...",
 *       "never ..." &mdash; appended to the instructions once;</li>
 *   <li>a starter: "Add a conversation starter: Plan a weekend in Rome", "add starter ...", "remove starter ...";</li>
 *   <li>capabilities: "Enable web search", "turn off code interpreter", "add image_generation", "remove file
 *       search", several in one message;</li>
 *   <li>"description: ...", "describe it as ...", "instructions: ..." (replaces them);</li>
 *   <li>greetings and "help".</li>
 * </ul>
 * A user message that asks for changes is answered with tool calls only; anything else with words only. After its
 * tool calls ran it answers in words: what changed, what failed and why, and what is still missing. The same
 * request always gives the same response, tool call ids included.
 *
 * <p>A request whose system message is a {@code PreviewPrompt} (a preview turn) is answered by the agent being built
 * instead, in character and with no tool calls: it says its name and what it does, lists its capabilities, and
 * speaks the language its instructions ask for ("always answer in French"; English, French, Spanish, German and
 * Italian).
 *
 * <p>{@link #chat(ChatRequest)} answers on the caller's thread. The streaming {@code chat} returns at once; every
 * callback then arrives on the shared daemon worker named {@code offline-model}, never on the caller's thread: the
 * text in word-sized {@code onPartialResponse} chunks, then one {@code onCompleteToolCall} per call, then
 * {@code onCompleteResponse}. Cancelling through the {@code StreamingHandle} in the partial response context stops
 * all further callbacks. Neither path throws or calls {@code onError}: a request it cannot read gets a polite reply.
 *
 * <p>Immutable and thread-safe. There is nothing to close: the {@code offline-model} thread is a daemon shared by all
 * instances.
 */
public final class OfflineBuilderModel implements ChatModel, StreamingChatModel {

    private static final Logger log = LoggerFactory.getLogger(OfflineBuilderModel.class);

    private final Duration chunkDelay;

    private OfflineBuilderModel(Duration chunkDelay) {
        this.chunkDelay = chunkDelay;
    }

    /** A model that streams its chunks back to back. */
    public static OfflineBuilderModel create() {
        return new OfflineBuilderModel(Duration.ZERO);
    }

    /**
     * A model that pauses between streamed chunks, so a demo looks like a real model typing.
     *
     * @param chunkDelay the pause between chunks, zero or more
     */
    public static OfflineBuilderModel withChunkDelay(Duration chunkDelay) {
        Objects.requireNonNull(chunkDelay, "chunkDelay");
        if (chunkDelay.isNegative()) {
            throw new IllegalArgumentException("chunkDelay must not be negative: " + chunkDelay);
        }
        return new OfflineBuilderModel(chunkDelay);
    }

    /** The pause between streamed chunks. */
    public Duration chunkDelay() {
        return chunkDelay;
    }

    /** Answers on the caller's thread, without blocking on anything else. Never throws. */
    @Override
    public ChatResponse doChat(ChatRequest request) {
        return OfflineBrain.respond(request);
    }

    /**
     * Works out the whole response on the caller's thread, then streams it from the {@code offline-model} thread and
     * returns at once. Never throws and never calls {@code onError}.
     */
    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        if (handler == null) {
            log.warn("offline model called without a handler; nothing to answer to");
            return;
        }
        StreamReplay.start(OfflineBrain.respond(request), handler, chunkDelay);
    }

    // Both interfaces define these defaults, so Java requires one choice here.

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return DefaultChatRequestParameters.EMPTY;
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public Set<dev.langchain4j.model.chat.Capability> supportedCapabilities() {
        return Set.of();
    }

    @Override
    public String toString() {
        return "OfflineBuilderModel[chunkDelay=" + chunkDelay + "]";
    }
}
