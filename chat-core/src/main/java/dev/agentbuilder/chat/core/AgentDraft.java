package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.DraftJson;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The agent being built in a thread. Immutable; every change goes through a {@code with...} method that
 * returns a new draft with {@link #version()} one higher, or this same draft when nothing changed.
 *
 * @param name                 the agent's name, empty until proposed
 * @param description          one or two sentences on what the agent does
 * @param instructions         the system instructions the agent will run with
 * @param conversationStarters suggested first messages, in the order added, without duplicates
 * @param capabilities         switched-on capabilities, in {@link Capability} order
 * @param version              0 for a new draft, then one more for every change
 * @param files                its knowledge files, in the order added (see {@link AgentFile} on their status)
 */
public record AgentDraft(
        String name,
        String description,
        String instructions,
        List<String> conversationStarters,
        List<Capability> capabilities,
        long version,
        List<AgentFile> files) {

    public static final int MAX_NAME_CHARS = 80;
    public static final int MAX_DESCRIPTION_CHARS = 500;
    public static final int MAX_INSTRUCTIONS_CHARS = 8_000;
    public static final int MAX_STARTER_CHARS = 200;
    public static final int MAX_STARTERS = 8;

    /** A draft without knowledge files. */
    public AgentDraft(String name, String description, String instructions, List<String> conversationStarters,
            List<Capability> capabilities, long version) {
        this(name, description, instructions, conversationStarters, capabilities, version, List.of());
    }

    public AgentDraft {
        files = List.copyOf(files);
        if (files.stream().map(AgentFile::fileId).distinct().count() != files.size()) {
            throw new IllegalArgumentException("a file is listed twice");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(instructions, "instructions");
        conversationStarters = List.copyOf(conversationStarters);
        capabilities = List.copyOf(inEnumOrder(capabilities));
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0: " + version);
        }
    }

    private static Set<Capability> inEnumOrder(List<Capability> capabilities) {
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        set.addAll(capabilities);
        return set;
    }

    /** A new, empty draft at version 0. */
    public static AgentDraft empty() {
        return new AgentDraft("", "", "", List.of(), List.of(), 0);
    }

    public AgentDraft withName(String newName) {
        return name.equals(newName) ? this : next(newName, description, instructions, conversationStarters, capabilities);
    }

    public AgentDraft withDescription(String newDescription) {
        return description.equals(newDescription)
                ? this
                : next(name, newDescription, instructions, conversationStarters, capabilities);
    }

    public AgentDraft withInstructions(String newInstructions) {
        return instructions.equals(newInstructions)
                ? this
                : next(name, description, newInstructions, conversationStarters, capabilities);
    }

    /** Adds a starter at the end; a starter already present (ignoring case) changes nothing. */
    public AgentDraft withStarter(String starter) {
        boolean present = conversationStarters.stream().anyMatch(s -> s.equalsIgnoreCase(starter));
        if (present) {
            return this;
        }
        List<String> starters = new ArrayList<>(conversationStarters);
        starters.add(starter);
        return next(name, description, instructions, starters, capabilities);
    }

    /** Removes a starter (ignoring case); an absent one changes nothing. */
    public AgentDraft withoutStarter(String starter) {
        List<String> starters = new ArrayList<>(conversationStarters);
        if (!starters.removeIf(s -> s.equalsIgnoreCase(starter))) {
            return this;
        }
        return next(name, description, instructions, starters, capabilities);
    }

    public AgentDraft withCapability(Capability capability, boolean enabled) {
        if (capabilities.contains(capability) == enabled) {
            return this;
        }
        Set<Capability> set = inEnumOrder(capabilities);
        if (enabled) {
            set.add(capability);
        } else {
            set.remove(capability);
        }
        return next(name, description, instructions, conversationStarters, List.copyOf(set));
    }

    /** Adds a knowledge file at the end; a file of the same id already listed changes nothing. */
    public AgentDraft withFile(AgentFile file) {
        if (files.stream().anyMatch(f -> f.fileId().equals(file.fileId()))) {
            return this;
        }
        List<AgentFile> more = new ArrayList<>(files);
        more.add(file);
        return new AgentDraft(name, description, instructions, conversationStarters, capabilities, version + 1, more);
    }

    /** Removes a knowledge file by id; an absent one changes nothing. */
    public AgentDraft withoutFile(String fileId) {
        List<AgentFile> fewer = new ArrayList<>(files);
        if (!fewer.removeIf(f -> f.fileId().equals(fileId))) {
            return this;
        }
        return new AgentDraft(name, description, instructions, conversationStarters, capabilities, version + 1, fewer);
    }

    /**
     * This draft, at the same version, with the file's status as it is now: a file's status is the file's, not a
     * version's (see {@link AgentFile}). A file not listed changes nothing.
     */
    public AgentDraft withFileStatus(String fileId, FileStatus status, String error) {
        if (files.stream().noneMatch(f -> f.fileId().equals(fileId) && (f.status() != status
                || !Objects.equals(f.error(), error)))) {
            return this;
        }
        List<AgentFile> now = files.stream()
                .map(f -> f.fileId().equals(fileId) ? f.withStatus(status, error) : f)
                .toList();
        return new AgentDraft(name, description, instructions, conversationStarters, capabilities, version, now);
    }

    /** The files whose passages can be searched now. */
    public List<AgentFile> readyFiles() {
        return files.stream().filter(f -> f.status() == FileStatus.READY).toList();
    }

    /** This draft as the protocol's {@code agent} JSON object, pretty-printed. */
    public String toJson() {
        return DraftJson.toPrettyJson(this);
    }

    /** The fields still empty, in the order a builder would ask for them. */
    public List<String> missingFields() {
        List<String> missing = new ArrayList<>();
        if (description.isBlank()) {
            missing.add("description");
        }
        if (name.isBlank()) {
            missing.add("name");
        }
        if (instructions.isBlank()) {
            missing.add("instructions");
        }
        if (conversationStarters.isEmpty()) {
            missing.add("conversationStarters");
        }
        return missing;
    }

    private AgentDraft next(String n, String d, String i, List<String> s, List<Capability> c) {
        return new AgentDraft(n, d, i, s, c, version + 1, files);
    }
}
