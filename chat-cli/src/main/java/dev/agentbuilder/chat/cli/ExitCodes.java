package dev.agentbuilder.chat.cli;

/**
 * The exit statuses of chat-cli's commands, for scripts: what {@code CommandLine.execute} returns and the process
 * exits with. The {@code _HELP} texts are the lines of each command's "Exit codes" help section.
 */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** A bug in chat-cli: an unexpected exception (run with {@code --verbose} for its stack trace). */
    public static final int BUG = 1;
    /** Bad command line (picocli's default for usage errors). */
    public static final int USAGE = 2;
    /** The server could not be reached, or the connection was lost before the answer. */
    public static final int CONNECTION = 3;
    /**
     * The server refused: an error about our message (including a failed turn), or a close with 4400, 4401, 4403,
     * 1009 (our message was too big) or 1011.
     */
    public static final int SERVER_ERROR = 4;
    /** No answer within {@code --timeout}. */
    public static final int TIMEOUT = 5;
    /** What the command names does not exist: the user has no such thread ({@code threads rename}). */
    public static final int NOT_FOUND = 6;
    /**
     * The server refused our message because the user's tokens for the day are spent ({@code quota_exceeded}):
     * sending it again succeeds only once the budget renews (midnight UTC).
     */
    public static final int QUOTA_EXCEEDED = 7;

    /** The heading of the help's exit code section. */
    public static final String HEADING = "%nExit codes:%n";
    public static final String OK_HELP = "0:success";
    public static final String BUG_HELP = "1:a bug in chat-cli (see --verbose)";
    public static final String USAGE_HELP = "2:usage error: a missing or bad option";
    public static final String CONNECTION_HELP = "3:connection failure: cannot connect, or lost before the answer";
    public static final String SERVER_ERROR_HELP =
            "4:server error: our message was refused or failed, or close 4400/4401/4403/1009/1011";
    public static final String TIMEOUT_HELP = "5:timeout: no answer within --timeout";
    public static final String NOT_FOUND_HELP = "6:not found: you have no such thread";
    public static final String QUOTA_EXCEEDED_HELP =
            "7:quota exceeded: your tokens for today are spent; send again once the budget renews";

    private ExitCodes() {
    }
}
