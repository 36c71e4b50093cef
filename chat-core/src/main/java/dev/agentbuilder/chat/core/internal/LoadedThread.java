package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.FileStatus;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ThreadStore.StoredThread;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a live thread was loaded with, kept up to date: its owner, its draft (the stored one, and the current one
 * ahead of it while changes are being written), the highest seq this node knows of, and its two chat memories. The
 * parts that change the thread see it as {@link ThreadState}, the members' replays as {@link History}.
 *
 * <p>Confined to the session's executor.
 */
final class LoadedThread implements ThreadState, History {

    private static final Logger log = LoggerFactory.getLogger(LoadedThread.class);

    private final String threadId;
    private final EngineConfig config;
    private boolean loaded;
    private String owner;
    private AgentDraft draft;
    /** The newest draft the store acknowledged; {@link #draft} may be ahead of it by writes under way. */
    private AgentDraft storedDraft;
    /** The files whose status is no longer indexing, as the store or the bus last said: a draft's may be older. */
    private final java.util.Map<String, AgentFile> fileStatus = new java.util.HashMap<>();
    private long lastSeq;
    private ChatMemory memory;
    private ChatMemory previewMemory;
    /** What {@link #memory} and {@link #previewMemory} keep their messages in, until a turn's write stores them. */
    private List<SessionMemoryStore> memoryStores = List.of();

    LoadedThread(String threadId, EngineConfig config) {
        this.threadId = threadId;
        this.config = config;
    }

    /** Reads the thread, creating it in {@code userId}'s name if it does not exist; blocks on the read. */
    void load(String userId) {
        StoredThread stored = store().openThread(threadId, userId);
        owner = stored.ownerUserId();
        for (AgentFile file : store().knowledge().files(threadId)) {
            fileStatus.put(file.fileId(), file);
        }
        draft = withStatusNow(stored.draft());
        storedDraft = draft;
        lastSeq = stored.lastSeq();
        newMemories();
        loaded = true;
    }

    boolean loaded() {
        return loaded;
    }

    /** Who the thread belongs to; null until it is loaded. */
    String owner() {
        return owner;
    }

    /** The highest seq this node knows the thread has. */
    long lastSeq() {
        return lastSeq;
    }

    /** The thread's highest seq as stored now, which other nodes may have moved on; blocks on the read. */
    void refreshSeq() {
        noteSeq(readAgain().lastSeq());
    }

    @Override
    public List<StoredEvent> history(long afterSeq, int limit) {
        List<StoredEvent> page = store().eventsAfter(threadId, afterSeq, limit);
        if (!page.isEmpty()) {
            noteSeq(page.get(page.size() - 1).seq());
        }
        return page;
    }

    @Override
    public AgentDraft draft() {
        return draft;
    }

    @Override
    public AgentDraft storedDraft() {
        return storedDraft;
    }

    /** A file's status changed: both drafts say so, at the versions they are. */
    void fileStatus(AgentFile file) {
        fileStatus.put(file.fileId(), file);
        draft = draft.withFileStatus(file.fileId(), file.status(), file.error());
        storedDraft = storedDraft.withFileStatus(file.fileId(), file.status(), file.error());
    }

    /**
     * The files of the draft that this node still has as indexing and the store has as indexed (or failed); reads
     * the store only while one of the draft's files is indexing. Blocks on the read.
     */
    List<AgentFile> filesIndexedElsewhere() {
        java.util.Set<String> indexing = new java.util.HashSet<>();
        draft.files().stream().filter(f -> f.status() == FileStatus.INDEXING)
                .forEach(f -> indexing.add(f.fileId()));
        if (indexing.isEmpty()) {
            return List.of();
        }
        return store().knowledge().files(threadId).stream()
                .filter(f -> indexing.contains(f.fileId()) && f.status() != FileStatus.INDEXING)
                .toList();
    }

    /** The draft with each of its files' status as last heard; the same draft when none changed. */
    @Override
    public AgentDraft withStatusNow(AgentDraft d) {
        AgentDraft out = d;
        for (AgentFile f : d.files()) {
            AgentFile now = fileStatus.get(f.fileId());
            if (now != null) {
                out = out.withFileStatus(f.fileId(), now.status(), now.error());
            }
        }
        return out;
    }

    @Override
    public void setDraft(AgentDraft current) {
        draft = current;
    }

    @Override
    public void draftNotStored() {
        draft = storedDraft;
    }

    @Override
    public void stored(StoredEvent event) {
        noteSeq(event.seq());
        if (event instanceof AgentUpdated updated) {
            noteStoredDraft(updated.agent());
        }
    }

    @Override
    public ChatMemory memory(Channel channel) {
        return channel == Channel.PREVIEW ? previewMemory : memory;
    }

    /** The thread's chat memories as the store has them, read when first used. */
    private void newMemories() {
        SessionMemoryStore builder = new SessionMemoryStore(store(), threadId);
        SessionMemoryStore preview = new SessionMemoryStore(store(), ChatMemories.previewId(threadId));
        memoryStores = List.of(builder, preview);
        memory = newMemory(builder);
        previewMemory = newMemory(preview);
    }

    private ChatMemory newMemory(SessionMemoryStore kept) {
        return MessageWindowChatMemory.builder()
                .id(kept.memoryId())
                .maxMessages(config.memoryMessages())
                .chatMemoryStore(kept)
                .build();
    }

    @Override
    public ChatMemories takeMemoryChanges() {
        Map<String, List<ChatMessage>> changed = new LinkedHashMap<>();
        for (SessionMemoryStore kept : memoryStores) {
            kept.takeChange().ifPresent(messages -> changed.put(kept.memoryId(), messages));
        }
        return changed.isEmpty() ? ChatMemories.NONE : new ChatMemories(changed);
    }

    @Override
    public void memoryNotWritten() {
        memoryStores.forEach(SessionMemoryStore::notWritten);
    }

    /** The thread leaves memory: its chat memories go. */
    void release() {
        memory = null;
        previewMemory = null;
        memoryStores = List.of();
    }

    /**
     * The thread as stored now, which other nodes may have moved on: without the write that opening it may take, when
     * several nodes share the store.
     */
    private StoredThread readAgain() {
        return config.shared() ? config.cluster().readThread(threadId) : store().openThread(threadId, owner);
    }

    @Override
    public void reloadUnderLease() {
        StoredThread stored = readAgain();
        noteSeq(stored.lastSeq());
        draft = withStatusNow(stored.draft());
        storedDraft = draft;
        newMemories();
    }

    @Override
    public boolean refreshDraft() {
        try {
            StoredThread stored = readAgain();
            noteSeq(stored.lastSeq());
            storedDraft = withStatusNow(stored.draft());
            draft = storedDraft;
            return true;
        } catch (ChatException e) {
            log.warn("could not read the draft of thread {}", threadId, e);
            return false;
        }
    }

    private ThreadStore store() {
        return config.store();
    }

    private void noteSeq(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }

    /** A stored draft, from this session or (with a bus across nodes) another: the newest version wins. */
    private void noteStoredDraft(AgentDraft stored) {
        if (stored.version() > storedDraft.version()) {
            storedDraft = withStatusNow(stored);
        }
        if (stored.version() > draft.version()) {
            draft = withStatusNow(stored);
        }
    }
}
