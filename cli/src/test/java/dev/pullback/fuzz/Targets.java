package dev.pullback.fuzz;

import dev.pullback.chronicle.MatrixCodec;
import dev.pullback.chronicle.MatrixFormatException;
import dev.pullback.cli.PullbackCli;
import dev.pullback.io.BinaryMatrixFile;
import dev.pullback.io.MatrixFileException;
import dev.pullback.io.MatrixFiles;
import dev.pullback.storage.MemoryLimitException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import picocli.CommandLine;

/**
 * The readers an input goes through, and what counts as a correct outcome. A file goes to
 * {@link MatrixFiles} (describe, readSparse, readDense, readVector), for binary files also
 * {@link BinaryMatrixFile} (readHeader, open with either verification), and to {@code pullback info}
 * in-process; a Chronicle record goes to every {@link MatrixCodec} read and view, through direct and
 * on-heap Bytes. Correct: a value (closed at once), or an exception of a documented type with a
 * one-line message free of control characters; for the CLI, exit 0 with a report or exit 1 with one
 * such line on stderr. Anything else is a crash.
 */
final class Targets {
    /** What one call did: {@code key} sorts outcomes into kinds; {@code crash} says why it is wrong, or is null. */
    record Outcome(String key, String crash) {}

    /** One command line per thread, reused: picocli resets every option before each parse, and building one takes milliseconds. */
    private static final ThreadLocal<CommandLine> CLI = ThreadLocal.withInitial(PullbackCli::commandLine);

    private Targets() {}

    /** Runs every reader of a file on it. */
    static List<Outcome> file(Path f, boolean binary) {
        List<Outcome> out = new java.util.ArrayList<>();
        out.add(call("describe", () -> MatrixFiles.describe(f)));
        out.add(call("readSparse", () -> MatrixFiles.readSparse(f).close()));
        out.add(call("readDense", () -> MatrixFiles.readDense(f).close()));
        out.add(call("readVector", () -> MatrixFiles.readVector(f)));
        if (binary) {
            out.add(call("binary.readHeader", () -> BinaryMatrixFile.readHeader(f)));
            out.add(call("binary.open", () -> BinaryMatrixFile.open(f).close()));
            out.add(call("binary.openHeaderOnly", () -> BinaryMatrixFile.open(f, BinaryMatrixFile.Verify.HEADER_ONLY).close()));
        }
        out.add(cli("info", f.toString()));
        return out;
    }

    /** Runs every record reader and view on the bytes, held in direct and in on-heap Bytes. */
    static List<Outcome> record(byte[] b) {
        List<Outcome> out = new java.util.ArrayList<>();
        for (boolean direct : new boolean[] {true, false}) {
            Bytes<?> bytes = direct ? Bytes.allocateDirect(Math.max(1, b.length)) : Bytes.allocateElasticOnHeap(Math.max(1, b.length));
            try {
                bytes.write(b);
                String on = direct ? "direct." : "heap.";
                out.add(call(on + "header", () -> MatrixCodec.header(bytes, 0)));
                out.add(call(on + "readDense", () -> MatrixCodec.readDense(bytes, 0).close()));
                out.add(call(on + "readCsc", () -> MatrixCodec.readCsc(bytes, 0).close()));
                out.add(call(on + "readVector", () -> MatrixCodec.readVector(bytes, 0).close()));
                for (MatrixCodec.Checksum c : MatrixCodec.Checksum.values()) {
                    String v = on + "view." + c.name().toLowerCase() + ".";
                    out.add(call(v + "dense", () -> MatrixCodec.viewDense(bytes, 0, c).close()));
                    out.add(call(v + "csc", () -> MatrixCodec.viewCsc(bytes, 0, c).close()));
                    out.add(call(v + "vector", () -> MatrixCodec.viewVector(bytes, 0, c).close()));
                }
            } finally {
                bytes.releaseLast();
            }
        }
        return out;
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Outcome call(String what, Call c) {
        try {
            c.run();
            return new Outcome(what + ": value", null);
        } catch (MatrixFileException | MatrixFormatException | MemoryLimitException e) {
            return message(what, e);
        } catch (IllegalArgumentException e) {
            // Documented for views only: memory a view cannot use (on-heap, or a misaligned payload).
            return what.contains(".view.") ? message(what, e) : crash(what, e);
        } catch (Exception | Error e) {
            return crash(what, e);
        }
    }

    private static Outcome message(String what, Exception e) {
        String m = e.getMessage();
        String bad = m == null || m.isBlank() ? "no message" : !oneLine(m) ? "a message with a line break or control character" : null;
        return new Outcome(what + ": " + e.getClass().getSimpleName() + ": " + template(m), bad == null ? null
                : what + " threw " + e.getClass().getName() + " with " + bad + ": " + Mutator.escape(String.valueOf(m)));
    }

    private static Outcome crash(String what, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return new Outcome(what + ": CRASH " + e.getClass().getSimpleName(), what + " threw " + trace);
    }

    /** {@code pullback CMD FILE} in-process: exit 0 with output, or exit 1 with exactly one clean line on stderr. */
    static Outcome cli(String command, String file) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code;
        try {
            CommandLine cl = CLI.get();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            code = cl.execute(command, file);
            cl.getOut().flush();
            cl.getErr().flush();
        } catch (Throwable e) {
            return crash("cli." + command, e);
        }
        String e = err.toString();
        String what = "cli." + command;
        if (code == 0 && e.isEmpty() && !out.toString().isEmpty()) return new Outcome(what + ": exit 0", null);
        boolean clean = code == 1 && e.endsWith("\n") && e.indexOf('\n') == e.length() - 1
                && e.startsWith("pullback " + command + ": ") && oneLine(e.substring(0, e.length() - 1));
        if (!clean) {
            return new Outcome(what + ": BAD exit " + code, what + " exited " + code + " with stderr: " + Mutator.escape(e));
        }
        return new Outcome(what + ": exit 1: " + template(e.substring(0, e.length() - 1).replace(file, "FILE")), null);
    }

    /** No line break, no control character, and a sane length. */
    static boolean oneLine(String m) {
        return m.length() < 2000 && m.chars().allMatch(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0));
    }

    /** The message with numbers and quoted text blurred, so that outcomes of one kind share a key. */
    private static String template(String m) {
        return m.replaceAll("'[^']*'", "'…'").replaceAll("0x[0-9a-fA-F]+|\\b[0-9a-f]{8}\\b", "#")
                .replaceAll("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?", "#")
                .replaceAll("/[^ ,:]*fuzz-input[^ ,:]*", "FILE");
    }

    static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // a temporary file; the test directory goes anyway
        }
    }
}
