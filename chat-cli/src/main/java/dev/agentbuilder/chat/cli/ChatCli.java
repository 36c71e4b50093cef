package dev.agentbuilder.chat.cli;

import dev.agentbuilder.chat.cli.internal.AgentCommand;
import dev.agentbuilder.chat.cli.internal.BenchCommand;
import dev.agentbuilder.chat.cli.internal.ChatCommand;
import dev.agentbuilder.chat.cli.internal.ExitException;
import dev.agentbuilder.chat.cli.internal.HistoryCommand;
import dev.agentbuilder.chat.cli.internal.KnowledgeCommand;
import dev.agentbuilder.chat.cli.internal.Logging;
import dev.agentbuilder.chat.cli.internal.SendCommand;
import dev.agentbuilder.chat.cli.internal.StatusCommand;
import dev.agentbuilder.chat.cli.internal.ThreadsCommand;
import dev.agentbuilder.chat.cli.internal.TokenCommand;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli}: a terminal client for the chat server (protocol v1). Build the command line with
 * {@link #commandLine()} (or {@link #commandLine(Reader)} to give {@code chat} its input, without a prompt), then
 * {@code execute(args)}; it returns one of the {@code EXIT_} statuses and never calls {@code System.exit}, which only
 * {@link #main} does. Commands run on the caller's thread and block until done.
 */
@Command(name = "chat-cli", mixinStandardHelpOptions = true, version = "chat-cli " + ChatCli.VERSION,
        description = "Talks to a chat server from a terminal or a script.",
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.BUG_HELP, ExitCodes.USAGE_HELP,
            ExitCodes.CONNECTION_HELP, ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP,
            ExitCodes.NOT_FOUND_HELP, ExitCodes.QUOTA_EXCEEDED_HELP},
        footerHeading = "%nEnvironment:%n",
        footer = {"  CHAT_URL          the default of --url (otherwise ws://localhost:3004)",
            "  CHAT_THREAD       the default of --thread",
            "  CHAT_USER         the default of --user",
            "  CHAT_TOKEN        the default of --token",
            "  CHAT_API_URL      the default of --api-url (knowledge; otherwise http://localhost:3006)",
            "  CHAT_AUTH_SECRET  the default of --auth-secret (token, bench)",
            "",
            "When the server refuses the join (exit 4; chat stops reconnecting):",
            "  unauthorized (4401)  no token, or a bad or expired one: see chat-cli token",
            "  forbidden (4403)     the thread belongs to another user"})
public final class ChatCli implements Callable<Integer> {

    public static final String VERSION = "0.1.0";

    @Spec
    private CommandSpec spec;

    private boolean verbose;

    private ChatCli() {
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log on stderr what happens, and show stack traces of failures.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
        Logging.configure(verbose);
    }

    public static void main(String[] args) {
        // slf4j-simple reads its settings once, when the first logger is made: before the command line is parsed.
        Logging.configure(List.of(args).contains("--verbose") || List.of(args).contains("-v"));
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; {@code chat} reads stdin, and shows a prompt when run on a terminal. */
    public static CommandLine commandLine() {
        return commandLine(new InputStreamReader(System.in, Charset.defaultCharset()), System.console() != null);
    }

    /** The configured command line; {@code chat} reads its lines from {@code chatInput} and shows no prompt. */
    public static CommandLine commandLine(Reader chatInput) {
        return commandLine(chatInput, false);
    }

    /**
     * The configured command line; {@code chat} reads its lines from {@code chatInput}, and {@code chat} and
     * {@code threads delete} treat it as a person at a terminal when {@code terminal} (a prompt, a confirmation).
     */
    static CommandLine commandLine(Reader chatInput, boolean terminal) {
        ChatCli root = new ChatCli();
        CommandLine commandLine = new CommandLine(root)
                .addSubcommand(new ChatCommand(chatInput, terminal))
                .addSubcommand(new SendCommand())
                .addSubcommand(new AgentCommand())
                .addSubcommand(new HistoryCommand())
                .addSubcommand(ThreadsCommand.commandLine(chatInput, terminal))
                .addSubcommand(KnowledgeCommand.commandLine())
                .addSubcommand(new BenchCommand())
                .addSubcommand(new TokenCommand())
                .addSubcommand(new StatusCommand());
        commandLine.setExecutionExceptionHandler(root::handle);
        return commandLine;
    }

    /** Without a command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing required command: chat, send, agent, history, threads, knowledge, bench, token or status");
    }

    private int handle(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        int status;
        if (e instanceof ExitException exit) {
            err.println("chat-cli: " + exit.getMessage());
            if (verbose && exit.getCause() != null) {
                exit.getCause().printStackTrace(err);
            }
            status = exit.status();
        } else {
            err.println("chat-cli: unexpected failure: " + e);
            if (verbose) {
                e.printStackTrace(err);
            }
            status = ExitCodes.BUG;
        }
        err.flush();
        return status;
    }
}
