package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.Capability;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds capability switches in a sentence: "enable web search and disable image generation" gives two. Each
 * capability named takes the nearest switch word before it ("turn off"), else one after it ("web search off"); a
 * capability named with no switch word is not a request. Stateless.
 */
final class CapabilityParser {

    private static final Map<Capability, Pattern> MENTIONS = new EnumMap<>(Map.of(
            Capability.WEB_SEARCH, Pattern.compile(
                    "\\b(?:web[\\s_-]*search(?:ing)?|web[\\s_-]*brows(?:ing|er)|internet[\\s_-]*(?:access|search)"
                            + "|browsing)\\b", Wording.FLAGS),
            Capability.CODE_INTERPRETER, Pattern.compile(
                    "\\b(?:code[\\s_-]*interpreter|code[\\s_-]*execution|running\\s+code)\\b", Wording.FLAGS),
            Capability.IMAGE_GENERATION, Pattern.compile(
                    "\\b(?:image[\\s_-]*generation|image[\\s_-]*gen|generating\\s+images|dall[\\s_-]?e)\\b",
                    Wording.FLAGS),
            Capability.FILE_SEARCH, Pattern.compile(
                    "\\b(?:file[\\s_-]*search|searching\\s+(?:my\\s+|the\\s+)?files|document[\\s_-]*search)\\b",
                    Wording.FLAGS)));

    private static final Pattern ALL = Pattern.compile(
            "\\b(?:all|every)\\s+(?:the\\s+)?(?:capabilities|capability|tools)\\b", Wording.FLAGS);

    // Negated forms come first so "don't use" wins over "use" at the same place.
    private static final Pattern SWITCH = Pattern.compile(
            "(?<off>\\b(?:disable|deactivate|turn\\s+off|switch\\s+off|turn\\s+it\\s+off|remove|drop|without|no"
                    + "|never\\s+use|not\\s+use|stop\\s+using|off)\\b|n['’]t\\s+use\\b)"
                    + "|(?<on>\\b(?:enable|activate|turn\\s+on|switch\\s+on|add|allow|use|include|give\\s+it|with"
                    + "|on)\\b)",
            Wording.FLAGS);

    private CapabilityParser() {
    }

    static List<Intent> parse(String sentence) {
        List<Mention> mentions = mentions(sentence);
        if (mentions.isEmpty()) {
            return List.of();
        }
        List<Switch> switches = switches(sentence, mentions);
        List<Intent> intents = new ArrayList<>();
        for (Mention mention : mentions) {
            Switch before = null;
            Switch after = null;
            for (Switch s : switches) {
                if (s.end <= mention.start) {
                    before = s;
                } else if (s.start >= mention.end && after == null) {
                    after = s;
                }
            }
            Switch chosen = before != null ? before : after;
            if (chosen == null) {
                continue;
            }
            for (Capability c : mention.capabilities) {
                intents.add(new Intent.ToggleCapability(c, chosen.on));
            }
        }
        return intents;
    }

    private static List<Mention> mentions(String sentence) {
        List<Mention> mentions = new ArrayList<>();
        for (Map.Entry<Capability, Pattern> e : MENTIONS.entrySet()) {
            Matcher m = e.getValue().matcher(sentence);
            while (m.find()) {
                mentions.add(new Mention(m.start(), m.end(), List.of(e.getKey())));
            }
        }
        Matcher all = ALL.matcher(sentence);
        while (all.find()) {
            mentions.add(new Mention(all.start(), all.end(), List.of(Capability.values())));
        }
        mentions.sort((a, b) -> Integer.compare(a.start, b.start));
        return mentions;
    }

    /** Switch words outside the capability names, so "web search on" is not read as "on" inside a name. */
    private static List<Switch> switches(String sentence, List<Mention> mentions) {
        List<Switch> switches = new ArrayList<>();
        Matcher m = SWITCH.matcher(sentence);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            boolean inside = mentions.stream().anyMatch(x -> start < x.end && end > x.start);
            if (!inside) {
                switches.add(new Switch(start, end, m.group("on") != null));
            }
        }
        return switches;
    }

    private record Mention(int start, int end, List<Capability> capabilities) {
    }

    private record Switch(int start, int end, boolean on) {
    }
}
