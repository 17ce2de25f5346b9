package dev.pullback.cli;

import dev.pullback.io.FileErrors;
import dev.pullback.io.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pullback} command line. Each subcommand is a class of its own in this package; this
 * class only registers them and turns every failure into one line on stderr and a non-zero exit:
 * exceptions, and also the JVM running out of memory or stack, reported with the phase the command
 * was in ({@link Activity}); {@code --verbose} adds the stack trace. Messages are escaped
 * ({@link Printable}): a file's bytes quoted in them cannot act on the terminal. The phases of a
 * {@link LongRunning} command are shown as they run long ({@link Progress}).
 */
@Command(name = "pullback", mixinStandardHelpOptions = true, versionProvider = PullbackCli.Version.class,
        description = "Sparse and dense linear solves with derivatives, off-heap and on the Vector API.")
public final class PullbackCli implements Runnable {

    /** Exit code for a failure in the computation or its input (a malformed file, a singular matrix). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for a usage error (unknown option, missing argument). */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Global (every subcommand has it); read from the parse result, see {@link #verbose}. */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print its stack trace after the one-line message (for bug reports).")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Builds the command tree; tests call this to run commands in-process. Progress is shown as
     * the system property {@value Progress#PROPERTY} says (default: when stderr is a terminal).
     */
    public static CommandLine commandLine() {
        return commandLine(null, Progress.DEFAULT_AFTER_NANOS);
    }

    /** The command tree with progress shown by {@code mode} (null: the system property's) after {@code afterNanos}. */
    static CommandLine commandLine(Progress.Mode mode, long afterNanos) {
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
            CommandLine line = parseResult.asCommandLineList().getLast();
            // The progress ends its line before any message below (resources close before catch).
            try (Progress progress = progress(line, mode, afterNanos)) {
                Activity.showOn(progress);
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError | StackOverflowError e) {
                line.getErr().println("pullback " + line.getCommandName() + ": "
                        + Printable.escape(exhausted(e, parseResult.originalArgs())));
                if (verbose(parseResult)) stackTrace(e, line.getErr());
                line.getErr().flush();
                return EXIT_FAILURE;
            } finally {
                Activity.clear();
            }
        });
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            line.getErr().println("pullback " + line.getCommandName() + ": " + oneLine(ex));
            if (verbose(parseResult)) stackTrace(ex, line.getErr());
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

    /** The progress of the command about to run, or null when it shows none. */
    private static Progress progress(CommandLine line, Progress.Mode mode, long afterNanos) {
        if (!(line.getCommand() instanceof LongRunning command) || command.quiet()) return null;
        Progress.Mode m;
        try {
            m = mode != null ? mode : Progress.Mode.fromSystem();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ExecutionException(line, e.getMessage(), e);
        }
        return m.shows() ? new Progress(line.getErr(), afterNanos, System::nanoTime).watch() : null;
    }

    /** Whether --verbose was given, before the subcommand or after it. */
    static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    /** The stack trace, each line escaped like the message (its messages may quote a file). */
    private static void stackTrace(Throwable e, PrintWriter err) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        trace.toString().lines().forEach(l -> err.println(Printable.escape(l.replace("\t", "    "))));
        err.flush();
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

    /** {@code pullback --version}: the version of this build (filtered into version.properties by Maven) and the JVM's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pullback " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }

    /** This build's version, e.g. 0.2.0. */
    static String version() {
        try (InputStream in = PullbackCli.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("version.properties is missing from the class path");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties", e);
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
