package dev.pullback.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the command line: its exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {
    /** Runs {@code args} on {@code cl} (e.g. one with an extra test command or a fixed progress mode). */
    static CliRun of(CommandLine cl, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code args} on the standard command tree. */
    static CliRun of(String... args) {
        return of(PullbackCli.commandLine(), args);
    }
}
