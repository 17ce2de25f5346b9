package dev.pullback.cli;

import dev.pullback.io.MatrixFiles;
import dev.pullback.io.MatrixSummary;
import dev.pullback.storage.CscMatrix;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pullback info A.mtx [--json]}: shape, nnz, symmetry, diagonal, bandwidth, column counts, format. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describes a matrix file (Matrix Market, gzipped Matrix Market or Pullback binary):"
                + " shape, stored entries, symmetry (none/structural/symmetric/skew), stored diagonal,"
                + " bandwidth, nonzeros per column and the file format.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the matrix file")
    Path file;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Activity.now("reading " + file);
        MatrixFiles.Description d = MatrixFiles.describe(file);
        MatrixSummary s;
        try (CscMatrix a = MatrixFiles.readSparse(file)) {
            Activity.now("summarizing " + file + " (" + a.rows() + "x" + a.cols() + ", nnz " + a.nnz() + ")");
            s = MatrixSummary.of(a);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(json(d, s));
        else text(out, d, s);
        out.flush();
        return 0;
    }

    private void text(PrintWriter out, MatrixFiles.Description d, MatrixSummary s) {
        out.printf(Locale.ROOT, "file        %s%n", file);
        out.printf(Locale.ROOT, "format      %s%n", d.detail());
        out.printf(Locale.ROOT, "shape       %d x %d%n", s.rows(), s.cols());
        out.printf(Locale.ROOT, "nnz         %d%n", s.nnz());
        out.printf(Locale.ROOT, "symmetry    %s%n", name(s.symmetry()));
        out.printf(Locale.ROOT, "diagonal    %d of %d stored (%d missing, %d stored zero)%s%n", s.diagonalStored(),
                s.diagonalStored() + s.diagonalMissing(), s.diagonalMissing(), s.diagonalZero(),
                s.diagonalMissing() == 0 ? ", every diagonal entry stored" : "");
        out.printf(Locale.ROOT, "bandwidth   lower %d, upper %d%n", s.lowerBandwidth(), s.upperBandwidth());
        out.printf(Locale.ROOT, "col nnz     min %d, median %s, max %d%n", s.colNnzMin(), num(s.colNnzMedian()),
                s.colNnzMax());
    }

    private String json(MatrixFiles.Description d, MatrixSummary s) {
        return "{\"file\":" + quote(file.toString())
                + ",\"format\":" + quote(d.detail())
                + ",\"rows\":" + s.rows()
                + ",\"cols\":" + s.cols()
                + ",\"nnz\":" + s.nnz()
                + ",\"symmetry\":" + quote(name(s.symmetry()))
                + ",\"diagonal\":{\"stored\":" + s.diagonalStored() + ",\"missing\":" + s.diagonalMissing()
                + ",\"zero\":" + s.diagonalZero() + ",\"all_stored\":" + (s.diagonalMissing() == 0) + "}"
                + ",\"bandwidth\":{\"lower\":" + s.lowerBandwidth() + ",\"upper\":" + s.upperBandwidth() + "}"
                + ",\"col_nnz\":{\"min\":" + s.colNnzMin() + ",\"median\":" + num(s.colNnzMedian())
                + ",\"max\":" + s.colNnzMax() + "}}";
    }

    private static String name(MatrixSummary.Symmetry s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
