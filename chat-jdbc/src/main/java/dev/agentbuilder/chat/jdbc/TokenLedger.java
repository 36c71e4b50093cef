package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.TokenQuota;
import dev.agentbuilder.chat.core.Usage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The tokens each user's threads used per UTC day, in table {@code token_usage} (user_id, day as ISO text, tokens):
 * what a daily token budget counts. A reply's tokens are added in its own transaction, so the count is exact on every
 * node sharing the database and survives a crash with the reply. Rows are the user's, not a thread's: deleting a
 * thread leaves them, as the tokens were spent.
 *
 * <p>Stateless; each method runs on the statements it is given, in the caller's read or transaction.
 */
final class TokenLedger {

    /** The same upsert on both databases; the SELECT's WHERE keeps SQLite from reading ON CONFLICT as a join's ON. */
    private static final String ADD = "INSERT INTO token_usage (user_id, day, tokens) "
            + "SELECT owner_user_id, ?, ? FROM threads WHERE thread_id = ? "
            + "ON CONFLICT (user_id, day) DO UPDATE SET tokens = token_usage.tokens + excluded.tokens";

    /** Adds a reply's tokens, stored at {@code at}, to its thread owner's count for that UTC day. */
    void add(Statements s, String threadId, Instant at, Usage usage) throws SQLException {
        if (usage == null || usage.total() == 0) {
            return;
        }
        PreparedStatement add = s.prepare(ADD);
        add.setString(1, TokenQuota.dayOf(at).toString());
        add.setLong(2, usage.total());
        add.setString(3, threadId);
        add.executeUpdate();
    }

    long used(Statements s, String userId, LocalDate day) throws SQLException {
        PreparedStatement select = s.prepare("SELECT tokens FROM token_usage WHERE user_id = ? AND day = ?");
        select.setString(1, userId);
        select.setString(2, day.toString());
        try (ResultSet r = select.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }
}
