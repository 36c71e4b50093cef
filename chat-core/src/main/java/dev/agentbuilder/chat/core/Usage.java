package dev.agentbuilder.chat.core;

/** Tokens a model reported for one assistant reply, summed over the model calls of the turn. */
public record Usage(int inputTokens, int outputTokens) {

    public Usage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0: " + inputTokens + ", " + outputTokens);
        }
    }

    public Usage plus(Usage other) {
        return other == null ? this : new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }
}
