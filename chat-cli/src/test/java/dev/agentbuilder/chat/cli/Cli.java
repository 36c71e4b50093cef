package dev.agentbuilder.chat.cli;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs chat-cli in-process the way {@code main} does, capturing what it prints. */
final class Cli {

    /** The exit status and what went to stdout and stderr. */
    record Result(int exitCode, String out, String err) {

        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run(ChatCli.commandLine(new StringReader("")), args);
    }

    /** As if run on a terminal where a person types {@code typed}: for the commands that ask or prompt. */
    static Result runOnATerminal(String typed, String... args) {
        return run(ChatCli.commandLine(new StringReader(typed), true), args);
    }

    private static Result run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = commandLine
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
