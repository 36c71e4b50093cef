package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.BuilderPrompt;
import dev.agentbuilder.chat.core.BuilderTools;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.PreviewPrompt;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One turn's conversation with the model, in its channel's chat memory: the user message (unless a resumed turn's
 * memory holds it already), the model's answers and the results of its tool calls as they come, the request each
 * model call sends, and the memory as it was before the turn, which undoing the turn restores. The memory is asked of
 * the host at every use: a thread read again under a new lease has new memories.
 *
 * <p>Confined to the thread's executor, as its {@link Turn} is.
 */
final class TurnConversation {

    private final TurnHost host;
    /** The builder's conversation, or a preview's: the agent being built answers, with no tools. */
    private final Channel channel;
    private final String userText;
    private List<ChatMessage> before = List.of();
    /** The user message as the model gets it, with knowledge passages; null when it gets it as the user wrote it. */
    private String augmented;

    TurnConversation(TurnHost host, Channel channel, String userText) {
        this.host = host;
        this.channel = channel;
        this.userText = userText;
    }

    private ChatMemory memory() {
        return host.memory(channel);
    }

    private boolean preview() {
        return channel == Channel.PREVIEW;
    }

    /** Keeps the memory as it is, then adds the user message to it unless it ends with this turn already. */
    void begin() {
        before = memory().messages();
        if (!endsWithThisTurn()) {
            memory().add(UserMessage.from(userText));
        }
    }

    /**
     * True when the chat memory already holds this user message followed only by tool work: a turn interrupted by a
     * crash, now resumed. The model then carries on from there instead of seeing the message twice.
     */
    private boolean endsWithThisTurn() {
        List<ChatMessage> messages = memory().messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage m = messages.get(i);
            if (m instanceof ToolExecutionResultMessage || m instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
                continue;
            }
            return m instanceof UserMessage user && user.hasSingleText() && user.singleText().equals(userText);
        }
        return false;
    }

    /**
     * Sends the model the user message with the knowledge passages found for it, in this turn's calls only: the chat
     * memory keeps the message as the user wrote it.
     */
    void augment(String text) {
        augmented = text;
    }

    /** The chat memory as it was before this turn: what undoing it restores. */
    List<ChatMessage> before() {
        return before;
    }

    /** What the next model call sends: the prompt for the draft as it is now, the memory, and the builder's tools. */
    ChatRequest request() {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(preview()
                ? PreviewPrompt.systemMessage(host.draft())
                : BuilderPrompt.systemMessage(host.draft())));
        messages.addAll(memory().messages());
        if (augmented != null) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i) instanceof UserMessage user && user.hasSingleText()
                        && user.singleText().equals(userText)) {
                    messages.set(i, UserMessage.from(augmented));
                    break;
                }
            }
        }
        ChatRequest.Builder request = ChatRequest.builder().messages(messages);
        if (!preview()) {
            request.toolSpecifications(BuilderTools.specifications());
        }
        return request.build();
    }

    /**
     * Adds a model call's answer, and returns it as the turn goes on with it: without tool calls in a preview, whose
     * agent was offered none.
     */
    AiMessage answered(AiMessage ai) {
        if (preview() && ai.hasToolExecutionRequests()) {
            ai = AiMessage.from(ai.text() == null ? "" : ai.text());
        }
        boolean saidNothing = (ai.text() == null || ai.text().isBlank()) && !ai.hasToolExecutionRequests();
        // An empty assistant message in the memory would be refused by Anthropic in every later call.
        memory().add(saidNothing ? AiMessage.from("(no reply)") : ai);
        return ai;
    }

    /** Adds the results of the tool calls of the answer just added. */
    void toolResults(List<ResponseToolCalls.Ran> ran) {
        for (ResponseToolCalls.Ran each : ran) {
            memory().add(ToolExecutionResultMessage.builder()
                    .id(each.request().id())
                    .toolName(each.request().name())
                    .text(each.result().result())
                    .isError(each.result().error())
                    .build());
        }
    }

    /** Adds the reply of a turn stopped by the user: the text streamed so far. */
    void stopped(CharSequence text) {
        memory().add(AiMessage.from(text.isEmpty() ? "(stopped by the user)" : text.toString()));
    }
}
