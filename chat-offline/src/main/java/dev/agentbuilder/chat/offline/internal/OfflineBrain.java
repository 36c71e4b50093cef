package dev.agentbuilder.chat.offline.internal;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import dev.agentbuilder.chat.core.KnowledgePrompt;
import dev.agentbuilder.chat.core.Usage;
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
                .tokenUsage(usage(request, message))
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

    /**
     * The engine's own estimate of the call ({@link Usage#estimate}: a token per 4 characters), from the lengths of
     * the texts alone. The model counted words before, and counting the memory window resent with every call (the
     * system prompt included) was a tenth of a saturated server's CPU (JFR), for a stand-in's made-up figure.
     */
    private static TokenUsage usage(ChatRequest request, AiMessage answer) {
        Usage estimate;
        try {
            estimate = Usage.estimate(request, answer);
        } catch (RuntimeException e) {
            estimate = Usage.estimate(0, Usage.outputChars(answer));
        }
        return new TokenUsage(estimate.inputTokens(), estimate.outputTokens());
    }
}
