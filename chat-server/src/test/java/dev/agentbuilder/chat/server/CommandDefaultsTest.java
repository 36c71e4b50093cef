package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command's defaults and the options record's are the same values, read from one set of constants. */
class CommandDefaultsTest {

    @Test
    void withNoOptionsTheCommandServesWithTheDefaultServerOptions() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("CHAT_")),
                "no CHAT_ variable changes a default");
        ChatServerCommand command = new ChatServerCommand();
        new CommandLine(command).parseArgs();

        assertThat(command.options()).isEqualTo(ServerOptions.defaults());
    }
}
