package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadTitles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One thread of the {@link InMemoryThreadStore}: its events, draft and metadata. Every field but {@link #owner} and
 * {@link #createdAt} is guarded by the instance's monitor.
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
    private String firstMessageTitle;
    private String lastMessage;
    private long messageCount;
    private Instant updatedAt;

    InMemoryThread(String threadId, String owner, Instant createdAt) {
        this.threadId = threadId;
        this.owner = owner;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    long lastSeq() {
        return events.size();
    }

    /** Appends a stored event and keeps the metadata in step with it. Under the monitor. */
    void add(StoredEvent event, Instant at) {
        events.add(event);
        updatedAt = at.isAfter(updatedAt) ? at : updatedAt;
        if (event instanceof MessageAdded added) {
            ThreadMessage message = added.message();
            messageCount++;
            lastMessage = ThreadTitles.preview(message.content());
            if (firstMessageTitle == null && message.role() == dev.agentbuilder.chat.core.Role.USER) {
                firstMessageTitle = ThreadTitles.fromFirstMessage(message.content());
            }
        } else if (event instanceof AgentUpdated updated) {
            draft = updated.agent();
        }
    }

    /** The thread's metadata now. Under the monitor. */
    ThreadInfo info() {
        return new ThreadInfo(threadId, owner, ThreadTitles.effective(ownTitle, draft.name(), firstMessageTitle),
                createdAt, updatedAt, draft.name(), draft.version(), lastMessage, messageCount);
    }
}
