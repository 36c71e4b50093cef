package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HelpTest {

    @AfterEach
    void quietAgain() {
        System.clearProperty("org.slf4j.simpleLogger.defaultLogLevel");
    }

    @Test
    void helpListsTheCommandsAndTheExitCodesAndExitsZero() {
        Cli.Result result = Cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("chat", "send", "agent", "--verbose")
                .contains("Exit codes:")
                .contains("3   connection failure")
                .contains("4   server error")
                .contains("5   timeout")
                .contains("CHAT_URL");
    }

    @Test
    void eachCommandDocumentsItsExitCodes() {
        for (String command : new String[] {"chat", "send", "agent"}) {
            Cli.Result result = Cli.run(command, "--help");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).contains("--thread", "--user", "--url", "Exit codes:", "timeout");
        }
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result result = Cli.run();

        assertThat(result.exitCode()).isEqualTo(ChatCli.EXIT_USAGE);
        assertThat(result.err()).contains("Missing required command");
    }

    @Test
    void verboseIsAcceptedAfterTheCommandToo() {
        Cli.Result result = Cli.run("send", "--verbose", "--thread", "bad id", "--user", "u1", "x");

        assertThat(result.exitCode()).isEqualTo(ChatCli.EXIT_USAGE);
        assertThat(result.err()).doesNotContain("Unknown option");
    }
}
