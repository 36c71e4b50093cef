package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The versions of a thread's agent draft that a client has seen: every {@code agent_updated} event (version, who
 * made it, the fields), and the current draft, which {@code ready} gives before the replay of the events. Describes a
 * version in one line, naming what changed since the version before it.
 *
 * <p>Not thread-safe: its owner guards it ({@link ChatView} by its lock).
 */
final class DraftHistory {

    /** The empty draft every thread starts with: version 0, never the subject of an event. */
    static final WireAgent EMPTY = new WireAgent("", "", "", List.of(), List.of(), 0);

    /** One version as an {@code agent_updated} event made it; {@code source} is builder, user or revert. */
    record Version(WireAgent agent, String source, long seq) {
        Version {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(source, "source");
        }
    }

    private final Map<Long, Version> versions = new TreeMap<>();
    /** The newest draft seen, from ready or an event; null before the first join. */
    private WireAgent current;

    /** The draft as {@code ready} gave it; {@code reset} when the server's history restarted (forget ours). */
    void joined(WireAgent agent, boolean reset) {
        if (reset) {
            versions.clear();
            current = null;
        }
        see(agent);
    }

    /** Records an event (replayed or live); returns the version it holds. */
    Version updated(ServerFrame.AgentUpdated event) {
        Version version = new Version(event.agent(), sourceOf(event), event.seq());
        versions.put(event.agent().version(), version);
        see(event.agent());
        return version;
    }

    private void see(WireAgent agent) {
        if (agent != null && (current == null || agent.version() >= current.version())) {
            current = agent;
        }
    }

    /** The newest draft seen, or null before the first join. */
    WireAgent current() {
        return current;
    }

    /** Whether some version from 1 to the current one has no event here (it was made before what we received). */
    boolean incomplete() {
        return !missing().isEmpty();
    }

    /** The versions from 1 to the current one that have no event here. */
    List<Long> missing() {
        List<Long> missing = new ArrayList<>();
        for (long v = 1; current != null && v <= current.version(); v++) {
            if (!versions.containsKey(v)) {
                missing.add(v);
            }
        }
        return missing;
    }

    /** The events' versions, oldest first. */
    List<Version> versions() {
        return List.copyOf(versions.values());
    }

    /**
     * One line for a version: {@code v4  user  "Wanderlust", changed name}; what changed is left out when the version
     * before it is unknown here.
     */
    String describe(Version version) {
        long v = version.agent().version();
        return "v" + v + "  " + padded(version.source(), 7) + "  " + summary(version.agent());
    }

    /** The name and what changed since the version before: {@code "Wanderlust", changed name}. */
    String summary(WireAgent agent) {
        String name = blank(agent.name()) ? "(unnamed)" : "\"" + agent.name() + "\"";
        WireAgent before = agent.version() == 1 ? EMPTY : agentAt(agent.version() - 1);
        if (before == null) {
            return name;
        }
        List<String> changed = changes(before, agent);
        return name + ", " + (changed.isEmpty() ? "no change" : "changed " + String.join(", ", changed));
    }

    private WireAgent agentAt(long version) {
        Version known = versions.get(version);
        return known == null ? null : known.agent();
    }

    /** The fields that differ, by the names {@code /edit} takes. */
    static List<String> changes(WireAgent before, WireAgent after) {
        List<String> changed = new ArrayList<>();
        if (!text(before.name()).equals(text(after.name()))) {
            changed.add("name");
        }
        if (!text(before.description()).equals(text(after.description()))) {
            changed.add("description");
        }
        if (!text(before.instructions()).equals(text(after.instructions()))) {
            changed.add("instructions");
        }
        if (!before.conversationStarters().equals(after.conversationStarters())) {
            changed.add("starters");
        }
        if (!before.capabilities().equals(after.capabilities())) {
            changed.add("capabilities");
        }
        return changed;
    }

    /** "builder", "user" or "revert"; an event of a server that predates sources was the builder's. */
    static String sourceOf(ServerFrame.AgentUpdated event) {
        return event.source() == null ? "builder" : event.source();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String padded(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
