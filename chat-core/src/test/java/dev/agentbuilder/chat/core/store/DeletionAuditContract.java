package dev.agentbuilder.chat.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.FileStatus;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.KnowledgeStore.Chunk;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A deleted thread leaves nothing in the database: after the store's deletion, every row of every table is read, and
 * none may hold the thread's id in any column (a chat memory's id starts with it; nothing else may mention it), while
 * another thread in the same database keeps every row it had. Run on each relational store, which says how to reach
 * its database and list its tables; a table added later is read without anyone remembering to.
 */
public abstract class DeletionAuditContract {

    private static final String DOOMED = "t-doomed";
    private static final String KEPT = "t-kept";

    /** A store over an empty database. */
    protected abstract ThreadStore openStore();

    /** A connection of the test's own to the store's database. */
    protected abstract Connection connect() throws SQLException;

    /** Every table of the database that holds the store's data (not the migration tool's own). */
    protected abstract List<String> tables(Connection c) throws SQLException;

    @Test
    protected void aDeletedThreadLeavesNoRowInAnyTableAndAnotherThreadKeepsAllOfItsRows() throws SQLException {
        try (ThreadStore store = openStore()) {
            fill(store, DOOMED);
            fill(store, KEPT);
            Map<String, List<String>> doomedBefore;
            Map<String, List<String>> keptBefore;
            try (Connection c = connect()) {
                doomedBefore = rowsMentioning(c, DOOMED);
                keptBefore = rowsMentioning(c, KEPT);
            }
            assertThat(doomedBefore).as("the audit sees the thread's rows in every kind of table")
                    .hasSizeGreaterThanOrEqualTo(6);

            assertThat(store.directory().delete(DOOMED).join()).isTrue();

            try (Connection c = connect()) {
                assertThat(rowsMentioning(c, DOOMED)).as("rows that still mention the deleted thread").isEmpty();
                assertThat(rowsMentioning(c, KEPT)).isEqualTo(keptBefore);
            }
            assertThat(store.directory().thread(KEPT)).isPresent();
        }
    }

    /**
     * Everything a thread can hold: messages of both channels, a reply with both memories, drafts, a failed turn, a
     * knowledge file indexed into passages and one still indexing under a node's claim.
     */
    private static void fill(ThreadStore store, String threadId) {
        store.openThread(threadId, "alice");
        store.appendUserMessage(threadId, user("u-1", "plan a trip", "c-1", Channel.BUILDER)).join();
        store.appendUserMessage(threadId, user("u-2", "who are you?", "c-2", Channel.PREVIEW)).join();
        store.appendUserMessage(threadId, user("u-3", "and then?", null, Channel.BUILDER)).join();
        TurnWriter writer = ThreadDirectoryContract.writer(store, threadId);
        writer.appendReply(ThreadMessage.assistant("a-1", "Sure.", now(), "u-1", false, null),
                new ChatMemories(Map.of(threadId, List.of(UserMessage.from("plan a trip"), AiMessage.from("Sure.")),
                        ChatMemories.previewId(threadId), List.of(UserMessage.from("who are you?"))))).join();
        writer.appendDrafts(List.of(AgentDraft.empty().withName("Wanderlust")), ChatMemories.NONE).join();
        writer.markTurnFailed("u-3", ChatMemories.NONE).join();
        store.appendUserDraft(threadId, AgentDraft.empty().withName("Wanderlust").withName("Atlas"), DraftSource.USER,
                "e-1").join();
        store.directory().rename(threadId, "My trip").join();
        byte[] notes = "Lisbon: trams, Alfama, pastéis".getBytes(StandardCharsets.UTF_8);
        store.knowledge().add(threadId, knowledgeFile("k-1", notes.length), notes).join();
        store.knowledge().indexed(threadId, "k-1", List.of(
                new Chunk("k-1", 0, "Lisbon: trams,", 0, 14, new float[] {0.6f, 0.8f}),
                new Chunk("k-1", 1, "Alfama, pastéis", 15, 30, new float[] {1f, 0f}))).join();
        store.knowledge().add(threadId, knowledgeFile("k-2", 3), new byte[] {1, 2, 3}).join();
        store.knowledge().claim(threadId, "k-2", "node-x", Duration.ofMinutes(5));
    }

    private static AgentFile knowledgeFile(String fileId, long size) {
        return new AgentFile(fileId, fileId + ".md", size, "text/markdown", FileStatus.INDEXING, null);
    }

    /** By table, each row (all its columns, as text) in which some column's value holds {@code threadId}. */
    private Map<String, List<String>> rowsMentioning(Connection c, String threadId) throws SQLException {
        Map<String, List<String>> found = new TreeMap<>();
        for (String table : tables(c)) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<String> row = new ArrayList<>();
                    boolean mentions = false;
                    for (int i = 1; i <= columns; i++) {
                        String value = r.getString(i);
                        row.add(value);
                        mentions |= value != null && value.contains(threadId);
                    }
                    if (mentions) {
                        found.computeIfAbsent(table, t -> new ArrayList<>()).add(String.join(" | ",
                                row.stream().map(String::valueOf).toList()));
                    }
                }
            }
        }
        found.values().forEach(rows -> rows.sort(null));
        return found;
    }

    private static ThreadMessage user(String id, String content, String clientMessageId, Channel channel) {
        return ThreadMessage.user(id, content, now(), "alice", clientMessageId, channel);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
