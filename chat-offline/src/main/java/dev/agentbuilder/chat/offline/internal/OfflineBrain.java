package dev.agentbuilder.chat.offline.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.Objects;
import dev.agentbuilder.chat.core.KnowledgePrompt;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline model's whole answer to a request: tool calls for a user message that asks for changes, words for
 * everything else. Deterministic: the same request always gives the same response. Stateless.
 */
public final class OfflineBrain {

    public static final String MODEL_NAME = "offline-builder";

    private static final Logger log = LoggerFactory.getLogger(OfflineBrain.class);

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

    /**
     * The words of a message, counted part by part where the parts are, without joining them: every model call
     * resends the thread's whole memory window (40 messages by default). A cache of counts by message cost more
     * than counting (langchain4j's messages hash their whole contents; by identity, its lookups were still a tenth
     * of a saturated server's CPU), and the words of joined parts are the sum of theirs, as parts are joined with
     * whitespace.
     */
    private static int words(ChatMessage message) {
        if (message instanceof UserMessage user) {
            return contentWords(user.contents());
        }
        if (message instanceof ToolExecutionResultMessage result) {
            return contentWords(result.contents());
        }
        if (message instanceof AiMessage ai) {
            int words = WordChunks.count(ai.text());
            for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                words += WordChunks.count(call.arguments());
            }
            return words;
        }
        return WordChunks.count(Conversation.text(message));
    }

    private static int contentWords(List<Content> contents) {
        int words = 0;
        for (Content content : contents) {
            if (content instanceof TextContent text) {
                words += WordChunks.count(text.text());
            }
        }
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
