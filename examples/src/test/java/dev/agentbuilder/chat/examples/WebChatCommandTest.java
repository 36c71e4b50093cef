package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(30)
class WebChatCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cmd = WebChatCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void helpListsTheOptionsWithTheirDefaults() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString()).contains("--port").contains("3002").contains("--host").contains("--ws-url")
                .contains("ws://localhost:3004").contains("--api-url").contains("http://localhost:3006");
    }

    @Test
    void anApiUrlThatIsNotOneIsAUsageError() {
        assertThat(execute("--port", "0", "--api-url", "ws://localhost:3006")).isEqualTo(2);
        assertThat(err.toString()).contains("--api-url")
                .contains("must start with http:// or https://, with no query: ws://localhost:3006");
    }

    @Test
    void aWsUrlThatIsNotOneIsAUsageError() {
        assertThat(execute("--port", "0", "--ws-url", "http://localhost:3004")).isEqualTo(2);
        assertThat(err.toString()).contains("must start with ws:// or wss://: http://localhost:3004");
    }

    @Test
    void aPortInUseFailsWithOneLineNamingIt() {
        try (WebChat busy = WebChat.start("127.0.0.1", 0, WebChat.DEFAULT_WS_URL)) {
            assertThat(execute("--host", "127.0.0.1", "--port", String.valueOf(busy.port()))).isEqualTo(1);
            assertThat(err.toString().strip()).startsWith("web-chat: could not listen on 127.0.0.1:" + busy.port())
                    .doesNotContain("\n");
        }
    }
}
