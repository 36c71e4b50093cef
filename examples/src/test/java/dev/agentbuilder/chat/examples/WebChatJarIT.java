package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The launcher as a user runs it: {@code java -jar examples/target/web-chat.jar}. */
@Timeout(90)
class WebChatJarIT {

    private static final Pattern SERVING = Pattern.compile("web-chat serving http://127\\.0\\.0\\.1:(\\d+)/ ");

    @Test
    void theJarServesThePagesAndTheirConfigUntilStopped() throws Exception {
        try (JarProcess webChat = JarProcess.start("web-chat.jar", "--host", "127.0.0.1", "--port", "0",
                "--ws-url", "ws://127.0.0.1:4321")) {
            Matcher serving = SERVING.matcher(webChat.awaitLine(line -> SERVING.matcher(line).find()));
            assertThat(serving.find()).isTrue();
            String base = "http://127.0.0.1:" + serving.group(1);
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/thread/demo")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"status\"").contains("/assets/app.js");
            HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("/assets/home.js");
            HttpResponse<String> config = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/assets/config.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(config.body()).contains("ws://127.0.0.1:4321");

            webChat.terminate();
            assertThat(webChat.awaitExit()).as("exit on SIGTERM").isIn(0, 143);
        }
    }
}
