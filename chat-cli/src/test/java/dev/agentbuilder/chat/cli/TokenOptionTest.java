package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --token}, and what the commands do when a server that checks tokens refuses them. */
@Timeout(60)
class TokenOptionTest {

    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";
    static final String EXPIRED = "The token has expired.";

    @Test
    void theTokenIsSentAsABearerAuthorizationHeaderAndNeverPrinted() {
        try (RefusingServer server = RefusingServer.start("unauthorized", EXPIRED, 4401)) {
            Cli.Result result = Cli.run("send", "--url", server.url(), "--thread", "t1", "--user", "u1",
                    "--token", TOKEN, "hello");

            assertThat(server.awaitHandshake().authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
            assertThat(result.errLines()).containsExactly("chat-cli: the server refused the connection: "
                    + "unauthorized (4401): unauthorized: " + EXPIRED);
            assertThat(result.out() + result.err()).doesNotContain(TOKEN);
        }
    }

    @Test
    void anEmptyTokenSendsNoAuthorizationHeader() {
        try (RefusingServer server = RefusingServer.start("unauthorized", "A token is required.", 4401)) {
            Cli.Result result = Cli.run("agent", "--url", server.url(), "--thread", "t1", "--user", "u1", "--token=");

            assertThat(server.awaitHandshake().authorization()).isNull();
            assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
        }
    }

    @Test
    void aTokenThatCannotBeAHeaderIsAUsageErrorThatDoesNotEchoIt() {
        Cli.Result result = Cli.run("send", "--url", "ws://127.0.0.1:9", "--thread", "t1", "--user", "u1",
                "--token", "not a token\r\nX-Evil: 1", "hello");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--token").doesNotContain("not a token").doesNotContain("X-Evil");
    }

    @ParameterizedTest
    @CsvSource({
        "send, unauthorized, 4401",
        "agent, unauthorized, 4401",
        "history, unauthorized, 4401",
        "send, forbidden, 4403",
        "agent, forbidden, 4403",
        "history, forbidden, 4403"})
    void oneShotCommandsExitWithServerRefusedAndTheServersMessage(String command, String code, int closeCode) {
        try (RefusingServer server = RefusingServer.start(code, "Refused by the test.", closeCode)) {
            List<String> args = new ArrayList<>(List.of(command, "--url", server.url(), "--thread", "t1",
                    "--user", "u1", "--token", TOKEN));
            if (command.equals("send")) {
                args.add("hello");
            }

            Cli.Result result = Cli.run(args.toArray(String[]::new));

            assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
            assertThat(result.out()).isEmpty();
            assertThat(result.errLines()).containsExactly("chat-cli: the server refused the connection: " + code
                    + " (" + closeCode + "): " + code + ": Refused by the test.");
            assertThat(server.handshakes()).hasSize(1);
        }
    }

    @Test
    void chatShowsTheServersMessageAndDoesNotReconnectAfterUnauthorized() {
        try (RefusingServer server = RefusingServer.start("unauthorized", EXPIRED, 4401);
                ChatDriver chat = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1",
                        "--token", TOKEN, "--backoff-base", "20ms", "--backoff-cap", "100ms")) {
            String error = chat.awaitLineStartingWith("[error] ");
            String refusal = chat.awaitLineStartingWith("[error] ");

            assertThat(chat.awaitExit()).isEqualTo(ExitCodes.SERVER_ERROR);
            assertThat(error).isEqualTo("[error] unauthorized: " + EXPIRED);
            assertThat(refusal).isEqualTo("[error] the server refused the connection: unauthorized (4401): "
                    + "unauthorized: " + EXPIRED + "; not reconnecting");
            assertThat(chat.err().lines()).containsExactly("chat-cli: the server refused the connection: "
                    + "unauthorized (4401): unauthorized: " + EXPIRED);
            assertThat(server.handshakes()).extracting(RefusingServer.Handshake::authorization)
                    .containsExactly("Bearer " + TOKEN);
            assertThat(chat.allLines()).filteredOn(line -> line.startsWith("[connecting] ")).hasSize(1);
            assertThat(String.join("\n", chat.allLines()) + chat.err()).doesNotContain(TOKEN);
        }
    }

    @Test
    void chatMasksATokenParameterOfTheUrlButStillSendsIt() {
        try (RefusingServer server = RefusingServer.start("forbidden", "This thread belongs to another user.", 4403);
                ChatDriver chat = ChatDriver.start("chat", "--url", server.url() + "/ws?token=s3cret-in-url",
                        "--thread", "t1", "--user", "u1")) {
            String connecting = chat.awaitLineStartingWith("[connecting] ");

            assertThat(chat.awaitExit()).isEqualTo(ExitCodes.SERVER_ERROR);
            assertThat(connecting).isEqualTo("[connecting] " + server.url()
                    + "/ws?token=***&threadId=t1&userId=u1&lastSeq=0");
            assertThat(server.awaitHandshake().resource()).startsWith("/ws?token=s3cret-in-url&");
            assertThat(String.join("\n", chat.allLines()) + chat.err()).doesNotContain("s3cret");
        }
    }

    @Test
    void aTokenParameterIsMaskedInConnectionAndUsageErrors() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Cli.Result refused = Cli.run("send", "--url", "ws://127.0.0.1:" + port + "/?token=s3cret", "--thread", "t1",
                "--user", "u1", "hello");
        Cli.Result notWebSocket = Cli.run("history", "--url", "http://h/?token=s3cret", "--thread", "t1",
                "--user", "u1");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(refused.errLines()).singleElement().asString()
                .startsWith("chat-cli: cannot connect to ws://127.0.0.1:" + port + "/?token=***&threadId=t1&");
        assertThat(notWebSocket.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notWebSocket.err()).contains("'http://h/?token=***'");
        assertThat(refused.err() + notWebSocket.err()).doesNotContain("s3cret");
    }

    @Test
    void benchMintsEachUserATokenForItsOwnThread() throws Exception {
        try (RefusingServer server = RefusingServer.start("unauthorized", EXPIRED, 4401)) {
            Cli.Result result = Cli.run("bench", "--url", server.url(), "--users", "2", "--turns", "1",
                    "--auth-secret", TokenCommandTest.SECRET);

            assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
            assertThat(result.err()).contains("unauthorized: " + EXPIRED).doesNotContain(TokenCommandTest.SECRET);
            List<RefusingServer.Handshake> handshakes = server.handshakes();
            assertThat(handshakes).hasSize(2);
            MACVerifier verifier = new MACVerifier(TokenCommandTest.SECRET.getBytes(StandardCharsets.UTF_8));
            Pattern ids = Pattern.compile("threadId=([^&]+)&userId=([^&]+)&");
            for (RefusingServer.Handshake handshake : handshakes) {
                assertThat(handshake.authorization()).startsWith("Bearer ");
                SignedJWT jwt = SignedJWT.parse(handshake.authorization().substring("Bearer ".length()));
                assertThat(jwt.verify(verifier)).isTrue();
                Matcher m = ids.matcher(handshake.resource());
                assertThat(m.find()).as(handshake.resource()).isTrue();
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                assertThat(claims.getSubject()).isEqualTo(m.group(2));
                assertThat(claims.getStringListClaim("threads")).containsExactly(m.group(1));
            }
        }
    }
}
