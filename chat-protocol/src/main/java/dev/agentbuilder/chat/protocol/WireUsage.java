package dev.agentbuilder.chat.protocol;

/** Token counts the model reported for an assistant reply. */
public record WireUsage(int inputTokens, int outputTokens) {
}
