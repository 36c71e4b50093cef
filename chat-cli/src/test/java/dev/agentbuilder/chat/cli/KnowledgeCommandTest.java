package dev.agentbuilder.chat.cli;

import static dev.agentbuilder.chat.cli.FakeApi.error;
import static dev.agentbuilder.chat.cli.FakeApi.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code chat-cli knowledge} against a stand-in for the HTTP API: what it asks, prints and exits with. */
@Timeout(60)
class KnowledgeCommandTest {

    @TempDir
    Path dir;

    private FakeApi api;
    private Path handbook;

    @BeforeEach
    void start() throws IOException {
        api = FakeApi.start();
        handbook = Files.writeString(dir.resolve("handbook.pdf"), "%PDF-1.4 not really");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Cli.Result knowledge(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "knowledge";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--api-url", api.url(), "--thread", "t1"}, 0, all, args.length + 1, 4);
        return Cli.run(all);
    }

    @Test
    void addPrintsEachUploadedFileAndWithWaitItsFinalStateInWords() {
        api.then(201, "{\"file\":" + file("f-1", "handbook.pdf", "indexing") + "}")
                .then(200, "{\"files\":[" + file("f-1", "handbook.pdf", "indexing") + "]}")
                .then(200, "{\"files\":[" + file("f-1", "handbook.pdf", "ready") + "]}");

        Cli.Result result = knowledge("add", handbook.toString(), "--wait");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.outLines()).containsExactly(
                "Added handbook.pdf (47.1 KB, application/pdf): indexing, id f-1",
                "handbook.pdf is ready");
        assertThat(api.requests).containsExactly("POST /v1/threads/t1/files", "GET /v1/threads/t1/files",
                "GET /v1/threads/t1/files");
    }

    @Test
    void aFileThatFailsToIndexIsShownWithItsReasonAndExitsFour() {
        api.then(201, "{\"file\":" + file("f-1", "handbook.pdf", "indexing") + "}")
                .then(200, "{\"files\":[" + file("f-1", "handbook.pdf", "failed") + "]}");

        Cli.Result result = knowledge("add", handbook.toString(), "--wait");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
        assertThat(result.outLines()).last().isEqualTo("handbook.pdf failed: The PDF has no text.");
        assertThat(result.errLines()).containsExactly(
                "chat-cli: handbook.pdf could not be indexed: The PDF has no text.");
    }

    @Test
    void listPrintsATableOfNameSizeTypeStatusAndId() {
        api.then(200, "{\"files\":[" + file("f-1", "handbook.pdf", "ready") + ","
                + file("f-2", "scan.pdf", "failed") + "]}");

        Cli.Result result = knowledge("list");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.outLines()).containsExactly(
                "NAME          SIZE     TYPE             STATUS                        ID",
                "handbook.pdf  47.1 KB  application/pdf  ready                         f-1",
                "scan.pdf      47.1 KB  application/pdf  failed: The PDF has no text.  f-2");
    }

    @Test
    void listWithJsonPrintsTheFilesAsTheApiDoes() {
        api.then(200, "{\"files\":[" + file("f-1", "handbook.pdf", "ready") + "]}");

        Cli.Result result = knowledge("list", "--json");

        assertThat(result.out().strip()).isEqualTo("{\"files\":[" + file("f-1", "handbook.pdf", "ready") + "]}");
    }

    @Test
    void removeDeletesTheFileAndSaysSo() {
        api.then(204, "");

        Cli.Result result = knowledge("remove", "f-1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).containsExactly("Removed f-1.");
        assertThat(api.requests).containsExactly("DELETE /v1/threads/t1/files/f-1");
    }

    @Test
    void aThreadTheServerDoesNotKnowExitsSixWithTheServersMessage() {
        api.then(404, error("not_found", "There is no thread t1."));

        Cli.Result result = knowledge("list");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.errLines()).containsExactly(
                "chat-cli: the server refused the list of files: not_found (HTTP 404): There is no thread t1.");
    }

    @Test
    void aRefusedUploadExitsFourNamingTheFileAndTheOnesAddedBeforeIt() throws IOException {
        Path big = Files.writeString(dir.resolve("big.pdf"), "%PDF");
        api.then(201, "{\"file\":" + file("f-1", "handbook.pdf", "indexing") + "}")
                .then(413, error("payload_too_large", "The file is over 20 MB."));

        Cli.Result result = knowledge("add", handbook.toString(), big.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
        assertThat(result.errLines()).containsExactly("chat-cli: the server refused big.pdf: payload_too_large "
                + "(HTTP 413): The file is over 20 MB. (added before it: handbook.pdf)");
    }

    @Test
    void aFileThatIsNotThereIsAUsageErrorAndNothingIsSent() {
        Cli.Result result = knowledge("add", dir.resolve("absent.md").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("absent.md' is not there");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void anApiThatIsNotThereExitsThreeNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        Cli.Result result = Cli.run("knowledge", "list", "--api-url", "http://127.0.0.1:" + port, "--thread", "t1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(result.err()).startsWith("chat-cli: cannot connect to http://127.0.0.1:" + port + " (--api-url)");
    }

    @Test
    void aWebSocketUrlForTheApiIsAUsageError() {
        Cli.Result result = Cli.run("knowledge", "list", "--api-url", "ws://localhost:3004", "--thread", "t1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--api-url").contains("http://");
    }
}
