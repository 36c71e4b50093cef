package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgentChanges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat-cli knowledge} and {@code send --preview} against the packaged server with its offline model: a PDF and
 * a Markdown file uploaded and indexed, file_search on, and a question only the PDF answers, whose sources name it.
 */
@Timeout(180)
class KnowledgeIT {

    @TempDir
    Path dir;

    @Test
    void aPreviewAnsweredFromTheAgentsFilesPrintsTheFileItCameFromAsItsSource() throws Exception {
        Path handbook = Files.write(dir.resolve("handbook.pdf"), TinyPdf.of(
                "Staff handbook.",
                "Employees accrue 25 days of paid leave per year.",
                "Leave requests go to your manager two weeks ahead."));
        Path notes = Files.writeString(dir.resolve("notes.md"), "# Office notes\n\n"
                + "The coffee machine is on the third floor, next to the printer.\n");
        try (ServerJar server = ServerJar.start("--store", "memory", "--offline-chunk-delay", "1ms")) {
            try (WireClient owner = WireClient.join(server.url(), "t1", "u1")) {
                ServerFrame.Ready ready = owner.await(ServerFrame.Ready.class);
                owner.send(new ClientFrame.UpdateAgent(ready.agent().version(), new WireAgentChanges("Helper", null,
                        null, null, List.of("file_search")), "c1"));
                owner.await(ServerFrame.AgentUpdated.class);
            }
            String[] where = {"--api-url", server.apiUrl(), "--thread", "t1"};

            Cli.Result added = Cli.run(concat(new String[] {"knowledge", "add", handbook.toString(), notes.toString(),
                "--wait"}, where));

            assertThat(added.exitCode()).as(added.err()).isEqualTo(ExitCodes.OK);
            assertThat(added.outLines()).contains("handbook.pdf is ready", "notes.md is ready");
            Cli.Result listed = Cli.run(concat(new String[] {"knowledge", "list", "--json"}, where));
            JsonArray files = JsonParser.parseString(listed.out()).getAsJsonObject().getAsJsonArray("files");
            assertThat(values(files, "name")).containsExactly("handbook.pdf", "notes.md");
            assertThat(values(files, "type")).containsExactly("application/pdf", "text/markdown");
            assertThat(values(files, "status")).containsExactly("ready", "ready");

            Cli.Result answered = Cli.run("send", "--preview", "--url", server.url(), "--thread", "t1", "--user",
                    "u1", "How many days of paid leave do employees accrue per year?");

            assertThat(answered.exitCode()).as(answered.err()).isEqualTo(ExitCodes.OK);
            List<String> sources = answered.outLines().stream().filter(l -> l.matches("( {9}|Sources: )\\[\\d+].*"))
                    .toList();
            assertThat(sources).isNotEmpty().first().asString()
                    .startsWith("Sources: [1] handbook.pdf (passage ").contains("25 days");
            assertThat(sources).noneMatch(l -> l.contains("notes.md"));

            String notesId = StreamSupport.stream(files.spliterator(), false).map(JsonElement::getAsJsonObject)
                    .filter(f -> f.get("name").getAsString().equals("notes.md")).findFirst().orElseThrow()
                    .get("fileId").getAsString();
            Cli.Result removed = Cli.run(concat(new String[] {"knowledge", "remove", notesId}, where));
            assertThat(removed.exitCode()).as(removed.err()).isEqualTo(ExitCodes.OK);
            Cli.Result left = Cli.run(concat(new String[] {"knowledge", "list"}, where));
            assertThat(left.out()).contains("handbook.pdf").doesNotContain("notes.md");
        }
    }

    private static List<String> values(JsonArray files, String field) {
        return StreamSupport.stream(files.spliterator(), false)
                .map(f -> f.getAsJsonObject().get(field).getAsString()).toList();
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
