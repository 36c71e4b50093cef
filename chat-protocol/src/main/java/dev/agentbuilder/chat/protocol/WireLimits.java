package dev.agentbuilder.chat.protocol;

/**
 * What the server accepts, as {@code ready} says it: the longest user message and draft texts, in characters
 * (Unicode code points), and the most conversation starters a draft has.
 */
public record WireLimits(
        int messageChars,
        int nameChars,
        int descriptionChars,
        int instructionsChars,
        int conversationStarters,
        int conversationStarterChars) {
}
