package dev.agentbuilder.chat.offline.internal;

import java.util.Locale;

/**
 * Writes the agent's instructions: a first version from its purpose, and rules appended one per line so the
 * user's earlier rules survive. Stateless.
 */
final class InstructionsWriter {

    private InstructionsWriter() {
    }

    /** First instructions for an agent whose purpose just became known. */
    static String fromPurpose(String name, Purpose purpose) {
        return selfIntroduction(name) + ", an assistant that " + purpose.clauseForInstructions() + ".\n"
                + "- Start by understanding what the user needs; ask one short clarifying question when a request "
                + "is vague.\n"
                + "- Give clear, practical answers, with steps or short lists where they help.\n"
                + "- Be friendly and concise, and say honestly when you are not sure instead of guessing.";
    }

    /** An opening line for instructions started by a rule, before any purpose was given. */
    static String opening(String name, String description) {
        String who = name.isBlank() ? "You are a helpful assistant" : selfIntroduction(name) + ", a helpful assistant";
        String what = description.isBlank() ? "" : "\nWhat you do: " + Wording.youToTheUser(description.strip());
        return who + "." + what;
    }

    /** How written instructions name the agent, so a rename can find the old name there. */
    static String selfIntroduction(String name) {
        return "You are " + name;
    }

    /**
     * The instructions with the agent's old name replaced where they introduce it, so a rename does not leave them
     * calling the agent something else; other mentions may be the user's own words and are left alone.
     */
    static String renamed(String instructions, String oldName, String newName) {
        String old = selfIntroduction(oldName);
        int at = instructions.indexOf(old);
        boolean wholeName = at >= 0 && (at + old.length() == instructions.length()
                || !Character.isLetterOrDigit(instructions.charAt(at + old.length())));
        return oldName.isBlank() || !wholeName
                ? instructions
                : instructions.substring(0, at) + selfIntroduction(newName) + instructions.substring(at + old.length());
    }

    /** The instructions with the rule as a new last line. */
    static String withRule(String instructions, String ruleLine) {
        String base = instructions.stripTrailing();
        return base.isEmpty() ? "- " + ruleLine : base + "\n- " + ruleLine;
    }

    /** Whether the instructions already hold the rule, so saying it twice does not add it twice. */
    static boolean hasRule(String instructions, String key) {
        return Wording.collapseSpaces(instructions).toLowerCase(Locale.ROOT).contains(key);
    }
}
