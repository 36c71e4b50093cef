package dev.agentbuilder.chat.core;

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
