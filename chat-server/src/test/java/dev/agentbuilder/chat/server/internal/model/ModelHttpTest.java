package dev.agentbuilder.chat.server.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.server.FakeProvider;
import dev.agentbuilder.chat.server.FakeProvider.Dialect;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The guards ModelHttp puts on every streamed answer, seen from langchain4j's side of the HTTP client. */
@Timeout(30)
class ModelHttpTest {

    private final FakeProvider provider = FakeProvider.start(Dialect.OPENAI);
    private final HttpClient http = ModelHttp.builder(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofMillis(300), true).build();
    private final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        provider.close();
    }

    private void stream() {
        HttpRequest request = HttpRequest.builder()
                .method(HttpMethod.POST)
                .url(provider.baseUrl() + "/chat/completions")
                .addHeader("Content-Type", "application/json")
                .body("{}")
                .build();
        http.execute(request, new ServerSentEventListener() {
            @Override
            public void onEvent(ServerSentEvent event) {
                seen.add(event.data());
            }

            @Override
            public void onError(Throwable throwable) {
                seen.add(throwable);
            }

            @Override
            public void onClose() {
                seen.add("closed");
            }
        });
    }

    private Object next() throws InterruptedException {
        Object next = seen.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("something reported").isNotNull();
        return next;
    }

    /** Skips events until the stream reports its end: "closed" or an error. */
    private Object end() throws InterruptedException {
        Object next = next();
        while (next instanceof String s && !s.equals("closed")) {
            next = next();
        }
        return next;
    }

    @Test
    void aStreamWithItsEndMarkerClosesNormally() throws InterruptedException {
        provider.answer(FakeProvider.stream().text("hi"));
        stream();

        assertThat(end()).isEqualTo("closed");
    }

    @Test
    void aStreamThatClosesWithoutItsEndMarkerIsAnError() throws InterruptedException {
        FakeProvider.Live live = new FakeProvider.Live();
        provider.answer(live);
        stream();
        live.text("half");
        live.endWithoutFinishing();

        assertThat(end()).isInstanceOf(IOException.class);
        assertThat(seen.poll(200, TimeUnit.MILLISECONDS)).as("one error, then nothing").isNull();
    }

    @Test
    void aStreamThatGoesSilentIsClosedAndReportedAsATimeout() throws InterruptedException {
        provider.answer(new FakeProvider.Silence());
        long start = System.nanoTime();
        stream();

        assertThat(end()).isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
