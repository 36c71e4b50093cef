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
                .contains("7   quota exceeded")
                .contains("CHAT_URL");
    }

    @Test
    void sendDocumentsTheExitCodeOfASpentTokenBudget() {
        Cli.Result result = Cli.run("send", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("7   quota exceeded: your tokens for today are spent");
    }

    @Test
    void helpListsTheThreadsCommandsAndTheNotFoundExitCode() {
        Cli.Result root = Cli.run("--help");
        Cli.Result threads = Cli.run("threads", "--help");

        assertThat(root.out()).containsPattern("threads +Lists, renames and deletes your threads")
                .contains("6   not found");
        assertThat(threads.exitCode()).isZero();
        assertThat(threads.out()).contains("list", "rename", "delete", "Exit codes:", "6   not found");
    }

    @Test
    void eachThreadsCommandTakesTheUserAndATokenButNoThreadOption() {
        for (String command : new String[] {"list", "rename", "delete"}) {
            Cli.Result result = Cli.run("threads", command, "--help");

            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).contains("--url", "--user", "--token", "CHAT_TOKEN", "--json",
                    "--timeout", "Exit codes:").doesNotContain("--thread");
        }
        assertThat(Cli.run("threads", "list", "--help").out()).contains("--query", "--limit", "--all");
        assertThat(Cli.run("threads", "delete", "--help").out()).contains("--yes", "Asks first on a terminal");
    }

    @Test
    void eachKnowledgeCommandTakesTheApiUrlTheThreadAndAToken() {
        Cli.Result root = Cli.run("--help");
        assertThat(root.out()).containsPattern("knowledge +Adds, lists and removes the knowledge files")
                .contains("CHAT_API_URL");
        for (String command : new String[] {"add", "list", "remove"}) {
            Cli.Result result = Cli.run("knowledge", command, "--help");

            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).contains("--api-url", "CHAT_API_URL", "http://localhost:3006",
                    "--thread", "--token", "--timeout", "Exit codes:", "6   not found");
        }
        assertThat(Cli.run("knowledge", "add", "--help").out()).contains("--wait", "--json");
    }

    @Test
    void helpListsTheTokenCommandAndWhatRefusedTokensMean() {
        Cli.Result result = Cli.run("--help");

        assertThat(result.out())
                .contains("token", "CHAT_TOKEN", "CHAT_AUTH_SECRET")
                .contains("unauthorized (4401)", "forbidden (4403)", "chat stops reconnecting");
    }

    @Test
    void everyCommandThatJoinsAThreadTakesAToken() {
        for (String command : new String[] {"chat", "send", "agent", "history"}) {
            Cli.Result result = Cli.run(command, "--help");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).as(command).contains("--token", "Authorization:", "CHAT_TOKEN");
        }
        assertThat(Cli.run("bench", "--help").out()).contains("--auth-secret", "CHAT_AUTH_SECRET");
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
    void chatDocumentsItsCommandsForTheDraft() {
        Cli.Result result = Cli.run("chat", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("/edit FIELD VALUE", "/edit starters Plan a weekend in Rome | Find a flight",
                        "/edit capabilities web_search, code_interpreter", "version_conflict")
                .contains("/revert N", "/history", "one-shot connection", "/preview", "preview>")
                .doesNotContain("--last-seq");
    }

    @Test
    void aZeroTimeoutIsAUsageErrorBecauseEveryDurationOfChatCliIsAWait() {
        Cli.Result result = Cli.run("send", "--thread", "t1", "--user", "u1", "--timeout", "0", "hello");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'0' must be more than zero");
    }

    @Test
    void aDurationChatCliCannotReadIsAUsageErrorSayingHowToWriteOne() {
        Cli.Result result = Cli.run("agent", "--thread", "t1", "--user", "u1", "--timeout", "a while");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'a while' is not a duration; use for example 250ms, 30s, 5m, 1h or 90d");
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result result = Cli.run();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .contains("Missing required command: chat, send, agent, history, threads, knowledge, bench, token or status");
    }

    @Test
    void verboseIsAcceptedAfterTheCommandToo() {
        Cli.Result result = Cli.run("send", "--verbose", "--thread", "bad id", "--user", "u1", "x");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).doesNotContain("Unknown option");
    }
}
