package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of a live thread's chat memories (the builder's or the preview's) for langchain4j, in the heap while its session
 * lives: read from the store once, then changed here, where langchain4j's reads see every change at once, as
 * {@link ChatMemoryStore} promises. The store gets the memory with the turn's next write ({@link #takeChange}), so what
 * it holds always matches the event log beside it; the session is the only writer of it.
 *
 * <p>Confined to the session's executor.
 */
final class SessionMemoryStore implements ChatMemoryStore {

    private final ThreadStore store;
    private final String memoryId;
    private List<ChatMessage> messages;
    /** Whether {@link #messages} changed since the store was last given them. */
    private boolean changed;

    SessionMemoryStore(ThreadStore store, String memoryId) {
        this.store = store;
        this.memoryId = memoryId;
    }

    @Override
    public List<ChatMessage> getMessages(Object id) {
        return new ArrayList<>(messages());
    }

    @Override
    public void updateMessages(Object id, List<ChatMessage> updated) {
        messages = List.copyOf(updated);
        changed = true;
    }

    @Override
    public void deleteMessages(Object id) {
        updateMessages(id, List.of());
    }

    private List<ChatMessage> messages() {
        if (messages == null) {
            messages = List.copyOf(store.chatMemory(memoryId));
        }
        return messages;
    }

    String memoryId() {
        return memoryId;
    }

    /** The whole memory if it changed since the store was last given it, for the turn's next write. */
    Optional<List<ChatMessage>> takeChange() {
        if (!changed) {
            return Optional.empty();
        }
        changed = false;
        return Optional.of(messages);
    }

    /** The write that carried the memory failed: the next write carries it again. */
    void notWritten() {
        changed = messages != null;
    }
}
