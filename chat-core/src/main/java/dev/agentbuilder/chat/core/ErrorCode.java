package dev.agentbuilder.chat.core;

/** Why chat-core refused a request or could not finish a turn. */
public enum ErrorCode {
    /** The content is blank or otherwise unusable. */
    INVALID_MESSAGE,
    /** The content is longer than the engine allows. */
    MESSAGE_TOO_LONG,
    /** Too many messages already wait for a reply in this thread. */
    BUSY,
    /** The model failed; the user's message is kept and the thread takes the next one. */
    AGENT_ERROR,
    /** The user may not open this thread. */
    FORBIDDEN,
    /** Something failed on our side, for example the store. */
    INTERNAL,
    /** What the request names does not exist, for example a draft version to revert to. */
    NOT_FOUND,
    /** The user's token budget for the day is spent: nothing was stored, and no model was called. */
    QUOTA_EXCEEDED,
    /** The thread was deleted while the member was in it; the member has left. */
    THREAD_DELETED
}
