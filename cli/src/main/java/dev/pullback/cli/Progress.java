package dev.pullback.cli;

import dev.pullback.io.Printable;
import java.io.PrintWriter;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long-running command on stderr, phase by phase ({@link Activity#now}): a phase that
 * has run for a second is announced while it runs ("factoring A.mtx (n = 40000, nnz = 199200) with
 * the adaptive solver ...") and its time is appended when it ends (" 3.2 s"); shorter phases are not
 * shown. A watcher thread looks at the phase every {@value #POLL_MS} ms, so the line appears while
 * the work goes on; a phase that ends between two looks is shown whole when it ends.
 *
 * <p>When: for the commands that are {@link LongRunning} and not {@link LongRunning#quiet() quiet}
 * (their {@code --json}), and only when stderr is a terminal, unless the system property
 * {@value #PROPERTY} says {@code always} or {@code never} (default {@code auto}). Log files and pipes
 * thus get the errors alone.
 */
final class Progress implements AutoCloseable {
    /** System property: auto (stderr is a terminal), always or never. */
    static final String PROPERTY = "pullback.progress";
    /** Phases shorter than this are not shown. */
    static final long DEFAULT_AFTER_NANOS = 1_000_000_000L;
    static final int POLL_MS = 100;

    /** When progress is shown. */
    enum Mode {
        AUTO, ALWAYS, NEVER;

        /** The mode the system property {@value #PROPERTY} names; a bad value is a usage error. */
        static Mode fromSystem() {
            String v = System.getProperty(PROPERTY, "auto").trim().toUpperCase(Locale.ROOT);
            try {
                return valueOf(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, always or never, got '"
                        + Printable.escape(System.getProperty(PROPERTY)) + "'");
            }
        }

        boolean shows() {
            return this == ALWAYS || (this == AUTO && Terminal.STDERR);
        }
    }

    private final PrintWriter err;
    private final long afterNanos;
    private final LongSupplier clock;
    private String phase;
    private long started;
    private boolean announced;
    private boolean closed;
    private Thread watcher;

    /** Progress written to {@code err}, for phases longer than {@code afterNanos} of {@code clock}. */
    Progress(PrintWriter err, long afterNanos, LongSupplier clock) {
        this.err = err;
        this.afterNanos = afterNanos;
        this.clock = clock;
    }

    /** Starts the thread that announces a phase while it runs; returns this. */
    Progress watch() {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(POLL_MS);
                    if (!poll()) return;
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "pullback-progress");
        t.setDaemon(true);
        synchronized (this) {
            watcher = t;
        }
        t.start();
        return this;
    }

    /** Ends the phase under way (showing its time if it ran long) and starts {@code what} (null: none). */
    synchronized void phase(String what) {
        if (closed) return;
        finish();
        phase = what;
        started = clock.getAsLong();
        announced = false;
    }

    /** Announces the phase under way if it has run long enough; false once closed. */
    synchronized boolean poll() {
        if (closed) return false;
        if (phase != null && !announced && clock.getAsLong() - started >= afterNanos) {
            err.print(Printable.escape(phase) + " ...");
            err.flush();
            announced = true;
        }
        return true;
    }

    private void finish() {
        if (phase == null) return;
        long ran = clock.getAsLong() - started;
        if (announced) err.println(" " + seconds(ran));
        else if (ran >= afterNanos) err.println(Printable.escape(phase) + " ... " + seconds(ran));
        err.flush();
        phase = null;
    }

    static String seconds(long nanos) {
        double s = nanos * 1e-9;
        return String.format(Locale.ROOT, s < 10 ? "%.1f s" : "%.0f s", s);
    }

    /** Ends the phase under way and stops the watcher. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) return;
            finish();
            closed = true;
            t = watcher;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Whether file descriptor 2 is a terminal: isatty(2) through the foreign-function API where
     * native access is enabled (jvm.config, the runnable jar's manifest), else the JDK's console
     * (which looks at stdin and stdout instead). No JNI.
     */
    private static final class Terminal {
        static final boolean STDERR = stderrIsTerminal();

        private static boolean stderrIsTerminal() {
            if (Progress.class.getModule().isNativeAccessEnabled()) {
                try {
                    Linker linker = Linker.nativeLinker();
                    var isatty = linker.defaultLookup().find("isatty");
                    if (isatty.isPresent()) {
                        MethodHandle h = linker.downcallHandle(isatty.get(),
                                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                        return (int) h.invokeExact(2) == 1;
                    }
                } catch (Throwable e) {
                    // fall through to the console's answer
                }
            }
            var console = System.console();
            return console != null && console.isTerminal();
        }
    }
}
