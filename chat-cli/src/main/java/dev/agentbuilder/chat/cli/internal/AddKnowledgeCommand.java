package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.client.KnowledgeFiles;
import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.common.Durations;
import dev.agentbuilder.chat.protocol.WireFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli knowledge add}: uploads files, one after the other, as knowledge of the thread's agent, printing
 * each as the server stored it; with {@code --wait}, then follows them (polling the list, with a bounded backoff) until
 * each is ready or failed. The first refusal ends the command: the files uploaded before it stay.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Uploads files as knowledge of the agent: plain text, Markdown, PDF,",
            "HTML, CSV or JSON (the server reads the type from the content).",
            "Each is indexed after the upload: --wait waits until each is ready",
            "or failed, and exits 4 when one failed."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP,
            "4:server error: a file was refused (too large, unreadable, too many files), or failed to index",
            ExitCodes.TIMEOUT_HELP, ExitCodes.NOT_FOUND_HELP})
final class AddKnowledgeCommand implements Callable<Integer> {

    /** The waits between two looks at the list: from a quarter second, doubling, to 2 seconds. */
    static final Backoff POLL = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2));

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The files to upload.")
    private List<Path> files;

    @Mixin
    private ApiOptions api = new ApiOptions();

    @Option(names = "--wait", description = "Wait until each file is indexed: ready, or failed and why.")
    private boolean waitForIndexing;

    @Option(names = "--json", description = "Print the files as JSON, {\"files\":[...]}, once uploaded (with --wait: "
            + "once each is ready or failed).")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "Give up when a request has no answer by then, and with --wait when the files are not all "
                    + "indexed by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        for (Path file : files) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ParameterException(spec.commandLine(), "Invalid value for FILE: '" + file + "' is "
                        + (Files.isDirectory(file) ? "a directory" : Files.exists(file) ? "not readable"
                        : "not there"));
            }
        }
        String threadId = api.threadId(spec);
        KnowledgeFiles knowledge = api.knowledge(spec, timeout);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, WireFile> added = new LinkedHashMap<>();
        for (Path file : files) {
            WireFile stored;
            try {
                stored = ApiFailures.await(knowledge.upload(threadId, file), file.getFileName().toString(),
                        knowledge.apiUrl(), timeout);
            } catch (ExitException e) {
                throw added.isEmpty() ? e : new ExitException(e.status(), e.getMessage() + " (added before it: "
                        + String.join(", ", added.values().stream().map(WireFile::name).toList()) + ")",
                        e.getCause());
            }
            added.put(stored.fileId(), stored);
            if (!json) {
                out.println("Added " + describe(stored));
                out.flush();
            }
        }
        if (waitForIndexing) {
            awaitIndexed(knowledge, threadId, added, out);
        }
        if (json) {
            out.println(FileJson.files(new ArrayList<>(added.values())));
            out.flush();
        }
        List<WireFile> failed = added.values().stream().filter(f -> "failed".equals(f.status())).toList();
        if (!failed.isEmpty()) {
            throw new ExitException(ExitCodes.SERVER_ERROR, failed.size() == 1
                    ? failed.get(0).name() + " could not be indexed: " + FileTable.oneLine(failed.get(0).error())
                    : failed.size() + " files could not be indexed: " + String.join(", ",
                    failed.stream().map(WireFile::name).toList()));
        }
        return ExitCodes.OK;
    }

    /** Looks at the list until every file in {@code added} is ready or failed (or gone), updating them. */
    private void awaitIndexed(KnowledgeFiles knowledge, String threadId, Map<String, WireFile> added,
            PrintWriter out) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int look = 0;
        while (added.values().stream().anyMatch(f -> "indexing".equals(f.status()))) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new ExitException(ExitCodes.TIMEOUT, "still indexing after " + Durations.format(timeout)
                        + ": " + String.join(", ", added.values().stream()
                        .filter(f -> "indexing".equals(f.status())).map(WireFile::name).toList()));
            }
            Duration wait = POLL.ceiling(look++);
            pause(wait.compareTo(left) < 0 ? wait : left);
            List<WireFile> now = ApiFailures.await(knowledge.list(threadId), "the list of files", knowledge.apiUrl(),
                    timeout);
            for (WireFile was : List.copyOf(added.values())) {
                if (!"indexing".equals(was.status())) {
                    continue;
                }
                WireFile is = now.stream().filter(f -> f.fileId().equals(was.fileId())).findFirst().orElse(null);
                if (is == null) {
                    WireFile gone = new WireFile(was.fileId(), was.name(), was.size(), was.type(), "failed",
                            "removed while it was being indexed");
                    added.put(was.fileId(), gone);
                    say(out, gone.name() + " was removed while it was being indexed");
                } else if (!"indexing".equals(is.status())) {
                    added.put(is.fileId(), is);
                    say(out, is.name() + ("ready".equals(is.status()) ? " is ready"
                            : " failed: " + FileTable.oneLine(is.error())));
                }
            }
        }
    }

    private void say(PrintWriter out, String line) {
        if (!json) {
            out.println(line);
            out.flush();
        }
    }

    /** Waits on the command's thread, without holding anything: nothing else happens meanwhile. */
    private static void pause(Duration wait) throws InterruptedException {
        CompletableFuture<Void> later = new CompletableFuture<>();
        later.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS);
        try {
            later.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code handbook.pdf (47.1 KB, application/pdf): indexing, id f-3b9c0e2a71d4f856}. */
    static String describe(WireFile file) {
        return FileTable.oneLine(file.name()) + " (" + FileTable.size(file.size()) + ", " + file.type() + "): "
                + FileTable.status(file) + ", id " + file.fileId();
    }
}
