package dev.agentbuilder.chat.offline.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import dev.agentbuilder.chat.core.KnowledgePrompt;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline model's whole answer to a request: tool calls for a user message that asks for changes, words for
 * everything else. Deterministic: the same request always gives the same response. Safe on any thread: its one cache
 * is a concurrent map of values that depend only on their keys.
 */
public final class OfflineBrain {

    public static final String MODEL_NAME = "offline-builder";

    private static final Logger log = LoggerFactory.getLogger(OfflineBrain.class);

    /**
     * Word counts of messages already counted. Every model call resends the thread's whole memory window (40 messages
     * by default), so without it counting the input was a third of a saturated server's CPU (JFR). Messages are
     * immutable values and equal messages have equal counts; the memory's messages are the same objects from call
     * to call, whose strings cache their hashes, so a hit costs no pass over the text. The system message is left
     * out: it is built afresh for every call. Cleared when full.
     */
    private static final Map<ChatMessage, Integer> WORDS = new ConcurrentHashMap<>();
    private static final int WORDS_CAPACITY = 8_192;

    private OfflineBrain() {
    }

    /** Never throws: anything unexpected becomes a polite reply, as a model has no other way to answer. */
    public static ChatResponse respond(ChatRequest request) {
        AiMessage message;
        try {
            Optional<PreviewAgent.Played> previewed = PreviewAgent.agentIn(request);
            if (previewed.isPresent()) {
                String userText = Conversation.of(request).userText();
                Optional<KnowledgePrompt.Augmented> withPassages = KnowledgePrompt.parse(userText);
                message = AiMessage.from(withPassages.isPresent()
                        ? KnowledgeAnswer.reply(withPassages.get())
                        : PreviewAgent.reply(previewed.get().agent(), previewed.get().prompt(), userText));
            } else {
                message = reply(Conversation.of(request));
            }
        } catch (RuntimeException | StackOverflowError e) {
            // StackOverflowError too: Java's regex engine recurses, and hostile input must not kill the turn.
            log.warn("offline model could not read the conversation; answering with the fallback", e);
            message = AiMessage.from(ReplyWriter.FALLBACK);
        }
        return ChatResponse.builder()
                .aiMessage(message)
                .modelName(MODEL_NAME)
                .tokenUsage(new TokenUsage(inputWords(request), outputWords(message)))
                .finishReason(message.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    static AiMessage reply(Conversation conversation) {
        if (!conversation.outcomes().isEmpty()) {
            List<Intent> asked = IntentParser.parse(conversation.userText());
            return AiMessage.from(ChangeReport.write(conversation.outcomes(), conversation.draft(), asked));
        }
        if (!conversation.endsWithUser()) {
            return AiMessage.from(ReplyWriter.help(conversation.draft(), false));
        }
        List<Intent> intents = IntentParser.parse(conversation.userText());
        EditPlanner.Plan plan = EditPlanner.plan(intents, conversation.draft(), conversation.tools(),
                conversation.toolCallsSoFar() + 1);
        if (!plan.calls().isEmpty()) {
            return AiMessage.from(plan.calls());
        }
        if (!plan.notes().isEmpty()) {
            return AiMessage.from(ReplyWriter.notes(plan.notes(), conversation.draft()));
        }
        if (intents.stream().anyMatch(Intent.Greeting.class::isInstance)) {
            return AiMessage.from(ReplyWriter.welcome(conversation.draft()));
        }
        boolean askedForHelp = intents.stream().anyMatch(Intent.AskHelp.class::isInstance);
        return AiMessage.from(ReplyWriter.help(conversation.draft(), !askedForHelp));
    }

    private static int inputWords(ChatRequest request) {
        try {
            List<ChatMessage> messages = request == null ? null : request.messages();
            return messages == null ? 0 : messages.stream()
                    .filter(Objects::nonNull)
                    .mapToInt(OfflineBrain::words)
                    .sum();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static int words(ChatMessage message) {
        if (message instanceof SystemMessage) {
            return WordChunks.count(Conversation.text(message));
        }
        Integer known = WORDS.get(message);
        if (known != null) {
            return known;
        }
        int words = WordChunks.count(Conversation.text(message));
        if (WORDS.size() >= WORDS_CAPACITY) {
            WORDS.clear();
        }
        WORDS.put(message, words);
        return words;
    }

    private static int outputWords(AiMessage message) {
        int words = WordChunks.count(message.text());
        for (ToolExecutionRequest call : message.toolExecutionRequests()) {
            words += WordChunks.count(call.arguments());
        }
        return words;
    }
}
