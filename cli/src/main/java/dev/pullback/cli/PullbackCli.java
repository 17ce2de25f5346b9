package dev.pullback.cli;

import dev.pullback.io.FileErrors;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pullback} command line. Each subcommand is a class of its own in this package; this
 * class only registers them and turns every failure into one line on stderr and a non-zero exit.
 */
@Command(name = "pullback", mixinStandardHelpOptions = true, version = "pullback 0.2.0",
        description = "Sparse and dense linear solves with derivatives, off-heap and on the Vector API.")
public final class PullbackCli implements Runnable {

    /** Exit code for a failure in the computation or its input (a malformed file, a singular matrix). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for a usage error (unknown option, missing argument). */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command tree; tests call this to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PullbackCli());
        // Subcommands, one class each.
        cl.addSubcommand(new InfoCommand());
        cl.addSubcommand(new ConvertCommand());
        cl.addSubcommand(new SolveCommand());
        cl.addSubcommand(new BenchCommand());
        cl.addSubcommand(new TopoptCommand());
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            line.getErr().println("pullback " + line.getCommandName() + ": " + oneLine(ex));
            return EXIT_FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine line = ex.getCommandLine();
            line.getErr().println("pullback " + line.getCommandName() + ": " + ex.getMessage()
                    + " (see 'pullback " + line.getCommandName() + " --help')");
            return EXIT_USAGE;
        });
        return cl;
    }

    /** Runs with the given writers; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof FileSystemException f) m = FileErrors.describe(f);
        else if (m == null || m.isBlank()) m = ex.getClass().getSimpleName();
        else if (!(ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof java.io.IOException || ex instanceof ArithmeticException)) {
            m = ex.getClass().getSimpleName() + ": " + m;
        }
        return m.replace('\n', ' ');
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
