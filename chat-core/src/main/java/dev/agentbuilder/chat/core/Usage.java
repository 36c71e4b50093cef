package dev.agentbuilder.chat.core;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;

/** Tokens a model reported for one assistant reply, summed over the model calls of the turn. */
public record Usage(int inputTokens, int outputTokens) {

    public Usage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0: " + inputTokens + ", " + outputTokens);
        }
    }

    /** Characters per token in {@link #estimate}: the usual rule of thumb for English with the GPT tokenizers. */
    public static final int CHARS_PER_TOKEN = 4;

    /**
     * The engine's estimate for a model call whose provider reported no usage: one token per
     * {@value #CHARS_PER_TOKEN} characters, rounded up, of the text sent (every message of the request, tool
     * specifications excluded) and of the text and tool calls received.
     */
    public static Usage estimate(long inputChars, long outputChars) {
        return new Usage(tokens(inputChars), tokens(outputChars));
    }

    /**
     * The engine's estimate for a whole model call, from what it was sent and what it answered: what a model that
     * counts no tokens of its own (the offline model) may report.
     */
    public static Usage estimate(ChatRequest request, AiMessage answer) {
        return estimate(inputChars(request), outputChars(answer));
    }

    /**
     * The characters of a request that {@link #estimate} counts: every message's text, tool calls' names and
     * arguments, tool results; tool specifications excluded.
     */
    public static long inputChars(ChatRequest request) {
        long chars = 0;
        for (ChatMessage message : request.messages()) {
            if (message instanceof SystemMessage system) {
                chars += system.text().length();
            } else if (message instanceof UserMessage user) {
                chars += user.hasSingleText() ? user.singleText().length() : user.contents().toString().length();
            } else if (message instanceof AiMessage ai) {
                chars += outputChars(ai);
            } else if (message instanceof ToolExecutionResultMessage result) {
                chars += result.text() == null ? 0 : result.text().length();
            }
        }
        return chars;
    }

    /** The characters of a model's answer that {@link #estimate} counts: its text, its tool calls' names and arguments. */
    public static long outputChars(AiMessage answer) {
        return length(answer.text()) + toolCallChars(answer);
    }

    /** The characters of an answer's tool calls that {@link #estimate} counts: their names and arguments. */
    public static long toolCallChars(AiMessage answer) {
        long chars = 0;
        if (answer != null && answer.hasToolExecutionRequests()) {
            for (ToolExecutionRequest call : answer.toolExecutionRequests()) {
                chars += length(call.name()) + length(call.arguments());
            }
        }
        return chars;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static int tokens(long chars) {
        return (int) Math.min(Integer.MAX_VALUE, (Math.max(0, chars) + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }

    /** Input and output tokens together: what a budget counts. */
    public long total() {
        return (long) inputTokens + outputTokens;
    }

    public Usage plus(Usage other) {
        return other == null ? this : new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }
}
