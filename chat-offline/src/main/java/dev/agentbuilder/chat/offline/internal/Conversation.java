package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderPrompt;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the model needs from a request: the draft from the system message, the last user message, and the outcomes
 * of the tool calls it made last, if the request ends with their results.
 *
 * @param draft          the draft as it is now, or empty when there is no builder system message
 * @param draftKnown     whether the draft came from a system message
 * @param userText       the text of the last user message, empty when there is none
 * @param outcomes       the results the request ends with, paired with this model's calls; empty after a user message
 * @param endsWithUser   whether the last message is the user's
 * @param toolCallsSoFar tool calls in the request's messages, so new call ids do not repeat earlier ones
 * @param tools          the names of the tools the request offers
 */
record Conversation(
        AgentDraft draft,
        boolean draftKnown,
        String userText,
        List<ToolOutcome> outcomes,
        boolean endsWithUser,
        int toolCallsSoFar,
        Set<String> tools) {

    Conversation {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(userText, "userText");
        outcomes = List.copyOf(outcomes);
        tools = Set.copyOf(tools);
    }

    static Conversation of(ChatRequest request) {
        List<ChatMessage> messages = request == null || request.messages() == null
                ? List.of()
                : request.messages().stream().filter(Objects::nonNull).toList();
        Optional<AgentDraft> draft = draftIn(messages);
        AgentDraft current = draft.orElse(AgentDraft.empty());

        int end = messages.size();
        int firstResult = end;
        while (firstResult > 0 && messages.get(firstResult - 1) instanceof ToolExecutionResultMessage) {
            firstResult--;
        }
        List<ToolOutcome> outcomes = new ArrayList<>();
        if (firstResult < end) {
            List<ToolExecutionRequest> calls = firstResult > 0 && messages.get(firstResult - 1) instanceof AiMessage ai
                    ? ai.toolExecutionRequests()
                    : List.of();
            for (int i = firstResult; i < end; i++) {
                ToolExecutionResultMessage result = (ToolExecutionResultMessage) messages.get(i);
                outcomes.add(outcome(result, callFor(result, calls, i - firstResult), current, draft.isPresent()));
            }
        }

        String userText = "";
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage user) {
                userText = text(user);
                break;
            }
        }
        int toolCalls = messages.stream()
                .filter(AiMessage.class::isInstance)
                .mapToInt(m -> ((AiMessage) m).toolExecutionRequests().size())
                .sum();
        boolean endsWithUser = !messages.isEmpty() && messages.get(end - 1) instanceof UserMessage;
        return new Conversation(current, draft.isPresent(), userText, outcomes, endsWithUser, toolCalls,
                toolNames(request));
    }

    private static Optional<AgentDraft> draftIn(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            if (m instanceof SystemMessage system) {
                try {
                    Optional<AgentDraft> draft = BuilderPrompt.draftIn(system.text());
                    if (draft.isPresent()) {
                        return draft;
                    }
                } catch (RuntimeException e) {
                    // A damaged draft must not stop the reply; the model answers as if the draft were new.
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static ToolExecutionRequest callFor(ToolExecutionResultMessage result, List<ToolExecutionRequest> calls,
            int position) {
        for (ToolExecutionRequest call : calls) {
            if (call.id() != null && call.id().equals(result.id())) {
                return call;
            }
        }
        if (position < calls.size()) {
            return calls.get(position);
        }
        // A result with no matching call still deserves an answer; describe it from the result alone.
        return ToolExecutionRequest.builder().id(result.id()).name(result.toolName()).arguments("{}").build();
    }

    private static ToolOutcome outcome(ToolExecutionResultMessage result, ToolExecutionRequest call, AgentDraft draft,
            boolean draftKnown) {
        String text = text(result);
        boolean failed;
        if (result.isError() != null) {
            failed = result.isError();
        } else if (text.strip().regionMatches(true, 0, "error", 0, 5)) {
            failed = true;
        } else {
            failed = draftKnown && !ToolRequests.showsIn(draft, call).orElse(true);
        }
        return new ToolOutcome(call, text, failed);
    }

    private static Set<String> toolNames(ChatRequest request) {
        List<ToolSpecification> specs = request == null || request.parameters() == null
                ? null
                : request.toolSpecifications();
        return specs == null ? Set.of() : specs.stream()
                .filter(Objects::nonNull)
                .map(ToolSpecification::name)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    /** All the text a message carries, for reading it and for counting words. */
    static String text(ChatMessage message) {
        if (message instanceof SystemMessage system) {
            return Objects.requireNonNullElse(system.text(), "");
        }
        if (message instanceof UserMessage user) {
            return user.contents().stream()
                    .filter(TextContent.class::isInstance)
                    .map(c -> ((TextContent) c).text())
                    .collect(Collectors.joining("\n"));
        }
        if (message instanceof AiMessage ai) {
            StringBuilder sb = new StringBuilder(Objects.requireNonNullElse(ai.text(), ""));
            ai.toolExecutionRequests().forEach(r -> sb.append(' ').append(Objects.requireNonNullElse(r.arguments(), "")));
            return sb.toString();
        }
        if (message instanceof ToolExecutionResultMessage result) {
            return result.contents().stream()
                    .filter(TextContent.class::isInstance)
                    .map(c -> ((TextContent) c).text())
                    .collect(Collectors.joining("\n"));
        }
        return "";
    }
}
