package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.SubmitResult.Rejected;
import dev.agentbuilder.chat.core.TextRules;
import java.util.Optional;

/** What a user message must look like before it is stored. */
final class MessageRules {

    public static final int MAX_CLIENT_MESSAGE_ID_CHARS = 128;

    private MessageRules() {
    }

    public static Optional<Rejected> check(String content, String clientMessageId, int maxChars) {
        if (clientMessageId != null && !isValidClientMessageId(clientMessageId)) {
            return reject(clientMessageId, ErrorCode.INVALID_MESSAGE,
                    "clientMessageId must be 1 to 128 characters without control characters");
        }
        if (content == null || content.isBlank()) {
            return reject(clientMessageId, ErrorCode.INVALID_MESSAGE, "content must be a non-blank string");
        }
        int chars = TextRules.chars(content);
        if (chars > maxChars) {
            return reject(clientMessageId, ErrorCode.MESSAGE_TOO_LONG,
                    "content has " + chars + " characters; the limit is " + maxChars);
        }
        if (TextRules.hasControl(content, true)) {
            return reject(clientMessageId, ErrorCode.INVALID_MESSAGE,
                    "content must not contain control characters other than tab and line breaks");
        }
        if (TextRules.hasUnpairedSurrogate(content)) {
            // A JSON escape can name half of a UTF-16 surrogate pair, which no storage or client could encode.
            return reject(clientMessageId, ErrorCode.INVALID_MESSAGE,
                    "content must be valid Unicode text: it has half of a surrogate pair");
        }
        return Optional.empty();
    }

    public static boolean isValidClientMessageId(String id) {
        return !id.isEmpty()
                && id.length() <= MAX_CLIENT_MESSAGE_ID_CHARS
                && id.chars().noneMatch(Character::isISOControl)
                && !TextRules.hasUnpairedSurrogate(id);
    }

    private static Optional<Rejected> reject(String clientMessageId, ErrorCode code, String message) {
        return Optional.of(new Rejected(clientMessageId, code, message));
    }
}
