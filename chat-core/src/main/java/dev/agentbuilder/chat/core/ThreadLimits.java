package dev.agentbuilder.chat.core;

/**
 * What the engine accepts in a thread, so that a client can check what is typed before sending it. Lengths count
 * Unicode code points, as the engine does.
 *
 * @param messageChars             the longest user message ({@code ChatEngine.Builder.maxMessageChars})
 * @param nameChars                the longest draft name
 * @param descriptionChars         the longest draft description
 * @param instructionsChars        the longest draft instructions
 * @param conversationStarters     the most conversation starters a draft has
 * @param conversationStarterChars the longest conversation starter
 */
public record ThreadLimits(
        int messageChars,
        int nameChars,
        int descriptionChars,
        int instructionsChars,
        int conversationStarters,
        int conversationStarterChars,
        long fileBytes,
        int files) {

    /** Limits of an engine without knowledge files. */
    public ThreadLimits(int messageChars, int nameChars, int descriptionChars, int instructionsChars,
            int conversationStarters, int conversationStarterChars) {
        this(messageChars, nameChars, descriptionChars, instructionsChars, conversationStarters,
                conversationStarterChars, 0, 0);
    }

    /** These limits with those on knowledge files: the largest file and the most files of an agent (0 for none). */
    public ThreadLimits withFiles(long maxFileBytes, int maxFiles) {
        return new ThreadLimits(messageChars, nameChars, descriptionChars, instructionsChars, conversationStarters,
                conversationStarterChars, maxFileBytes, maxFiles);
    }

    public ThreadLimits {
        atLeastOne("messageChars", messageChars);
        atLeastOne("nameChars", nameChars);
        atLeastOne("descriptionChars", descriptionChars);
        atLeastOne("instructionsChars", instructionsChars);
        atLeastOne("conversationStarters", conversationStarters);
        atLeastOne("conversationStarterChars", conversationStarterChars);
    }

    /** An engine's limits: its messages have at most {@code messageChars}, its drafts {@link AgentDraft}'s limits. */
    public static ThreadLimits withMessageChars(int messageChars) {
        return new ThreadLimits(messageChars, AgentDraft.MAX_NAME_CHARS, AgentDraft.MAX_DESCRIPTION_CHARS,
                AgentDraft.MAX_INSTRUCTIONS_CHARS, AgentDraft.MAX_STARTERS, AgentDraft.MAX_STARTER_CHARS);
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1: " + value);
        }
    }
}
