package dev.agentbuilder.chat.core.internal;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why a model call failed, worked out from the exception a langchain4j model reported: what users are told, whether
 * a retry can help, and a summary for the log. Neither the user message nor the log summary contains anything the
 * provider sent (an error body may quote part of the API key) or the exception messages.
 *
 * @param kind      the failure, for the log
 * @param retriable true when trying again later can help; only failures before the first token are retried
 * @param userText  what the user is told, in the {@code agent_error} frame
 * @param causes    the exception classes in the cause chain (and the HTTP status, when there is one), for the log
 */
record ModelFailure(Kind kind, boolean retriable, String userText, String causes) {

    /** The failures users are told apart. */
    enum Kind {
        UNAUTHORIZED("The model provider refused the server's credentials. Your message is kept; an administrator "
                + "needs to check the API key."),
        RATE_LIMITED("The model provider is busy right now (too many requests). Your message is kept; please try "
                + "again in a minute."),
        PROVIDER_ERROR("The model provider had a problem on its side. Your message is kept; please try again."),
        UNREACHABLE("The agent builder could not reach its model provider. Your message is kept; please try again "
                + "later."),
        TIMEOUT("The agent builder did not answer in time. Your message is kept; please try again."),
        BROKE_OFF("The agent builder's answer broke off. Your message is kept; please try again."),
        MODEL_NOT_FOUND("The model provider does not know the configured model. Your message is kept; an "
                + "administrator needs to check the model name."),
        REFUSED("The model provider refused this request. Your message is kept; please try again or rephrase it."),
        OTHER("The agent builder could not answer right now. Your message is kept; please try again.");

        final String userText;

        Kind(String userText) {
            this.userText = userText;
        }
    }

    /**
     * Classifies a failure.
     *
     * @param error    what the model reported
     * @param streamed whether the call had already streamed something: then a broken connection is a broken
     *                 answer, and nothing is retried
     */
    static ModelFailure of(Throwable error, boolean streamed) {
        Kind kind = kindOf(error);
        if (streamed && kind != Kind.UNAUTHORIZED && kind != Kind.MODEL_NOT_FOUND && kind != Kind.REFUSED) {
            kind = kind == Kind.TIMEOUT ? Kind.TIMEOUT : Kind.BROKE_OFF;
        }
        boolean retriable = !streamed && switch (kind) {
            case RATE_LIMITED, PROVIDER_ERROR, UNREACHABLE, TIMEOUT -> true;
            default -> false;
        };
        return new ModelFailure(kind, retriable, kind.userText, causes(error));
    }

    /** The model streamed nothing within the first-token timeout. */
    static ModelFailure noFirstToken() {
        return new ModelFailure(Kind.TIMEOUT, true, Kind.TIMEOUT.userText, "no first token in time");
    }

    /** The model went silent in the middle of its answer. */
    static ModelFailure wentSilent() {
        return new ModelFailure(Kind.TIMEOUT, false, Kind.TIMEOUT.userText, "silent in the middle of the answer");
    }

    /** For the log: the kind and the causes, never a message. */
    String summary() {
        return kind.name().toLowerCase(Locale.ROOT) + " (" + causes + ")";
    }

    private static Kind kindOf(Throwable error) {
        for (Throwable t : chain(error)) {
            if (t instanceof AuthenticationException) {
                return Kind.UNAUTHORIZED;
            }
            if (t instanceof RateLimitException) {
                return Kind.RATE_LIMITED;
            }
            if (t instanceof InternalServerException) {
                return Kind.PROVIDER_ERROR;
            }
            if (t instanceof ModelNotFoundException) {
                return Kind.MODEL_NOT_FOUND;
            }
            if (t instanceof InvalidRequestException || t instanceof ContentFilteredException) {
                return Kind.REFUSED;
            }
            if (t instanceof HttpException http) {
                return ofStatus(http.statusCode());
            }
            if (t instanceof UnresolvedModelServerException || t instanceof UnresolvedAddressException
                    || t instanceof UnknownHostException || t instanceof ConnectException
                    || t instanceof HttpConnectTimeoutException) {
                return Kind.UNREACHABLE;
            }
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return Kind.TIMEOUT;
            }
        }
        for (Throwable t : chain(error)) {
            if (t instanceof IOException) {
                return Kind.UNREACHABLE;
            }
        }
        return Kind.OTHER;
    }

    private static Kind ofStatus(int status) {
        if (status == 401 || status == 403) {
            return Kind.UNAUTHORIZED;
        }
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status == 404) {
            return Kind.MODEL_NOT_FOUND;
        }
        if (status == 408) {
            return Kind.TIMEOUT;
        }
        return status >= 500 ? Kind.PROVIDER_ERROR : Kind.REFUSED;
    }

    private static String causes(Throwable error) {
        List<String> names = new ArrayList<>();
        for (Throwable t : chain(error)) {
            names.add(t.getClass().getSimpleName());
            if (t instanceof HttpException http) {
                names.add("HTTP " + http.statusCode());
            }
        }
        return String.join(" < ", names);
    }

    private static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t) && chain.size() < 16; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
