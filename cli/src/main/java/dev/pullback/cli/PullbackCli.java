package dev.pullback.cli;

import dev.pullback.io.FileErrors;
import dev.pullback.io.Printable;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pullback} command line. Each subcommand is a class of its own in this package; this
 * class only registers them and turns every failure into one line on stderr and a non-zero exit:
 * exceptions, and also the JVM running out of memory or stack, reported with the phase the command
 * was in ({@link Activity}). Messages are escaped ({@link Printable}): a file's bytes quoted in
 * them cannot act on the terminal.
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
        // picocli hands only Exceptions to the handler below; Errors would escape as a stack trace.
        cl.setExecutionStrategy(parseResult -> {
            Activity.clear();
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError | StackOverflowError e) {
                CommandLine line = parseResult.asCommandLineList().getLast();
                line.getErr().println("pullback " + line.getCommandName() + ": "
                        + Printable.escape(exhausted(e, parseResult.originalArgs())));
                line.getErr().flush();
                return EXIT_FAILURE;
            } finally {
                Activity.clear();
            }
        });
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
        return Printable.escape(m.replace('\n', ' '));
    }

    /** "out of memory while reading A.mtx: Java heap space (...)" for an OutOfMemoryError or StackOverflowError. */
    static String exhausted(VirtualMachineError e, List<String> args) {
        String doing = Activity.current() != null ? Activity.current() : "running pullback " + String.join(" ", args);
        if (e instanceof StackOverflowError) {
            return "stack overflow while " + doing + " (raise the thread stack size with -Xss in PULLBACK_JAVA_OPTS)";
        }
        long heap = Runtime.getRuntime().maxMemory();
        return "out of memory while " + doing + ": " + (e.getMessage() == null ? "OutOfMemoryError" : e.getMessage())
                + String.format(Locale.ROOT, " (the JVM's maximum heap is %.1f GiB: raise it with -Xmx in"
                        + " PULLBACK_JAVA_OPTS, or use a smaller input)", heap / (double) (1L << 30));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
