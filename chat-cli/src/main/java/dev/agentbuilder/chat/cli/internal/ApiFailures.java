package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.client.ApiRequestException;
import dev.agentbuilder.chat.common.Durations;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits for an answer of the HTTP API on the command's thread and turns every way it can fail into the command's exit
 * status and one line for people, with the server's own message: not found (6), the server's other refusals and
 * failures (4), no answer (3), no answer in time (5). Stateless.
 */
final class ApiFailures {

    private ApiFailures() {
    }

    /**
     * The answer to {@code request}, as the messages name it ("the upload of handbook.pdf").
     *
     * @throws ExitException for every failure, as above
     */
    static <T> T await(CompletableFuture<T> answer, String request, URI api, Duration timeout)
            throws InterruptedException {
        try {
            // The client's own timeout bounds the request: no second clock here.
            return answer.get();
        } catch (ExecutionException e) {
            throw exit(e.getCause(), request, api, timeout);
        }
    }

    static ExitException exit(Throwable cause, String request, URI api, Duration timeout) {
        if (cause instanceof ApiRequestException refused) {
            String words = "the server refused " + request + ": " + refused.code() + " (HTTP " + refused.status()
                    + "): " + refused.getMessage();
            return new ExitException(refused.status() == 404 ? ExitCodes.NOT_FOUND : ExitCodes.SERVER_ERROR, words,
                    refused);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ExitException(ExitCodes.TIMEOUT, "the server did not answer " + request + " within "
                    + Durations.format(timeout), cause);
        }
        if (cause instanceof FileNotFoundException) {
            return new ExitException(ExitCodes.USAGE, "cannot read " + cause.getMessage(), cause);
        }
        if (cause instanceof ConnectException) {
            return new ExitException(ExitCodes.CONNECTION, "cannot connect to " + api + " (--api-url): "
                    + describe(cause), cause);
        }
        if (cause instanceof java.io.IOException) {
            return new ExitException(ExitCodes.CONNECTION, "no answer from " + api + " to " + request + ": "
                    + describe(cause), cause);
        }
        return new ExitException(ExitCodes.BUG, "unexpected failure: " + cause, cause);
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
