package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.TokenQuota;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.KnowledgeStore;
import dev.agentbuilder.chat.core.spi.ThreadDirectory;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import dev.langchain4j.data.message.ChatMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps every thread in the heap, for tests, demos and apps that need no durability. Writes are done when they return.
 *
 * <p>Thread-safe: {@link #threads} is a concurrent map, and each thread's data is guarded by its own monitor.
 */
public final class InMemoryThreadStore implements ThreadStore {

    private final ConcurrentHashMap<String, InMemoryThread> threads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<ChatMessage>> chatMemory = new ConcurrentHashMap<>();
    private final InMemoryDirectory directory = new InMemoryDirectory(threads, chatMemory);
    private final InMemoryKnowledge knowledge = new InMemoryKnowledge(threads);
    /** Tokens used per user and UTC day ("user day"), kept past the threads' deletion as a budget needs. */
    private final ConcurrentHashMap<String, Long> tokensByUserDay = new ConcurrentHashMap<>();

    /**
     * Now, to the millisecond: as the JDBC stores keep times, and as the wire and the list's cursors carry them (a
     * cursor of a finer time than it holds would skip the threads of its millisecond).
     */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public StoredThread openThread(String threadId, String userId) {
        InMemoryThread data = threads.computeIfAbsent(threadId, id -> new InMemoryThread(id, userId, now()));
        synchronized (data) {
            return new StoredThread(threadId, data.owner, data.draft, data.lastSeq());
        }
    }

    @Override
    public List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        InMemoryThread data = data(threadId);
        synchronized (data) {
            // Event i has seq i + 1.
            int from = (int) Math.min(Math.max(afterSeq, 0), data.events.size());
            int to = (int) Math.min((long) from + limit, data.events.size());
            return List.copyOf(data.events.subList(from, to));
        }
    }

    @Override
    public Optional<StoredEvent> findByClientMessageId(String threadId, String clientMessageId) {
        InMemoryThread data = data(threadId);
        synchronized (data) {
            return Optional.ofNullable(data.byClientMessageId.get(clientMessageId));
        }
    }

    @Override
    public long tokensUsed(String userId, LocalDate day) {
        return tokensByUserDay.getOrDefault(userId + " " + day, 0L);
    }

    @Override
    public CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message) {
        if (message.role() != Role.USER) {
            throw new IllegalArgumentException("not a user message: " + message.id());
        }
        return now(() -> appendUser(data(threadId), message));
    }

    private static UserMessageAppend appendUser(InMemoryThread data, ThreadMessage message) {
        synchronized (data) {
            data.requireLive();
            String key = message.clientMessageId();
            if (key != null && data.byClientMessageId.containsKey(key)) {
                return new UserMessageAppend(data.byClientMessageId.get(key), true);
            }
            MessageAdded event = new MessageAdded(data.lastSeq() + 1, message);
            data.add(event, now());
            if (key != null) {
                data.byClientMessageId.put(key, event);
            }
            return new UserMessageAppend(event, false);
        }
    }

    private static List<AgentUpdated> appendDrafts(InMemoryThread data, List<AgentDraft> drafts) {
        synchronized (data) {
            List<AgentUpdated> events = new ArrayList<>();
            for (AgentDraft draft : drafts) {
                AgentUpdated event = new AgentUpdated(data.lastSeq() + 1, draft);
                data.add(event, now());
                events.add(event);
            }
            return events;
        }
    }

    @Override
    public CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId) {
        return now(() -> {
            InMemoryThread data = data(threadId);
            synchronized (data) {
                data.requireLive();
                if (clientMessageId != null && data.byClientMessageId.containsKey(clientMessageId)) {
                    return new DraftAppend(data.byClientMessageId.get(clientMessageId), true);
                }
                if (data.draft.version() != draft.version() - 1) {
                    throw new VersionConflict(threadId, data.draft.version());
                }
                AgentUpdated event = new AgentUpdated(data.lastSeq() + 1, draft, source);
                data.add(event, now());
                if (clientMessageId != null) {
                    data.byClientMessageId.put(clientMessageId, event);
                }
                return new DraftAppend(event, false);
            }
        });
    }

    @Override
    public List<ThreadMessage> unansweredUserMessages(String threadId) {
        InMemoryThread data = data(threadId);
        synchronized (data) {
            List<ThreadMessage> unanswered = new ArrayList<>();
            Set<String> answered = new HashSet<>(data.failedTurns);
            String newestAnswered = null;
            for (int i = data.events.size() - 1; i >= 0; i--) {
                if (data.events.get(i) instanceof MessageAdded added) {
                    ThreadMessage m = added.message();
                    if (m.role() != Role.USER) {
                        answered.add(m.replyTo());
                        newestAnswered = newestAnswered == null ? m.replyTo() : newestAnswered;
                    } else if (m.id().equals(newestAnswered)) {
                        break;
                    } else if (!answered.contains(m.id())) {
                        unanswered.add(0, m);
                    }
                }
            }
            return unanswered;
        }
    }

    @Override
    public List<ChatMessage> chatMemory(String memoryId) {
        return chatMemory.getOrDefault(memoryId, List.of());
    }

    /** One process: there is no other writer to fence out, so the lease's token is not needed. */
    @Override
    public TurnWriter turnWriter(TurnLock.Lease lease) {
        String threadId = lease.threadId();
        // The thread as it is now: once it is deleted, the turn's writes store nothing, also when a new thread of the
        // same id was opened since.
        InMemoryThread opened = threads.get(threadId);
        return new TurnWriter() {
            /** The thread stored under this id; package-private for tests that line threads up in time. */
    InMemoryThread data(String threadId) {
                InMemoryThread data = InMemoryThreadStore.this.data(threadId);
                if (data != opened) {
                    throw new ChatException("thread " + threadId + " was deleted while its turn ran", false);
                }
                return data;
            }

            @Override
            public CompletableFuture<MessageAdded> appendReply(ThreadMessage reply, ChatMemories memories) {
                if (reply.role() != Role.ASSISTANT) {
                    throw new IllegalArgumentException("not an assistant message: " + reply.id());
                }
                return now(() -> {
                    InMemoryThread data = data(threadId);
                    synchronized (data) {
                        data.requireLive();
                        remember(memories);
                        MessageAdded event = new MessageAdded(data.lastSeq() + 1, reply);
                        data.add(event, now());
                        if (reply.usage() != null) {
                            tokensByUserDay.merge(data.owner + " " + TokenQuota.dayOf(reply.createdAt()),
                                    reply.usage().total(), Long::sum);
                        }
                        return event;
                    }
                });
            }

            @Override
            public CompletableFuture<List<AgentUpdated>> appendDrafts(List<AgentDraft> drafts, ChatMemories memories) {
                return now(() -> {
                    InMemoryThread data = data(threadId);
                    synchronized (data) {
                        data.requireLive();
                        if (data.draft.version() >= drafts.get(0).version()) {
                            throw new VersionConflict(threadId, data.draft.version());
                        }
                        remember(memories);
                        return InMemoryThreadStore.appendDrafts(data, drafts);
                    }
                });
            }

            @Override
            public CompletableFuture<Void> markTurnFailed(String userMessageId, ChatMemories memories) {
                return now(() -> {
                    InMemoryThread data = data(threadId);
                    synchronized (data) {
                        data.requireLive();
                        remember(memories);
                        data.failedTurns.add(userMessageId);
                    }
                    return null;
                });
            }
        };
    }

    private void remember(ChatMemories memories) {
        chatMemory.putAll(memories.windows());
    }

    @Override
    public ThreadDirectory directory() {
        return directory;
    }

    @Override
    public KnowledgeStore knowledge() {
        return knowledge;
    }

    @Override
    public void close() {
        // Nothing to release: the data lives as long as this object.
    }

    /** Writes in the heap are done when they return: the future is complete, or failed with what the write threw. */
    private static <T> CompletableFuture<T> now(Supplier<T> write) {
        try {
            return CompletableFuture.completedFuture(write.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The thread stored under this id; package-private for tests that line threads up in time. */
    InMemoryThread data(String threadId) {
        InMemoryThread data = threads.get(threadId);
        if (data == null) {
            throw new ChatException("thread " + threadId + " was never opened", false);
        }
        return data;
    }
}
