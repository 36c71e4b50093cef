package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command's defaults and the options record's are the same values, read from one set of constants. */
class CommandDefaultsTest {

    @Test
    void withNoOptionsTheCommandServesWithTheDefaultServerOptions() {
        // The test harness's own switches (CHAT_REQUIRE_*, set by .ci/run) are no options of the command.
        assumeTrue(System.getenv().keySet().stream()
                        .noneMatch(name -> name.startsWith("CHAT_") && !name.startsWith("CHAT_REQUIRE_")),
                "no CHAT_ variable of the command changes a default");
        ChatServerCommand command = new ChatServerCommand();
        new CommandLine(command).parseArgs();

        assertThat(command.options()).isEqualTo(ServerOptions.defaults());
    }
}
