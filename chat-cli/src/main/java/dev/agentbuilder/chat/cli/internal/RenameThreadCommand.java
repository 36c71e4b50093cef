package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireThread;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chat-cli threads rename}: gives one of the user's threads a title. */
@Command(name = "rename", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Gives one of your threads a title: 1 to 120 characters, on one line.",
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP,
            ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP, ExitCodes.NOT_FOUND_HELP})
final class RenameThreadCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "THREAD", description = "The thread's id.")
    private String thread;

    @Parameters(index = "1", paramLabel = "TITLE", description = "Its new title (quote it when it has spaces).")
    private String title;

    @Mixin
    private UserOptions user = new UserOptions();

    @Option(names = "--json", description = "Print the server's answer (thread_renamed, with the thread) as JSON.")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the server has not answered by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String threadId = ThreadsCommand.checkThread(spec, thread);
        UserTarget target = user.target(spec);
        WireThread renamed;
        try (ListShot shot = ListShot.open(target, timeout)) {
            renamed = shot.await(shot.client().rename(threadId, title), "the rename");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? ProtocolCodec.encode(new ServerFrame.ThreadRenamed(renamed, null))
                : "Renamed " + renamed.threadId() + ": " + renamed.title());
        out.flush();
        return ExitCodes.OK;
    }
}
