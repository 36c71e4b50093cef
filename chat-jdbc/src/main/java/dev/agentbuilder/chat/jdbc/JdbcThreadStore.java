package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftJson;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.KnowledgeStore;
import dev.agentbuilder.chat.core.spi.ThreadDirectory;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import dev.langchain4j.data.message.ChatMessage;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A thread store on a relational database: every read and write of {@link ThreadStore} that is the same on each of
 * them, on the {@link EventLog}'s SQL, its listing ({@link #directory}, on {@link ThreadListing}'s) and its knowledge
 * files ({@link #knowledge}, {@code JdbcKnowledge}'s tables). Writes run on
 * a {@link GroupCommitWriter}, reads on the dialect's {@link Reads}. A dialect extends it with what its database does
 * its own way: opening a thread, numbering seqs, keeping the thread's row (its listing included) in step with each
 * event, the version of a thread's stored draft, what it holds open; and it passes the {@link TurnFence} of its turns
 * and its {@link ChatMemoryTable}.
 *
 * <p>Every write takes its seq from the dialect in its own transaction, so a thread's seqs have no gaps: a resent
 * clientMessageId, refused by the database's unique index, gives its seq back. The thread's listing changes in the
 * same transaction as the event that changes it.
 *
 * <p>Thread-safe: writes run on the writer's strands, reads on the dialect's connections; {@link #closed} is atomic.
 */
public abstract class JdbcThreadStore implements ThreadStore {

    /** The reads of this store. */
    protected final Reads reads;
    /** The writes of this store. */
    protected final GroupCommitWriter writer;
    /** The SQL of the tables every dialect has. */
    protected final EventLog eventLog;
    /** The SQL of the listing columns of the threads table. */
    protected final ThreadListing listing;
    private final ChatMemoryTable memory;
    private final TokenLedger tokens = new TokenLedger();
    private final TurnFence fence;
    private final JdbcDirectory directory;
    private final JdbcKnowledge knowledge;
    private final AtomicBoolean closed = new AtomicBoolean();

    protected JdbcThreadStore(Reads reads, GroupCommitWriter writer, SqlDialect sql, ChatMemoryTable memory,
            TurnFence fence) {
        this.reads = reads;
        this.writer = writer;
        this.eventLog = new EventLog(sql);
        this.listing = new ThreadListing(sql);
        this.memory = memory;
        this.fence = fence;
        this.directory = new JdbcDirectory(this);
        this.knowledge = new JdbcKnowledge(reads, writer, sql);
    }

    /**
     * The seq of a user message about to be stored, in the writer's transaction, which is the only one to take a seq
     * of the thread until it ends. A thread not stored yet is stored first, owned by {@code owner}.
     */
    protected abstract long nextUserMessageSeq(Transaction tx, String threadId, String owner) throws SQLException;

    /**
     * The user message was stored at {@code seq}: the thread's row follows it (its listing, and whatever else the
     * dialect keeps there). Not before the insert: a resend, refused by the unique index, changes nothing.
     */
    protected abstract void userMessageStored(Transaction tx, String threadId, long seq,
            ThreadListing.MessageText text) throws SQLException;

    /**
     * The seq of a turn's reply about to be stored, with the thread's row changed for it ({@link
     * ThreadListing#messageSet}). Fails the write ({@code never opened}) for a thread not stored: a turn never
     * creates one.
     */
    protected abstract long nextReplySeq(Transaction tx, String threadId, ThreadListing.MessageText text)
            throws SQLException;

    /**
     * The seq of an {@code agent_updated} event that makes {@code draft} ({@code json} its JSON) the thread's draft,
     * with the thread's row changed for it ({@link ThreadListing#draftSet}). Fails the write for a thread not stored.
     */
    protected abstract long nextDraftSeq(Transaction tx, String threadId, AgentDraft draft, String json)
            throws SQLException;

    /** Gives back the seq {@link #nextUserMessageSeq} took last in this transaction: nothing was stored at it. */
    protected abstract void giveBackSeq(Transaction tx, String threadId) throws SQLException;

    /**
     * The version of the thread's stored draft as the transaction sees it, 0 for none; a store shared by nodes also
     * locks the thread for the transaction, ordering its writers on every node.
     */
    protected abstract long draftVersion(Transaction tx, String threadId) throws SQLException;

    /** Closes what the dialect holds open, once the writer has finished. */
    protected abstract void closeResources();

    /**
     * Deletes everything of the thread, on the writer in its strand's order: its knowledge files and their passages,
     * both chat memories, then its events, failed turns and row ({@link EventLog#deleteThread}). True when it had a
     * row. A dialect that keeps more of a thread (in a table or in memory) deletes or forgets that too, and calls
     * this.
     */
    protected boolean deleteThread(Transaction tx, String threadId) throws SQLException {
        // The files before the row: a dialect's schema may hold them to their thread.
        knowledge.deleteThread(tx, threadId);
        memory.delete(tx, ChatMemories.ids(threadId));
        return eventLog.deleteThread(tx, threadId);
    }

    /**
     * Threads of the user opened but not stored yet (their creation not yet committed), as a new thread shows in a
     * listing: a dialect that stores a new thread without waiting for it lists it here meanwhile. None by default.
     */
    protected List<ThreadInfo> threadsNotYetStored(String userId) {
        return List.of();
    }

    /** {@link #threadsNotYetStored} for one thread: empty unless it is being stored. */
    protected Optional<ThreadInfo> threadNotYetStored(String threadId) {
        return Optional.empty();
    }

    /**
     * At most {@code limit} threads last changed before {@code before}, oldest first: {@link ThreadListing#idleSince}
     * by default. A dialect shared by nodes lets only one of them answer at a time.
     */
    protected List<String> idleThreads(Instant before, int limit) {
        return reads.read(s -> listing.idleSince(s, before, limit));
    }

    @Override
    public long tokensUsed(String userId, LocalDate day) {
        return reads.read(s -> tokens.used(s, userId, day));
    }

    @Override
    public List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit) {
        if (limit < 1) {
            // SQLite reads a negative LIMIT as none at all.
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return reads.read(s -> eventLog.eventsAfter(s, threadId, afterSeq, limit));
    }

    @Override
    public Optional<StoredEvent> findByClientMessageId(String threadId, String clientMessageId) {
        return reads.read(s -> Optional.ofNullable(eventLog.byClientMessageId(s, threadId, clientMessageId)));
    }

    @Override
    public Optional<AgentDraft> draftAt(String threadId, long version) {
        if (version == 0) {
            return Optional.of(AgentDraft.empty());
        }
        return reads.read(s -> eventLog.draftAt(s, threadId, version));
    }

    @Override
    public List<ThreadMessage> unansweredUserMessages(String threadId) {
        return reads.read(s -> eventLog.unansweredUserMessages(s, threadId));
    }

    @Override
    public List<ChatMessage> chatMemory(String memoryId) {
        return memory.read(memoryId);
    }

    @Override
    public CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message) {
        if (message.role() != Role.USER) {
            throw new IllegalArgumentException("not a user message: " + message.id());
        }
        // No chat memory here: it changes only under a turn lease, so it is written with the turn's fenced writes,
        // and a node that lost its lease can never write its stale memory with a user message.
        ThreadListing.MessageText text = ThreadListing.MessageText.of(message);
        return writer.submitUrgent(threadId, tx -> {
            long seq = nextUserMessageSeq(tx, threadId, message.userId());
            if (eventLog.insertMessage(tx, threadId, seq, message)) {
                userMessageStored(tx, threadId, seq, text);
                return new UserMessageAppend(new MessageAdded(seq, message), false);
            }
            // The unique index refused it: a resend, to this node or another. Give the seq back (nobody took a later
            // one meanwhile) and answer with the original.
            giveBackSeq(tx, threadId);
            StoredEvent original = eventLog.byClientMessageId(tx, threadId, message.clientMessageId());
            if (original == null) {
                throw seqTaken(threadId, seq);
            }
            return new UserMessageAppend(original, true);
        });
    }

    @Override
    public CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId) {
        String stored = DraftJson.toStoredJson(draft, source);
        String current = DraftJson.toJson(draft);
        // No chat memory here, as with user messages: it is written only under the turn lease.
        return writer.submit(threadId, tx -> {
            // The version first: where it locks the thread, a resend to another node waits for this write and then
            // finds it.
            long version = draftVersion(tx, threadId);
            if (clientMessageId != null) {
                StoredEvent original = eventLog.byClientMessageId(tx, threadId, clientMessageId);
                if (original != null) {
                    return new DraftAppend(original, true);
                }
            }
            fence.refuseWhileATurnRuns(tx, threadId);
            if (version != draft.version() - 1) {
                throw new VersionConflict(threadId, version);
            }
            long seq = nextDraftSeq(tx, threadId, draft, current);
            eventLog.insertDraft(tx, threadId, seq, stored, clientMessageId);
            return new DraftAppend(new AgentUpdated(seq, draft, source), false);
        });
    }

    /**
     * Each write is fenced first ({@link TurnFence.Fenced#check}), then stores the chat memories the turn changed,
     * then its events.
     *
     * @throws IllegalArgumentException for a lease the store's fence refuses
     */
    @Override
    public TurnWriter turnWriter(TurnLock.Lease lease) {
        TurnFence.Fenced fenced = fence.fenceFor(lease);
        String threadId = lease.threadId();
        return new TurnWriter() {
            @Override
            public CompletableFuture<MessageAdded> appendReply(ThreadMessage reply, ChatMemories memories) {
                if (reply.role() != Role.ASSISTANT) {
                    throw new IllegalArgumentException("not an assistant message: " + reply.id());
                }
                ThreadListing.MessageText text = ThreadListing.MessageText.of(reply);
                return writer.submit(threadId, tx -> {
                    fenced.check(tx, reply.replyTo());
                    memory.write(tx, memories);
                    long seq = nextReplySeq(tx, threadId, text);
                    if (!eventLog.insertMessage(tx, threadId, seq, reply)) {
                        throw seqTaken(threadId, seq);
                    }
                    tokens.add(tx, threadId, reply.createdAt(), reply.usage());
                    return new MessageAdded(seq, reply);
                });
            }

            @Override
            public CompletableFuture<List<AgentUpdated>> appendDrafts(List<AgentDraft> drafts, ChatMemories memories) {
                List<String> json = drafts.stream().map(DraftJson::toJson).toList();
                return writer.submit(threadId, tx -> {
                    fenced.check(tx, null);
                    // Versions only rise: a change by hand stored first (on any node) makes the builder's of the
                    // same version a conflict.
                    long current = draftVersion(tx, threadId);
                    if (current >= drafts.get(0).version()) {
                        throw new VersionConflict(threadId, current);
                    }
                    memory.write(tx, memories);
                    List<AgentUpdated> events = new ArrayList<>();
                    for (int i = 0; i < drafts.size(); i++) {
                        long seq = nextDraftSeq(tx, threadId, drafts.get(i), json.get(i));
                        eventLog.insertDraft(tx, threadId, seq, json.get(i), null);
                        events.add(new AgentUpdated(seq, drafts.get(i)));
                    }
                    return events;
                });
            }

            @Override
            public CompletableFuture<Void> markTurnFailed(String userMessageId, ChatMemories memories) {
                return writer.submit(threadId, tx -> {
                    fenced.check(tx, userMessageId);
                    memory.write(tx, memories);
                    eventLog.insertFailedTurn(tx, threadId, userMessageId);
                    return null;
                });
            }
        };
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
    public boolean isReachable() {
        if (closed.get()) {
            return false;
        }
        try {
            return reads.read(s -> {
                try (Statement statement = s.connection().createStatement()) {
                    return statement.execute("SELECT 1");
                }
            });
        } catch (ChatException e) {
            return false;
        }
    }

    /** Finishes the queued writes, then closes the dialect's resources. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.close();
        } finally {
            closeResources();
        }
    }

    private static ChatException seqTaken(String threadId, long seq) {
        return new ChatException("seq " + seq + " of thread " + threadId + " is taken, though the store counted it "
                + "free; the database was changed by someone else", false);
    }
}
