package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadPosition;
import dev.agentbuilder.chat.core.ThreadTitles;
import dev.agentbuilder.chat.core.Usage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of a thread's listing, kept in its row of {@code threads} in the same transaction as each event stored: the
 * title shown ({@code title}, the owner's {@code own_title}, else the agent's name when not blank, else the
 * {@code first_title} of the first user message; written whenever one of those changes, so that reads and searches
 * need no rule of their own), {@code agent_name} and {@code agent_version} of the current draft, a preview of the
 * newest message ({@code last_message}), {@code message_count}, and {@code updated_at}, the time of the last event to
 * the millisecond. The text rules are {@link ThreadTitles}', applied here in Java, never in SQL.
 *
 * <p>A dialect folds {@link #messageSet} or {@link #draftSet} into an update of the thread's row it makes anyway where
 * it has one (PostgreSQL's seq counter), so an event costs no more than that one statement.
 *
 * <p>A listing is ordered by {@code (updated_at DESC, thread_id DESC)}, which the index
 * {@code threads_listing (owner_user_id, updated_at DESC, thread_id DESC)} of each dialect holds: a page is a range
 * scan of it that starts strictly after the position where the last page ended (keyset pagination).
 *
 * <p>Stateless; each method runs on the statements it is given, in the caller's read or transaction.
 */
public final class ThreadListing {

    private static final String COLUMNS = "thread_id, owner_user_id, title, created_at, updated_at, agent_name, "
            + "agent_version, last_message, message_count, input_tokens, output_tokens";
    /** A search looks into both, lower case: PostgreSQL's lower() follows the database's locale, SQLite's is ASCII. */
    private static final String SEARCH = " AND (lower(title) LIKE ? ESCAPE '\\' OR lower(agent_name) LIKE ? "
            + "ESCAPE '\\')";
    /** A row value, which both databases use as a bound of the index range, not as a filter on it. */
    private static final String AFTER = " AND (updated_at, thread_id) < (?, ?)";

    private final SqlDialect sql;
    private final String messageSet;
    private final String draftSet;

    public ThreadListing(SqlDialect sql) {
        this.sql = sql;
        String touched = "updated_at = " + sql.later("updated_at", sql.now());
        // A SET sees the row as it was: first_title IS NULL means no user message before this one.
        this.messageSet = "message_count = message_count + 1, last_message = ?, "
                + "input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, "
                + "first_title = coalesce(first_title, ?), "
                + "title = CASE WHEN first_title IS NULL AND title = '' THEN coalesce(?, '') ELSE title END, "
                + touched;
        this.draftSet = "agent_name = ?, agent_version = ?, title = coalesce(own_title, ?, first_title, ''), "
                + touched;
    }

    /**
     * The assignments (without {@code SET}) that a stored message makes to its thread's row; its parameters are bound
     * by {@link #bindMessage}. Only a user message can give the thread its first title.
     */
    public String messageSet() {
        return messageSet;
    }

    /** Binds the parameters of {@link #messageSet} from {@code index} on; returns the index after them. */
    public int bindMessage(PreparedStatement s, int index, MessageText text) throws SQLException {
        s.setString(index, text.preview());
        s.setLong(index + 1, text.inputTokens());
        s.setLong(index + 2, text.outputTokens());
        s.setString(index + 3, text.firstTitle());
        s.setString(index + 4, text.firstTitle());
        return index + 5;
    }

    /** The assignments (without {@code SET}) that a stored draft makes to its thread's row; bound by {@link #bindDraft}. */
    public String draftSet() {
        return draftSet;
    }

    /** Binds the parameters of {@link #draftSet} from {@code index} on; returns the index after them. */
    public int bindDraft(PreparedStatement s, int index, AgentDraft draft) throws SQLException {
        s.setString(index, draft.name());
        s.setLong(index + 1, draft.version());
        // The rule of ThreadTitles.effective, decided here: SQL's idea of a blank name is not Java's.
        s.setString(index + 2, draft.name().isBlank() ? null : draft.name());
        return index + 3;
    }

    /** Gives the thread its owner's title; the thread as it is then, or empty when there is none. */
    public Optional<ThreadInfo> rename(Statements s, String threadId, String title) throws SQLException {
        PreparedStatement update = s.prepare("UPDATE threads SET own_title = ?, title = ? WHERE thread_id = ?");
        update.setString(1, title);
        update.setString(2, title);
        update.setString(3, threadId);
        if (update.executeUpdate() == 0) {
            return Optional.empty();
        }
        return thread(s, threadId);
    }

    /** The thread's metadata, or empty. */
    public Optional<ThreadInfo> thread(Statements s, String threadId) throws SQLException {
        PreparedStatement select = s.prepare("SELECT " + COLUMNS + " FROM threads WHERE thread_id = ?");
        select.setString(1, threadId);
        try (ResultSet r = select.executeQuery()) {
            return r.next() ? Optional.of(info(r)) : Optional.empty();
        }
    }

    /**
     * At most {@code limit} of the user's threads in listing order, strictly after {@code after} if not null, those
     * whose title or agent name holds {@code search} (lower case; empty for all), its {@code %}, {@code _} and
     * {@code \} taken literally.
     */
    public List<ThreadInfo> threadsOf(Statements s, String userId, String search, ThreadPosition after, int limit)
            throws SQLException {
        boolean searching = search != null && !search.isEmpty();
        PreparedStatement select = s.prepare("SELECT " + COLUMNS + " FROM threads WHERE owner_user_id = ?"
                + (after == null ? "" : AFTER) + (searching ? SEARCH : "")
                + " ORDER BY updated_at DESC, thread_id DESC LIMIT ?");
        int i = 1;
        select.setString(i++, userId);
        if (after != null) {
            sql.bindTime(select, i++, after.updatedAt());
            select.setString(i++, after.threadId());
        }
        if (searching) {
            String pattern = containing(search);
            select.setString(i++, pattern);
            select.setString(i++, pattern);
        }
        select.setInt(i, limit);
        List<ThreadInfo> threads = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                threads.add(info(r));
            }
        }
        return threads;
    }

    /** At most {@code limit} threads last changed before {@code before}, oldest first. */
    public List<String> idleSince(Statements s, Instant before, int limit) throws SQLException {
        PreparedStatement select = s.prepare(
                "SELECT thread_id FROM threads WHERE updated_at < ? ORDER BY updated_at, thread_id LIMIT ?");
        sql.bindTime(select, 1, before);
        select.setInt(2, limit);
        List<String> idle = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                idle.add(r.getString(1));
            }
        }
        return idle;
    }

    /**
     * What a message shows in its thread's listing: its preview, and for a user message the title it gives a thread
     * that has none. Made where the write is called, so that the text rules' work (a pass over the whole message) is
     * not done on the writer, which every thread's writes wait for.
     *
     * @param firstTitle   null for an assistant's message
     * @param inputTokens  the input tokens a reply used, added to the thread's totals (0 for a user message)
     * @param outputTokens the output tokens a reply used
     */
    public record MessageText(String preview, String firstTitle, int inputTokens, int outputTokens) {

        public static MessageText of(ThreadMessage message) {
            Usage usage = message.usage();
            return new MessageText(ThreadTitles.preview(message.content()),
                    message.role() == Role.USER ? ThreadTitles.fromFirstMessage(message.content()) : null,
                    usage == null ? 0 : usage.inputTokens(), usage == null ? 0 : usage.outputTokens());
        }
    }

    /** A LIKE pattern for text that holds {@code search}, with LIKE's own characters escaped by {@code \}. */
    static String containing(String search) {
        return "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private ThreadInfo info(ResultSet r) throws SQLException {
        return new ThreadInfo(r.getString(1), r.getString(2), r.getString(3), sql.readTime(r, 4), sql.readTime(r, 5),
                r.getString(6), r.getLong(7), r.getString(8), r.getLong(9),
                new ThreadInfo.ThreadTokens(r.getLong(10), r.getLong(11)));
    }
}
