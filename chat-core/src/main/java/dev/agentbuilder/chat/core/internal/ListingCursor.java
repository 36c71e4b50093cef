package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.core.ThreadPosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque cursor of a user's list of threads: the position of the last thread of a page, with the user and the
 * search it was made for, so that a cursor of another list is refused instead of paging it wrongly. It grants
 * nothing (whoever may read the list may read past any position in it), so it is encoded, not signed. Stateless.
 *
 * <p>Base64url, without padding, of {@code v1 LF userId LF search LF updatedAtMillis LF threadId}: ids and search texts
 * hold no line feed.
 */
final class ListingCursor {

    private static final String VERSION = "v1";
    private static final int MAX_CHARS = 1_024;

    private ListingCursor() {
    }

    static String encode(String userId, String search, ThreadPosition position) {
        String plain = String.join("\n", VERSION, userId, search, Long.toString(position.updatedAt().toEpochMilli()),
                position.threadId());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position of a cursor made for this user and search.
     *
     * @throws IllegalArgumentException for a cursor that is not one of ours, or one of another list
     */
    static ThreadPosition decode(String cursor, String userId, String search) {
        if (cursor.length() > MAX_CHARS) {
            throw malformed();
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (parts.length != 5 || !VERSION.equals(parts[0]) || !Identifiers.isValid(parts[4])) {
            throw malformed();
        }
        if (!parts[1].equals(userId) || !parts[2].equals(search)) {
            throw new IllegalArgumentException("The cursor belongs to another list: it continues a page of another "
                    + "user or of another search.");
        }
        try {
            return new ThreadPosition(Instant.ofEpochMilli(Long.parseLong(parts[3])), parts[4]);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw malformed();
        }
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("The cursor is not valid: pass the nextCursor of a page as it is.");
    }
}
