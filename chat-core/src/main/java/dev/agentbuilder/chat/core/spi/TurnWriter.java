package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The writes of one turn, obtained from {@link ThreadStore#turnWriter} with the turn lease the turn holds: the only way
 * to store a turn's outcome, so none can be made without the lease. A {@link ClusterStore}'s writer checks the lease's
 * token in the write itself (which also extends the lease), writes nothing when another node has taken the lease
 * since, and fails the write with {@link ClusterStore.FencedOut}.
 *
 * <p>Each write also stores the chat memories the turn changed since its previous write, in the same transaction, so
 * that the memory a store holds always matches the event log beside it. Writes follow the store's rules: they never
 * block, and one thread's writes are applied in the order they were called. Thread-safe as its store is.
 */
public interface TurnWriter {

    /**
     * Appends the turn's reply, an assistant message. Its {@link ThreadMessage#usage() usage}, when it has one, is
     * added in the same transaction to its thread's token totals ({@code ThreadInfo.tokens}) and to the tokens its
     * thread's owner used on the reply's UTC day ({@link ThreadStore#tokensUsed}).
     */
    CompletableFuture<MessageAdded> appendReply(ThreadMessage reply, ChatMemories memories);

    /**
     * Stores successive drafts, appending one {@code agent_updated} event for each, all in one write: the changes one
     * model response makes with its tool calls. A thread's draft versions only rise: the write fails with
     * {@link ThreadStore.VersionConflict}, writing nothing, when the first draft's version is not above the stored
     * draft's (a change by hand came first).
     */
    CompletableFuture<List<AgentUpdated>> appendDrafts(List<AgentDraft> drafts, ChatMemories memories);

    /**
     * Records that the turn for this user message failed, so it is not run again when the thread is loaded or swept.
     */
    CompletableFuture<Void> markTurnFailed(String userMessageId, ChatMemories memories);
}
