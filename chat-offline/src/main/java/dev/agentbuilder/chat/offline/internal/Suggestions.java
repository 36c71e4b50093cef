package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Ideas that fit the agent's purpose: starters a user of it might send, and capabilities its job hints at. They are
 * only ever offered in words; adding them is the user's call. Stateless.
 */
final class Suggestions {

    private static final Map<Capability, Pattern> HINTS = new EnumMap<>(Map.of(
            Capability.WEB_SEARCH, Pattern.compile(
                    "trip|travel|flight|hotel|news|research|latest|price|weather|event|restaurant|shop|deal|find"
                            + "|search|look\\s*up|market|stock|sport", Wording.FLAGS),
            Capability.CODE_INTERPRETER, Pattern.compile(
                    "math|data|code|calculat|analy|chart|spreadsheet|budget|financ|statistic|python|sql|number"
                            + "|tax|invest", Wording.FLAGS),
            Capability.IMAGE_GENERATION, Pattern.compile(
                    "image|picture|draw|design|logo|illustrat|art|photo|poster|sketch|visual", Wording.FLAGS),
            Capability.FILE_SEARCH, Pattern.compile(
                    "document|file|pdf|notes|manual|polic|report|contract|handbook|paper|knowledge", Wording.FLAGS)));

    private static final Pattern HELPS_YOU = Pattern.compile("^helps\\s+you\\s+", Wording.FLAGS);

    private Suggestions() {
    }

    /** The job in base form from a description this model wrote ("Helps you plan trips."), else empty. */
    static String taskFromDescription(String description) {
        String d = description.strip();
        return HELPS_YOU.matcher(d).find() ? Wording.trimEnd(HELPS_YOU.matcher(d).replaceFirst(""), ".!") : "";
    }

    /** A starter a user of the agent might send first, for example "Help me plan trips". */
    static String starter(String task) {
        if (task.isBlank() || task.length() > 120) {
            return "What can you help me with?";
        }
        return "Help me " + Wording.youToMe(task);
    }

    /** Capabilities the job hints at that are not on yet, best first; web search when nothing else fits. */
    static List<Capability> capabilities(String purposeText, AgentDraft draft) {
        List<Capability> fitting = new ArrayList<>();
        String text = purposeText.toLowerCase(Locale.ROOT);
        HINTS.forEach((capability, hint) -> {
            if (hint.matcher(text).find() && !draft.capabilities().contains(capability)) {
                fitting.add(capability);
            }
        });
        if (fitting.isEmpty() && !draft.capabilities().contains(Capability.WEB_SEARCH)) {
            fitting.add(Capability.WEB_SEARCH);
        }
        return fitting;
    }

    /** Why the capability would help, to follow its name. */
    static String reason(Capability capability) {
        return switch (capability) {
            case WEB_SEARCH -> "to look up fresh information";
            case CODE_INTERPRETER -> "for calculations and data";
            case IMAGE_GENERATION -> "to create pictures";
            case FILE_SEARCH -> "to answer from your documents";
        };
    }

    /** "Enable web search". */
    static String enablePhrase(Capability capability) {
        return "Enable " + Words.capability(capability);
    }
}
