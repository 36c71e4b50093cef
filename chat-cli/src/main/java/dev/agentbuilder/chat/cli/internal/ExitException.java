package dev.agentbuilder.chat.cli.internal;

/**
 * Ends a command with an exit status and a one-line message for stderr (jbang's {@code ExitException}). The root
 * command's execution-exception handler prints {@code chat-cli: <message>} and returns {@link #status()}; the cause's
 * stack trace is printed only with {@code --verbose}.
 */
public final class ExitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ExitException(int status, String message) {
        this(status, message, null);
    }

    public ExitException(int status, String message, Throwable cause) {
        super(message, cause);
        if (status <= 0 || status > 255) {
            throw new IllegalArgumentException("an exit status must be 1 to 255: " + status);
        }
        this.status = status;
    }

    /** The process exit status. */
    public int status() {
        return status;
    }
}
