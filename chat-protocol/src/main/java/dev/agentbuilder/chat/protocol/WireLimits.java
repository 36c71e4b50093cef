package dev.agentbuilder.chat.protocol;

/**
 * What the server accepts, as {@code ready} says it: the longest user message and draft texts, in characters
 * (Unicode code points), the most conversation starters a draft has, and the largest knowledge file and the most files
 * of an agent ({@code fileBytes} and {@code files}: null from a server that predates knowledge files).
 */
public record WireLimits(
        int messageChars,
        int nameChars,
        int descriptionChars,
        int instructionsChars,
        int conversationStarters,
        int conversationStarterChars,
        Long fileBytes,
        Integer files) {

    /** Limits of a server that predates knowledge files. */
    public WireLimits(int messageChars, int nameChars, int descriptionChars, int instructionsChars,
            int conversationStarters, int conversationStarterChars) {
        this(messageChars, nameChars, descriptionChars, instructionsChars, conversationStarters,
                conversationStarterChars, null, null);
    }
}
