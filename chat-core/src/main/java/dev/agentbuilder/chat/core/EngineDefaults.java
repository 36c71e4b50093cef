package dev.agentbuilder.chat.core;

/**
 * The defaults of {@link ChatEngine.Builder}'s settings, as compile-time constants: the builder starts from them, and
 * a command line can name them in its options' defaults and its help. Durations are in the unit their name says.
 * Constants only; nothing to construct.
 */
public final class EngineDefaults {

    /** {@link ChatEngine.Builder#sessionGrace}: how long a thread stays in memory after its last member left. */
    public static final long SESSION_GRACE_SECONDS = 30;

    /** {@link ChatEngine.Builder#maxQueuedTurns}: user messages that may wait behind the running turn. */
    public static final int MAX_QUEUED_TURNS = 10;

    /** {@link ChatEngine.Builder#maxMessageChars}: the longest user message, in code points. */
    public static final int MAX_MESSAGE_CHARS = 8_000;

    /** {@link ChatEngine.Builder#memoryMessages}: the messages of the conversation the model sees. */
    public static final int MEMORY_MESSAGES = 40;

    /** {@link ChatEngine.Builder#modelIdleTimeout}: how long a started answer may pause. */
    public static final long MODEL_IDLE_TIMEOUT_SECONDS = 60;

    /** {@link ChatEngine.Builder#modelRetries}: retries of a model call that failed before its first token. */
    public static final int MODEL_RETRIES = 2;

    /** {@link ChatEngine.Builder#modelRetries}: the wait before the first retry, doubled for each further one. */
    public static final long MODEL_RETRY_BACKOFF_MILLIS = 500;

    /** {@link ChatEngine.Builder#replay}: stored events read per page of a replay. */
    public static final int REPLAY_PAGE_EVENTS = 256;

    /** {@link ChatEngine.Builder#replay}: unsent bytes of a member above which a replay waits. */
    public static final long REPLAY_WINDOW_BYTES = 1024 * 1024;

    /** {@link ChatEngine.Builder#workers}: the threads that run the chat threads' work. */
    public static final int WORKERS = 32;

    /** {@link ChatEngine.Builder#answerInterruptedTurns}: answer the messages a crash left unanswered. */
    public static final boolean ANSWER_INTERRUPTED_TURNS = true;

    private EngineDefaults() {
    }

    /** The largest knowledge file, in bytes: 20 MB. */
    public static final long MAX_FILE_BYTES = 20_000_000L;

    /** The most knowledge files of one agent. */
    public static final int MAX_FILES = 20;

    /** The most bytes of all of one user's knowledge files: 200 MB. */
    public static final long MAX_USER_FILE_BYTES = 200_000_000L;
}
