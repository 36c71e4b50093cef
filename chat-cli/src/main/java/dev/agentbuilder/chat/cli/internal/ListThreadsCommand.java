package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.client.ThreadListClient;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireThread;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli threads list}: a page of the user's threads (or all of them, a page at a time), newest first, as a
 * table or as the server's {@code threads} frame.
 */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints your threads, newest first, a page at a time.",
            "Columns: title, agent, when last updated (UTC), messages and id.",
            "--all reads every page; --query searches titles and agent names."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP,
            ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP})
final class ListThreadsCommand implements Callable<Integer> {

    @Mixin
    private UserOptions user = new UserOptions();

    @Option(names = "--query", paramLabel = "TEXT",
            description = "Only the threads whose title or agent name holds TEXT, ignoring case (at most 120 "
                    + "characters).")
    private String query;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + ThreadListClient.DEFAULT_LIMIT,
            description = "Threads per page, 1 to " + ThreadListClient.MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--all", description = "Read every page, not just the first.")
    private boolean all;

    @Option(names = "--cursor", paramLabel = "CURSOR",
            description = "Start after the page whose nextCursor this is (with the same --query).")
    private String cursor;

    @Option(names = "--json", description = "Print the server's threads frame as JSON (one object, all pages in it "
            + "with --all; nextCursor when more follow).")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the server has not answered by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (limit < 1 || limit > ThreadListClient.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--limit': " + limit
                    + " is not 1 to " + ThreadListClient.MAX_LIMIT);
        }
        UserTarget target = user.target(spec);
        List<WireThread> threads = new ArrayList<>();
        ServerFrame.Threads page;
        try (ListShot shot = ListShot.open(target, timeout)) {
            String after = cursor;
            do {
                page = shot.await(shot.client().list(query, after, limit), "the list");
                threads.addAll(page.threads());
                after = page.nextCursor();
                // An empty page that says more follow would loop forever: the server's bug, not a reason to hang.
            } while (all && after != null && !page.threads().isEmpty());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ProtocolCodec.encode(new ServerFrame.Threads(threads, page.nextCursor(), page.query())));
        } else if (threads.isEmpty()) {
            out.println(page.query() == null ? "(no threads)" : "(no threads match \"" + page.query() + "\")");
        } else {
            ThreadTable.lines(threads).forEach(out::println);
            if (page.nextCursor() != null) {
                spec.commandLine().getErr().println("More threads follow: add --all, or --cursor "
                        + page.nextCursor());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
