package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderTools;
import dev.agentbuilder.chat.core.Capability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The reply after this model's tool calls ran: each change confirmed in words, each failure with its reason, ideas
 * fitting a new purpose, and the next step. It reads what happened from the tool results and the draft in the system
 * message, never from what it meant to do. Stateless.
 */
final class ChangeReport {

    private ChangeReport() {
    }

    /**
     * @param intents what the user's message asked for, to tell a proposed name from a chosen one
     */
    static String write(List<ToolOutcome> outcomes, AgentDraft draft, List<Intent> intents) {
        Optional<Purpose> purpose = intents.stream()
                .filter(Intent.DescribePurpose.class::isInstance)
                .map(i -> ((Intent.DescribePurpose) i).purpose())
                .findFirst();
        boolean nameProposed = purpose.isPresent() && intents.stream().noneMatch(Intent.Rename.class::isInstance);

        List<String> lines = new ArrayList<>();
        for (ToolOutcome outcome : outcomes) {
            lines.add(Words.endSentence(outcome.failed()
                    ? "I could not " + Words.action(outcome.tool(), outcome.argument()) + ": " + outcome.reason()
                    : confirmation(outcome, draft, intents, nameProposed)));
        }
        lines.addAll(unchanged(outcomes, draft, intents));

        boolean purposeApplied = purpose.isPresent() && outcomes.stream()
                .anyMatch(o -> o.tool().equals(BuilderTools.SET_DESCRIPTION) && !o.failed());
        StringBuilder text = new StringBuilder(String.join("\n", lines));
        if (purposeApplied) {
            text.append("\n\n").append(ideas(purpose.get(), draft));
        }
        text.append("\n\n").append(ReplyWriter.nextStep(draft, purposeApplied));
        return text.toString().strip();
    }

    private static String confirmation(ToolOutcome outcome, AgentDraft draft, List<Intent> intents,
            boolean nameProposed) {
        String value = outcome.argument();
        return switch (outcome.tool()) {
            case BuilderTools.SET_NAME -> nameProposed
                    ? "I've named it **" + value + "** — say \"Call it ...\" to change it."
                    : "Done — it's now called **" + value + "**.";
            case BuilderTools.SET_DESCRIPTION -> "I've set the description to \"" + Words.shorten(value) + "\"";
            case BuilderTools.SET_INSTRUCTIONS -> instructionsChange(draft, intents);
            case BuilderTools.ADD_CONVERSATION_STARTER -> outcome.result().toLowerCase(Locale.ROOT).contains("already")
                    ? "The conversation starter \"" + Words.shorten(value) + "\" was already there."
                    : "I've added the conversation starter \"" + Words.shorten(value) + "\"";
            case BuilderTools.REMOVE_CONVERSATION_STARTER ->
                    "I've removed the conversation starter \"" + Words.shorten(value) + "\"";
            case BuilderTools.ENABLE_CAPABILITY -> "I've switched on " + Words.capability(value) + ".";
            case BuilderTools.DISABLE_CAPABILITY -> "I've switched off " + Words.capability(value) + ".";
            default -> "Done: " + Words.shorten(outcome.result());
        };
    }

    private static String instructionsChange(AgentDraft draft, List<Intent> intents) {
        if (intents.stream().anyMatch(Intent.SetInstructions.class::isInstance)) {
            return "I've replaced the instructions with your text.";
        }
        List<String> parts = new ArrayList<>();
        boolean written = intents.stream().anyMatch(i -> i instanceof Intent.DescribePurpose p
                && draft.instructions().contains(p.purpose().clauseForInstructions()));
        if (written) {
            parts.add("written first instructions from that purpose");
        }
        boolean renamed = intents.stream().anyMatch(i -> i instanceof Intent.Rename r
                && draft.instructions().contains(InstructionsWriter.selfIntroduction(r.name())));
        if (renamed && !written) {
            parts.add("updated the instructions to use the new name");
        }
        for (Intent intent : intents) {
            if (intent instanceof Intent.AddRule rule && draft.instructions().contains(rule.line())) {
                parts.add("added the rule \"" + Words.shorten(rule.line()) + "\" to the instructions");
            }
        }
        return parts.isEmpty() ? "I've updated the instructions." : "I've " + Words.list(parts) + ".";
    }

    /** Requests that needed no call this time: said out loud so the user is not left wondering. */
    private static List<String> unchanged(List<ToolOutcome> outcomes, AgentDraft draft, List<Intent> intents) {
        List<String> lines = new ArrayList<>();
        boolean instructionsCalled = outcomes.stream().anyMatch(o -> o.tool().equals(BuilderTools.SET_INSTRUCTIONS));
        for (Intent intent : intents) {
            if (intent instanceof Intent.ToggleCapability t && !switched(outcomes, t.capability())
                    && draft.capabilities().contains(t.capability()) == t.enable()) {
                lines.add(Wording.capitalize(Words.capability(t.capability())) + " is already "
                        + (t.enable() ? "on." : "off."));
            } else if (intent instanceof Intent.AddRule rule && !instructionsCalled
                    && InstructionsWriter.hasRule(draft.instructions(), rule.key())) {
                lines.add("The instructions already say \"" + Words.shorten(rule.key()) + "\".");
            }
        }
        return lines;
    }

    private static boolean switched(List<ToolOutcome> outcomes, Capability capability) {
        return outcomes.stream().anyMatch(o -> (o.tool().equals(BuilderTools.ENABLE_CAPABILITY)
                || o.tool().equals(BuilderTools.DISABLE_CAPABILITY)) && Capability.fromId(o.argument())
                .filter(capability::equals).isPresent());
    }

    private static String ideas(Purpose purpose, AgentDraft draft) {
        String starter = Suggestions.starter(purpose.task());
        StringBuilder text = new StringBuilder("Some ideas: a conversation starter such as \"" + starter
                + "\" (say \"Add a conversation starter: " + starter + "\")");
        List<Capability> capabilities = Suggestions.capabilities(purpose.clause(), draft);
        if (!capabilities.isEmpty()) {
            Capability c = capabilities.get(0);
            text.append(", and ").append(Words.capability(c)).append(' ').append(Suggestions.reason(c))
                    .append(" (say \"").append(Suggestions.enablePhrase(c)).append("\")");
        }
        return text.append('.').toString();
    }
}
