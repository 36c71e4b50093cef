package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.ThreadTitles;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.Function;
import org.sqlite.core.Codes;

/**
 * SQL functions for the migrations that fill in what the schema derives from stored events, so that they follow the
 * same rules as the code that writes it (ThreadTitles' cuts, times in {@link SqliteSql}'s form) rather than an
 * approximation in SQL. Registered on the migrating connection only, for the migration. Stateless.
 */
final class BackfillFunctions {

    private static final List<String> NAMES = List.of("chat_first_title", "chat_preview", "chat_title", "chat_time");

    private BackfillFunctions() {
    }

    static void register(Connection c) throws SQLException {
        create(c, "chat_first_title", 1, args -> args[0] == null ? null : ThreadTitles.fromFirstMessage(args[0]));
        create(c, "chat_preview", 1, args -> args[0] == null ? null : ThreadTitles.preview(args[0]));
        create(c, "chat_title", 2, args -> ThreadTitles.effective(null, args[0], args[1]));
        create(c, "chat_time", 1, args -> args[0] == null ? null : SqliteSql.format(SqliteSql.parse(args[0])));
    }

    static void unregister(Connection c) throws SQLException {
        for (String name : NAMES) {
            Function.destroy(c, name);
        }
    }

    private interface TextFunction {
        String apply(String[] args);
    }

    private static void create(Connection c, String name, int arity, TextFunction body) throws SQLException {
        Function.create(c, name, new Function() {
            @Override
            protected void xFunc() throws SQLException {
                String[] args = new String[arity];
                for (int i = 0; i < arity; i++) {
                    args[i] = value_type(i) == Codes.SQLITE_NULL ? null : value_text(i);
                }
                result(body.apply(args));
            }
        }, arity, Function.FLAG_DETERMINISTIC);
    }
}
