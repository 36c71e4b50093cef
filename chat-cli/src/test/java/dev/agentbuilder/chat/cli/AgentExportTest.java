package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireAgentChanges;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AgentExportTest {

    static final String PLAN_TRIPS = "I want an agent that helps me plan trips";

    private TestServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void jsonByDefaultAndByNameIsExactlyWhatAgentPrintedBeforeItHadFormats() {
        server = TestServer.start();
        buildTripPlanner("t1");
        // Characters Gson escapes unless told not to, a line break and accents: the old output kept them as typed.
        WireAgent agent = edit("t1", new WireAgentChanges("Rick's <Trips> & \"more\" = fun", null,
                "Be brief.\nAnswer in Français.", List.of("Plan a trip to Zürich"), List.of("web_search")));

        Cli.Result byDefault = agent("t1");
        Cli.Result json = agent("t1", "--format", "json");

        // How chat-cli agent printed the draft of ready before the server rendered it; knowledge files came later,
        // and a draft without any leaves them out.
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
        JsonObject printed = gson.toJsonTree(agent).getAsJsonObject();
        if (agent.files() == null) {
            printed.remove("files");
        }
        String before = gson.toJson(printed) + System.lineSeparator();
        assertThat(byDefault.exitCode()).as(byDefault.err()).isZero();
        assertThat(byDefault.out()).isEqualTo(before);
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).isEqualTo(before);
        assertThat(json.err()).isEmpty();
    }

    @Test
    void openaiIsAResponsesApiRequestBodyWithAToolForEachCapability() {
        server = TestServer.start();
        buildTripPlanner("t1");
        WireAgent agent = edit("t1", new WireAgentChanges(null, null, null, null,
                List.of("web_search", "code_interpreter")));

        Cli.Result result = agent("t1", "--format", "openai");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonObject body = JsonParser.parseString(result.out()).getAsJsonObject();
        assertThat(body.get("model").getAsString()).isNotBlank();
        assertThat(body.get("instructions").getAsString()).isEqualTo(agent.instructions()).isNotBlank();
        List<JsonObject> tools = body.getAsJsonArray("tools").asList().stream()
                .map(JsonElement::getAsJsonObject).toList();
        assertThat(tools).extracting(tool -> tool.get("type").getAsString())
                .containsExactly("web_search", "code_interpreter");
        assertThat(tools.get(0)).isEqualTo(JsonParser.parseString("{\"type\":\"web_search\"}"));
    }

    @Test
    void markdownHasTheNameAsItsHeadingThenTheDescriptionInstructionsStartersAndCapabilities() {
        server = TestServer.start();
        buildTripPlanner("t1");
        WireAgent agent = edit("t1", new WireAgentChanges(null, null, null,
                List.of("Plan a weekend in Rome", "Find a cheap flight"), List.of("web_search", "file_search")));

        Cli.Result result = agent("t1", "--format", "markdown");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.outLines().get(0)).isEqualTo("# " + agent.name());
        assertThat(result.out())
                .contains(agent.description())
                .contains(agent.instructions())
                .contains("Plan a weekend in Rome", "Find a cheap flight")
                .contains("web_search", "file_search");
        assertThat(result.out().indexOf(agent.description()))
                .isLessThan(result.out().indexOf(agent.instructions()));
        assertThat(result.out().indexOf(agent.instructions()))
                .isLessThan(result.out().indexOf("Plan a weekend in Rome"));
        assertThat(result.out().indexOf("Find a cheap flight")).isLessThan(result.out().indexOf("file_search"));
    }

    @Test
    void aFormatTheServerDoesNotRenderIsAUsageErrorListingTheThree() {
        Cli.Result result = Cli.run("agent", "--format", "yaml", "--thread", "t1", "--user", "u1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("Invalid value for option '--format': 'yaml' is not one of "
                + "json, openai, markdown");
    }

    @Test
    void theHelpOfAgentNamesTheThreeFormats() {
        Cli.Result result = Cli.run("agent", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--format=FORMAT", "json, openai or markdown (default: json)",
                "Responses API", "{\"type\": \"web_search\"}", "the name as the heading");
    }

    private void buildTripPlanner(String thread) {
        assertThat(Cli.run("send", "--url", server.url(), "--thread", thread, "--user", "u1", PLAN_TRIPS).exitCode())
                .isZero();
    }

    /** Changes the draft over the protocol, as another client would; returns the draft as changed. */
    private WireAgent edit(String thread, WireAgentChanges changes) {
        try (WireClient client = WireClient.join(server.url(), thread, "u1")) {
            long version = client.await(ServerFrame.Ready.class).agent().version();
            client.send(new ClientFrame.UpdateAgent(version, changes, "edit-1"));
            assertThat(client.await(ServerFrame.Ack.class).clientMessageId()).isEqualTo("edit-1");
            return client.await(ServerFrame.AgentUpdated.class).agent();
        }
    }

    private Cli.Result agent(String thread, String... options) {
        String[] args = new String[options.length + 7];
        args[0] = "agent";
        System.arraycopy(options, 0, args, 1, options.length);
        System.arraycopy(new String[] {"--url", server.url(), "--thread", thread, "--user", "u1"}, 0,
                args, 1 + options.length, 6);
        return Cli.run(args);
    }
}
