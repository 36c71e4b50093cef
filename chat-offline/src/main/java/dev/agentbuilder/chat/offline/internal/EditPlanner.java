package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderTools;
import dev.agentbuilder.chat.core.Capability;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a message's intents into tool calls against the current draft. Each field gets at most one call, holding
 * the combined result of everything the message said about it, so "plan trips ... always answer in French" gives
 * one set_instructions with both. Requests that change nothing become notes for the text reply instead.
 * Not thread-safe; one instance per reply, confined to the thread computing it.
 */
final class EditPlanner {

    /**
     * The planned calls, in the order to run them, and what to tell the user about requests that needed none.
     */
    record Plan(List<ToolExecutionRequest> calls, List<String> notes) {
        Plan {
            calls = List.copyOf(calls);
            notes = List.copyOf(notes);
        }
    }

    private record StarterEdit(boolean add, String text) {
    }

    private record Call(String tool, String value) {
    }

    private final AgentDraft draft;
    private final Set<String> tools;
    private String name;
    private String description;
    private Purpose firstPurpose;
    private String replacedInstructions;
    private boolean renamed;
    private final List<Intent.AddRule> rules = new ArrayList<>();
    private final List<StarterEdit> starters = new ArrayList<>();
    private final Map<Capability, Boolean> switches = new LinkedHashMap<>();

    private EditPlanner(AgentDraft draft, Set<String> tools) {
        this.draft = Objects.requireNonNull(draft, "draft");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.name = draft.name();
        this.description = draft.description();
    }

    /**
     * @param firstCallNumber the number in the first call's id ({@code call_7}), so ids follow on in a conversation
     */
    static Plan plan(List<Intent> intents, AgentDraft draft, Set<String> tools, int firstCallNumber) {
        EditPlanner planner = new EditPlanner(draft, tools);
        intents.forEach(planner::take);
        return planner.build(firstCallNumber);
    }

    // Java 17 has no pattern matching for switch, hence the instanceof chain over the sealed family.
    private void take(Intent intent) {
        if (intent instanceof Intent.DescribePurpose p) {
            description = p.purpose().description();
            if (name.isBlank()) {
                name = NameMaker.nameFor(p.purpose());
            }
            // Instructions the user already has are theirs; only a new agent gets written ones.
            if (firstPurpose == null && replacedInstructions == null && draft.instructions().isBlank()) {
                firstPurpose = p.purpose();
            }
        } else if (intent instanceof Intent.Rename r) {
            name = r.name();
            renamed = true;
        } else if (intent instanceof Intent.SetDescription d) {
            description = d.text();
        } else if (intent instanceof Intent.SetInstructions i) {
            replacedInstructions = i.text();
            firstPurpose = null;
            rules.clear();
        } else if (intent instanceof Intent.AddRule rule) {
            rules.add(rule);
        } else if (intent instanceof Intent.AddStarter s) {
            starters.add(new StarterEdit(true, s.text()));
        } else if (intent instanceof Intent.RemoveStarter s) {
            starters.add(new StarterEdit(false, s.text()));
        } else if (intent instanceof Intent.ToggleCapability t) {
            switches.remove(t.capability());
            switches.put(t.capability(), t.enable());
        }
        // Greetings and requests for help change nothing; they are answered in words when nothing else was asked.
    }

    private Plan build(int firstCallNumber) {
        List<String> notes = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        if (!description.equals(draft.description())) {
            calls.add(new Call(BuilderTools.SET_DESCRIPTION, description));
        }
        if (!name.equals(draft.name())) {
            calls.add(new Call(BuilderTools.SET_NAME, name));
        } else if (renamed) {
            notes.add("It is already called **" + name + "**.");
        }
        String instructions = instructions(notes);
        if (!instructions.equals(draft.instructions())) {
            calls.add(new Call(BuilderTools.SET_INSTRUCTIONS, instructions));
        }
        for (StarterEdit edit : starters) {
            calls.add(new Call(
                    edit.add() ? BuilderTools.ADD_CONVERSATION_STARTER : BuilderTools.REMOVE_CONVERSATION_STARTER,
                    edit.text()));
        }
        switches.forEach((capability, on) -> {
            if (draft.capabilities().contains(capability) == on) {
                notes.add(Wording.capitalize(Words.capability(capability)) + " is already " + (on ? "on." : "off."));
            } else {
                calls.add(new Call(on ? BuilderTools.ENABLE_CAPABILITY : BuilderTools.DISABLE_CAPABILITY,
                        capability.id()));
            }
        });

        List<ToolExecutionRequest> requests = new ArrayList<>();
        for (Call call : calls) {
            if (tools.contains(call.tool())) {
                requests.add(ToolRequests.request("call_" + (firstCallNumber + requests.size()), call.tool(),
                        call.value()));
            } else {
                notes.add(Words.endSentence("I cannot use the " + call.tool() + " tool in this conversation, so I "
                        + "could not " + Words.action(call.tool(), call.value())));
            }
        }
        return new Plan(requests, notes);
    }

    private String instructions(List<String> notes) {
        String text;
        if (replacedInstructions != null) {
            text = replacedInstructions;
        } else if (firstPurpose != null) {
            text = InstructionsWriter.fromPurpose(name.isBlank() ? NameMaker.FALLBACK : name, firstPurpose);
        } else {
            text = InstructionsWriter.renamed(draft.instructions(), draft.name(), name);
        }
        for (Intent.AddRule rule : rules) {
            if (InstructionsWriter.hasRule(text, rule.key())) {
                notes.add("The instructions already say \"" + rule.key() + "\", so I left them as they are.");
                continue;
            }
            if (text.isBlank()) {
                text = InstructionsWriter.opening(name, description);
            }
            text = InstructionsWriter.withRule(text, rule.line());
        }
        return text;
    }
}
