package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.WireAgentChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the arguments of chat's {@code /edit} and {@code /revert}. Checks only the syntax: the server judges the
 * values (limits, known capabilities) and says what is wrong. Stateless.
 *
 * <p>{@code /edit FIELD VALUE}: FIELD is {@code name}, {@code description}, {@code instructions}, {@code starters}
 * (or {@code conversationStarters}) or {@code capabilities}, in any case. The value is the rest of the line; an empty
 * one clears the field. In the texts {@code \n} is a line break and {@code \\} a backslash. Starters are separated by
 * {@code |} ({@code \|} is a {@code |} inside one), capabilities by commas or spaces.
 */
final class DraftRequests {

    static final String EDIT_USAGE = "usage: /edit FIELD VALUE, FIELD one of name, description, instructions, "
            + "starters (A | B | C), capabilities (web_search, code_interpreter); an empty VALUE clears it";
    static final String REVERT_USAGE =
            "usage: /revert N, N a version of the draft (see /history; 0 is the empty draft)";

    /** What a line asked for, or why it cannot be sent. */
    sealed interface Parsed {
    }

    /** {@code field} is the name as typed, for messages. */
    record Edit(String field, WireAgentChanges changes) implements Parsed {
    }

    record Revert(long version) implements Parsed {
    }

    record Usage(String message) implements Parsed {
    }

    private DraftRequests() {
    }

    /** The arguments of {@code /edit}: everything after the command. */
    static Parsed edit(String arguments) {
        String args = arguments.stripLeading();
        if (args.isEmpty()) {
            return new Usage(EDIT_USAGE);
        }
        String[] parts = args.split("\\s", 2);
        String field = parts[0];
        String value = parts.length < 2 ? "" : parts[1];
        WireAgentChanges changes = switch (field.toLowerCase(Locale.ROOT)) {
            case "name" -> new WireAgentChanges(unescape(value), null, null, null, null);
            case "description" -> new WireAgentChanges(null, unescape(value), null, null, null);
            case "instructions" -> new WireAgentChanges(null, null, unescape(value), null, null);
            case "starters", "conversationstarters" -> new WireAgentChanges(null, null, null, starters(value), null);
            case "capabilities" -> new WireAgentChanges(null, null, null, null, capabilities(value));
            default -> null;
        };
        if (changes == null) {
            return new Usage("unknown field \"" + field + "\"; " + EDIT_USAGE);
        }
        return new Edit(field, changes);
    }

    /** The arguments of {@code /revert}: one whole number. */
    static Parsed revert(String arguments) {
        String args = arguments.strip();
        if (!args.matches("[0-9]{1,18}")) {
            return new Usage(REVERT_USAGE);
        }
        return new Revert(Long.parseLong(args));
    }

    /** {@code A | B | C}: the starters, stripped, without empty ones; {@code \|} stays in its starter. */
    static List<String> starters(String value) {
        List<String> starters = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
            if (c == '\\' && (next == '|' || next == 'n' || next == '\\')) {
                current.append(next == 'n' ? '\n' : next);
                i++;
            } else if (c == '|') {
                addStripped(starters, current);
            } else {
                current.append(c);
            }
        }
        addStripped(starters, current);
        return starters;
    }

    private static void addStripped(List<String> to, StringBuilder text) {
        String s = text.toString().strip();
        if (!s.isEmpty()) {
            to.add(s);
        }
        text.setLength(0);
    }

    /** {@code web_search, code_interpreter} (or separated by spaces): as typed, the server knows which exist. */
    static List<String> capabilities(String value) {
        List<String> capabilities = new ArrayList<>();
        for (String c : value.split("[,\\s]+")) {
            if (!c.isEmpty()) {
                capabilities.add(c);
            }
        }
        return capabilities;
    }

    /** {@code \n} to a line break and {@code \\} to a backslash; any other backslash stays. */
    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                if (next == 'n') {
                    out.append('\n');
                    i++;
                    continue;
                }
                if (next == '\\') {
                    out.append('\\');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
