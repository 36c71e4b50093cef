package dev.agentbuilder.chat.server.internal.model;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP client the providers' models use: langchain4j's JDK client, with two guards on every streamed answer.
 *
 * <ul>
 *   <li>A stream that ends without the provider's end marker ({@code data: [DONE]} for OpenAI-compatible servers,
 *       {@code event: message_stop} for Anthropic) is reported as an error, not as a complete answer: the
 *       connection broke, and the answer is cut short.</li>
 *   <li>A stream that sends no byte for {@code stallTimeout} is closed, so a provider that hangs never holds a
 *       connection and a thread for ever. The chat engine's own timeouts end the turn before this fires; this only
 *       makes sure the socket is closed too.</li>
 * </ul>
 *
 * <p>Threads: the JDK client runs on daemon workers named {@code model-http-N}, which also read the streams; the
 * stall checks run on one daemon worker, {@code model-stream-watch}. Thread-safe.
 */
final class ModelHttp implements HttpClient {

    private static final ScheduledExecutorService WATCH = watchExecutor();

    /** Shared by every model: the streams are read here, one thread per open stream, idle threads time out. */
    private static final ExecutorService HTTP_THREADS = Executors.newCachedThreadPool(named("model-http-"));

    private final HttpClient delegate;
    private final Duration stallTimeout;

    private ModelHttp(HttpClient delegate, Duration stallTimeout) {
        this.delegate = delegate;
        this.stallTimeout = stallTimeout;
    }

    /**
     * A builder for the providers' model builders. It keeps its own timeouts: langchain4j's builders set their
     * defaults (15 s / 60 s) on whatever builder they get, and those calls are ignored.
     *
     * @param connectTimeout  TCP (and TLS) connect
     * @param responseTimeout until the response headers arrive
     * @param stallTimeout    longest silence inside a streamed answer before its connection is closed
     * @param http11          HTTP/1.1 only: for plain-http local servers, which may not like an HTTP/2 upgrade
     */
    static HttpClientBuilder builder(Duration connectTimeout, Duration responseTimeout, Duration stallTimeout,
            boolean http11) {
        return new Builder(connectTimeout, responseTimeout, stallTimeout, http11);
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        return delegate.execute(request);
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        Watch watch = new Watch();
        delegate.execute(request, (body, l) -> watch.parse(parser, body, l), new EndGuard(listener, watch));
    }

    /**
     * Watches one streamed body for silence. The reading thread writes {@link #lastByteNanos} and {@link #body},
     * the watch thread reads them and writes {@link #stalled} (all volatile); {@link #timer} and {@link #finished}
     * are guarded by {@code this}.
     */
    private final class Watch {
        private volatile long lastByteNanos = System.nanoTime();
        private volatile boolean stalled;
        private volatile InputStream body;
        private ScheduledFuture<?> timer;
        private boolean finished;

        void parse(ServerSentEventParser parser, InputStream raw, ServerSentEventListener listener) {
            body = new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    lastByteNanos = System.nanoTime();
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    lastByteNanos = System.nanoTime();
                    return n;
                }
            };
            lastByteNanos = System.nanoTime();
            schedule(stallTimeout.toNanos());
            try {
                parser.parse(body, listener);
            } finally {
                cancel();
            }
        }

        private synchronized void schedule(long delayNanos) {
            if (!finished) {
                timer = WATCH.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
            }
        }

        private synchronized void cancel() {
            finished = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }

        private void check() {
            long silent = System.nanoTime() - lastByteNanos;
            if (silent < stallTimeout.toNanos()) {
                schedule(stallTimeout.toNanos() - silent);
                return;
            }
            stalled = true;
            try {
                body.close();
            } catch (IOException | RuntimeException e) {
                // closing is all we wanted; the reader sees the stream end either way
            }
        }
    }

    /** Turns a stream that ended without its end marker into an error. */
    private static final class EndGuard implements ServerSentEventListener {
        private final ServerSentEventListener target;
        private final Watch watch;
        private volatile boolean ended;
        private volatile boolean failed;
        private volatile ServerSentEventContext context;

        EndGuard(ServerSentEventListener target, Watch watch) {
            this.target = target;
            this.watch = watch;
        }

        @Override
        public void onOpen(SuccessfulHttpResponse response) {
            target.onOpen(response);
        }

        @Override
        public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
            this.context = context;
            if ("[DONE]".equals(event.data()) || "message_stop".equals(event.event())
                    || "error".equals(event.event())) {
                ended = true;
            }
            target.onEvent(event, context);
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            onEvent(event, null);
        }

        @Override
        public void onError(Throwable throwable) {
            failed = true;
            target.onError(watch.stalled ? new HttpTimeoutException("the model's stream went silent") : throwable);
        }

        /** Also called after a read failed (langchain4j's JDK client does); the error has been reported then. */
        @Override
        public void onClose() {
            if (failed) {
                return;
            }
            ServerSentEventContext c = context;
            boolean cancelled = c != null && c.parsingHandle() != null && c.parsingHandle().isCancelled();
            if (ended || cancelled) {
                target.onClose();
            } else if (watch.stalled) {
                target.onError(new HttpTimeoutException("the model's stream went silent"));
            } else {
                target.onError(new IOException("the model's stream ended before the answer was complete"));
            }
        }
    }

    private static final class Builder implements HttpClientBuilder {
        private final Duration connectTimeout;
        private final Duration responseTimeout;
        private final Duration stallTimeout;
        private final boolean http11;

        Builder(Duration connectTimeout, Duration responseTimeout, Duration stallTimeout, boolean http11) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
            this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
            this.http11 = http11;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration ignored) {
            return this;
        }

        @Override
        public Duration readTimeout() {
            return responseTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration ignored) {
            return this;
        }

        @Override
        public HttpClient build() {
            java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
                    .executor(HTTP_THREADS);
            if (http11) {
                jdk.version(java.net.http.HttpClient.Version.HTTP_1_1);
            }
            HttpClient client = JdkHttpClient.builder()
                    .httpClientBuilder(jdk)
                    .connectTimeout(connectTimeout)
                    .readTimeout(responseTimeout)
                    .build();
            return new ModelHttp(client, stallTimeout);
        }
    }

    private static ScheduledExecutorService watchExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, named("model-stream-watch"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix.endsWith("-") ? prefix + counter.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }
}
