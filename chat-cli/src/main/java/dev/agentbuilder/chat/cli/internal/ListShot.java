package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.client.RequestFailedException;
import dev.agentbuilder.chat.client.ThreadListClient;
import dev.agentbuilder.chat.client.ThreadListListener;
import dev.agentbuilder.chat.common.Durations;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A user connection for one {@code threads} command, on a {@link ThreadListClient} that neither reconnects nor
 * watches: the first close or failure ends the command. The command's thread waits for each answer with
 * {@link #await}, which turns every way it can go wrong into the command's exit status.
 *
 * <p>{@link #joined} is written by the client's thread and read by the command's; the rest is the command's.
 */
final class ListShot implements AutoCloseable {

    private final ThreadListClient client;
    private final Instant deadline;
    private final Duration timeout;
    private volatile boolean joined;

    private ListShot(UserTarget target, Duration timeout) {
        this.timeout = timeout;
        this.deadline = Instant.now().plus(timeout);
        // A second more than the command waits: its own deadline, not the client's, says when it timed out.
        Duration patience = timeout.plusSeconds(1);
        this.client = target.lists()
                .reconnect(false)
                .watch(false)
                .connectTimeout(patience)
                .readyTimeout(patience)
                .listener(new ThreadListListener() {
                    @Override
                    public void onStatus(ConnectionStatus status) {
                        if (status.state() == ConnectionStatus.State.CONNECTED) {
                            joined = true;
                        }
                    }
                })
                .build();
    }

    /** Connects as {@code target}'s user; requests asked now are sent once joined. Gives up after {@code timeout}. */
    static ListShot open(UserTarget target, Duration timeout) {
        ListShot shot = new ListShot(target, timeout);
        shot.client.connect();
        return shot;
    }

    ThreadListClient client() {
        return client;
    }

    /**
     * The answer, once the server gave it.
     *
     * @param what the request, as the messages name it ("the rename")
     * @throws ExitException {@link ExitCodes#NOT_FOUND} for {@code not_found}, {@link ExitCodes#SERVER_ERROR} for
     *                       the server's other refusals (or its refusal of the connection), {@link ExitCodes#CONNECTION}
     *                       when the server could not be reached or the connection was lost, {@link ExitCodes#TIMEOUT}
     *                       when the deadline passed first
     */
    <T> T await(CompletableFuture<T> answer, String what) throws InterruptedException {
        try {
            return answer.get(OneShot.remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ExitException(ExitCodes.TIMEOUT, joined
                    ? "the server did not answer within " + Durations.format(timeout)
                    : "timed out after " + Durations.format(timeout) + " connecting to " + client.status().url());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RequestFailedException failed)) {
                throw new ExitException(ExitCodes.BUG, "unexpected failure: " + e.getCause(), e.getCause());
            }
            throw failure(failed, what);
        }
    }

    private ExitException failure(RequestFailedException failed, String what) {
        if (RequestFailedException.STOPPED.equals(failed.code())) {
            ConnectionStatus status = client.whenStopped().getNow(client.status());
            if (!joined && status.closeCode() == null && status.state() != ConnectionStatus.State.ERROR) {
                return new ExitException(ExitCodes.CONNECTION, "cannot connect to " + status.url() + ": "
                        + status.reason(), status.cause());
            }
            return OneShot.ended(status, "connection closed before the reply: ", OneShot.LOST);
        }
        String words = "the server refused " + what + ": " + failed.code() + ": " + failed.getMessage();
        if (ErrorCodes.NOT_FOUND.equals(failed.code())) {
            return new ExitException(ExitCodes.NOT_FOUND, words);
        }
        if (ErrorCodes.UNKNOWN_TYPE.equals(failed.code())) {
            words += " (a server older than this chat-cli: it keeps no list of threads)";
        }
        return new ExitException(ExitCodes.SERVER_ERROR, words);
    }

    /** Closes normally and waits briefly for the server's answer. */
    @Override
    public void close() {
        client.close();
    }
}
