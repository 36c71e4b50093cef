package dev.agentbuilder.chat.core.internal;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.util.ArrayList;
import java.util.List;

/**
 * One of a live thread's chat memories (the builder's or the preview's), kept in the heap while its session lives and written through to the store:
 * langchain4j reads the whole memory before every change, and the session is the only writer of it.
 *
 * <p>Confined to the session's executor.
 */
final class SessionMemoryStore implements ChatMemoryStore {

    private final ChatMemoryStore store;
    private List<ChatMessage> cached;

    SessionMemoryStore(ChatMemoryStore store) {
        this.store = store;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        if (cached == null) {
            cached = List.copyOf(store.getMessages(memoryId));
        }
        return new ArrayList<>(cached);
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        store.updateMessages(memoryId, messages);
        cached = List.copyOf(messages);
    }

    @Override
    public void deleteMessages(Object memoryId) {
        store.deleteMessages(memoryId);
        cached = List.of();
    }
}
