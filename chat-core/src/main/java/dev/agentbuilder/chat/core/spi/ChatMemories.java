package dev.agentbuilder.chat.core.spi;

import dev.langchain4j.data.message.ChatMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chat memories a turn changed, each as its whole window (langchain4j hands over the whole memory on every change),
 * by memory id: what a {@link TurnWriter} stores with the turn's write. A thread has two memories, the builder's (the
 * thread id itself) and the preview's; no thread id holds {@code #}, so the two never meet.
 */
public record ChatMemories(Map<String, List<ChatMessage>> windows) {

    /** No memory changed. */
    public static final ChatMemories NONE = new ChatMemories(Map.of());

    public ChatMemories {
        Objects.requireNonNull(windows, "windows");
        Map<String, List<ChatMessage>> copy = new LinkedHashMap<>();
        windows.forEach((id, messages) -> copy.put(Objects.requireNonNull(id, "memory id"), List.copyOf(messages)));
        windows = Collections.unmodifiableMap(copy);
    }

    /** The memory id of the preview conversation ({@link dev.agentbuilder.chat.core.Channel#PREVIEW}). */
    public static String previewId(String threadId) {
        return threadId + "#preview";
    }

    /** The memory ids of a thread's chat memories: the builder's, then the preview's. */
    public static List<String> ids(String threadId) {
        return List.of(threadId, previewId(threadId));
    }

    public boolean isEmpty() {
        return windows.isEmpty();
    }
}
