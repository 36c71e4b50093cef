package dev.agentbuilder.chat.server;

/**
 * The defaults of the server's own settings, as compile-time constants: {@link ServerOptions#defaults()} starts from
 * them, and {@code chat-server}'s options name them in their defaults (and so in {@code --help}). The engine's
 * defaults are chat-core's {@code EngineDefaults}. Durations are in the unit their name says. Constants only.
 */
public final class ServerDefaults {

    /** The WebSocket port. */
    public static final int PORT = 3004;

    /** Every interface. */
    public static final String HOST = "0.0.0.0";

    /** The largest inbound frame: 64 KiB. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    /** The listen backlog, sized for bursts of connects. */
    public static final int BACKLOG = 1_024;

    /** A connection that answers no ping within this is closed. */
    public static final long CONNECTION_LOST_TIMEOUT_SECONDS = 30;

    /** On stop, how long running turns may take to finish. */
    public static final long SHUTDOWN_DRAIN_SECONDS = 10;

    /** The browser origins that may connect, comma-separated: the reference web chat on port 3002. */
    public static final String ALLOWED_ORIGINS = "http://localhost:3002,http://127.0.0.1:3002";

    /** How far a token's {@code exp} may lie in the past. */
    public static final long CLOCK_SKEW_SECONDS = 60;

    /** The claim of an identity provider's tokens that holds the userId. */
    public static final String AUTH_USER_CLAIM = "sub";

    /** Open connections in total. */
    public static final int MAX_CONNECTIONS = 10_000;

    /** Open connections of one userId. */
    public static final int MAX_CONNECTIONS_PER_USER = 20;

    /** Sustained user messages per second per connection. */
    public static final int MESSAGES_PER_SECOND = 5;

    /** User messages a connection may send at once before the rate applies. */
    public static final int MESSAGE_BURST = 20;

    /** Sustained inbound frames per second per connection. */
    public static final int FRAMES_PER_SECOND = 50;

    /** Outbound bytes that may wait for a client that does not read: 8 MiB, room to replay a long thread. */
    public static final long MAX_PENDING_BYTES = 8L * 1024 * 1024;

    // The command's own settings: chat-server's options, beyond ServerOptions.

    /** The admin listener's port: health, readiness, metrics. */
    public static final int ADMIN_PORT = 3005;

    /** The HTTP API's port: threads for backends and scripts. */
    public static final int API_PORT = 3006;

    /** Log lines as text (or json). */
    public static final String LOG_FORMAT = "text";

    /** Where threads are kept: sqlite (or memory, postgres). */
    public static final String STORE = "sqlite";

    /** The directory of the SQLite database. */
    public static final String DATA_DIR = "./data";

    /** With PostgreSQL: how long a node's hold on a running turn lasts without renewal. */
    public static final long TURN_LEASE_SECONDS = 10;

    /**
     * The engine's workers with PostgreSQL, whose reads wait for a network round trip; with a local store, one less
     * than the cores.
     */
    public static final int POSTGRES_WORKERS = 32;

    /** The model that plays the builder: offline (or openai, anthropic). */
    public static final String MODEL = "offline";

    /** How long connecting to the model provider may take. */
    public static final long MODEL_CONNECT_TIMEOUT_SECONDS = 10;

    /** How long the model may take to start answering before the call is retried or the turn fails. */
    public static final long MODEL_FIRST_TOKEN_TIMEOUT_SECONDS = 60;

    /**
     * How long a started answer may pause before the turn fails. The command's own, shorter than the engine's
     * default ({@code EngineDefaults.MODEL_IDLE_TIMEOUT_SECONDS}), which applies when the first-token timeout is
     * not set apart from it.
     */
    public static final long MODEL_IDLE_TIMEOUT_SECONDS = 30;

    /** The pause between the streamed words of the offline builder model. */
    public static final long OFFLINE_CHUNK_DELAY_MILLIS = 20;

    private ServerDefaults() {
    }

    /** The longest warm-up before the server listens ({@code --warmup}). */
    public static final int WARMUP_SECONDS = 10;
}
