package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli threads delete}: deletes one of the user's threads, for good. On a terminal it asks first, unless
 * {@code --yes}; without a terminal to ask on it refuses without {@code --yes}, so that a script never deletes by
 * accident.
 */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Deletes one of your threads, for good.",
            "Everything of it goes: messages, drafts. Asks first on a terminal; without",
            "one, --yes is required. Deleting a thread that is not there succeeds too.",
            "Its open connections are closed (4410)."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP,
            ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP})
final class DeleteThreadCommand implements Callable<Integer> {

    private final Reader input;
    private final boolean terminal;

    @Parameters(index = "0", paramLabel = "THREAD", description = "The thread's id.")
    private String thread;

    @Option(names = {"-y", "--yes"}, description = "Do not ask: delete.")
    private boolean yes;

    @Mixin
    private UserOptions user = new UserOptions();

    @Option(names = "--json", description = "Print the server's answer (thread_deleted) as JSON.")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the server has not answered by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    /** @param terminal whether {@code input} is a person at a terminal, who can be asked */
    DeleteThreadCommand(Reader input, boolean terminal) {
        this.input = input;
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        String threadId = ThreadsCommand.checkThread(spec, thread);
        UserTarget target = user.target(spec);
        if (!yes) {
            if (!terminal) {
                throw new ExitException(ExitCodes.USAGE, "not deleting " + threadId + " without --yes: there is no "
                        + "terminal to ask on");
            }
            if (!confirmed(threadId)) {
                spec.commandLine().getErr().println("Not deleted.");
                return ExitCodes.OK;
            }
        }
        try (ListShot shot = ListShot.open(target, timeout)) {
            shot.await(shot.client().delete(threadId), "the delete");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? ProtocolCodec.encode(new ServerFrame.ThreadDeleted(threadId, null))
                : "Deleted " + threadId + ".");
        out.flush();
        return ExitCodes.OK;
    }

    private boolean confirmed(String threadId) {
        PrintWriter err = spec.commandLine().getErr();
        err.print("Delete thread " + threadId + " and everything of it (messages, drafts)? This cannot be undone. "
                + "[y/N] ");
        err.flush();
        try {
            String answer = new BufferedReader(input).readLine();
            return answer != null && (answer.strip().equalsIgnoreCase("y")
                    || answer.strip().toLowerCase(Locale.ROOT).equals("yes"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
