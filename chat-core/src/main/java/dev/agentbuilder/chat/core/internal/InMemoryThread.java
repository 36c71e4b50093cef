package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadTitles;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One thread of the {@link InMemoryThreadStore}: its events, draft and metadata. Every field but {@link #threadId},
 * {@link #owner} and {@link #createdAt} is guarded by the instance's monitor.
 *
 * <p>Times are kept to the millisecond, as the durable stores keep them: a listing's cursor carries epoch millis, so a
 * finer time would put a thread on both sides of a page boundary.
 */
final class InMemoryThread {

    final String threadId;
    final String owner;
    final Instant createdAt;
    AgentDraft draft = AgentDraft.empty();
    final List<StoredEvent> events = new ArrayList<>();
    final Map<String, StoredEvent> byClientMessageId = new HashMap<>();
    final Set<String> failedTurns = new HashSet<>();
    /** The title its owner gave it, or null. */
    String ownTitle;
    /** When its last event was stored (its creation, before any); package-private for tests that line threads up. */
    Instant updatedAt;
    private String firstMessageTitle;
    private String lastMessage;
    private long messageCount;
    private ThreadInfo.ThreadTokens tokens = ThreadInfo.ThreadTokens.NONE;
    /** Its knowledge files by id, in upload order, with their bytes and passages. */
    final Map<String, InMemoryKnowledge.StoredFile> files = new java.util.LinkedHashMap<>();
    /** Deleted: whoever still holds this instance writes nothing more to it. */
    private boolean deleted;

    InMemoryThread(String threadId, String owner, Instant createdAt) {
        this.threadId = threadId;
        this.owner = owner;
        this.createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        this.updatedAt = this.createdAt;
    }

    long lastSeq() {
        return events.size();
    }

    /**
     * Fails a write that found this instance before its thread was deleted: without the check it would land in an
     * instance nobody reads any more, and be acknowledged. Under the monitor.
     */
    void requireLive() {
        if (deleted) {
            throw new ChatException("thread " + threadId + " was deleted", false);
        }
    }

    /** Marks it deleted. Under the monitor. */
    void markDeleted() {
        deleted = true;
    }

    /** Appends a stored event and keeps the metadata in step with it. Under the monitor. */
    void add(StoredEvent event, Instant at) {
        requireLive();
        events.add(event);
        Instant stamp = at.truncatedTo(ChronoUnit.MILLIS);
        updatedAt = stamp.isAfter(updatedAt) ? stamp : updatedAt;
        if (event instanceof MessageAdded added) {
            ThreadMessage message = added.message();
            messageCount++;
            tokens = tokens.plus(message.usage());
            lastMessage = ThreadTitles.preview(message.content());
            if (firstMessageTitle == null && message.role() == Role.USER) {
                firstMessageTitle = ThreadTitles.fromFirstMessage(message.content());
            }
        } else if (event instanceof AgentUpdated updated) {
            draft = updated.agent();
        }
    }

    /** The thread's metadata now. Under the monitor. */
    ThreadInfo info() {
        return new ThreadInfo(threadId, owner, ThreadTitles.effective(ownTitle, draft.name(), firstMessageTitle),
                createdAt, updatedAt, draft.name(), draft.version(), lastMessage, messageCount, tokens);
    }
}
