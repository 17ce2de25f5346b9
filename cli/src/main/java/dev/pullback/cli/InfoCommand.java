package dev.pullback.cli;

import dev.pullback.io.MatrixFiles;
import dev.pullback.io.MatrixSummary;
import dev.pullback.storage.CscMatrix;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
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
public final class InfoCommand implements Callable<Integer>, LongRunning {
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
        Activity.done();
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(json(d, s));
        else text(out, d, s);
        out.flush();
        return 0;
    }

    /** Progress on stderr unless the output is JSON. */
    @Override
    public boolean quiet() {
        return json;
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
        Map<String, Object> o = JsonLine.object();
        o.put("file", file.toString());
        o.put("format", d.detail());
        o.put("rows", s.rows());
        o.put("cols", s.cols());
        o.put("nnz", s.nnz());
        o.put("symmetry", name(s.symmetry()));
        Map<String, Object> diagonal = JsonLine.object();
        diagonal.put("stored", s.diagonalStored());
        diagonal.put("missing", s.diagonalMissing());
        diagonal.put("zero", s.diagonalZero());
        diagonal.put("all_stored", s.diagonalMissing() == 0);
        o.put("diagonal", diagonal);
        Map<String, Object> bandwidth = JsonLine.object();
        bandwidth.put("lower", s.lowerBandwidth());
        bandwidth.put("upper", s.upperBandwidth());
        o.put("bandwidth", bandwidth);
        Map<String, Object> colNnz = JsonLine.object();
        colNnz.put("min", s.colNnzMin());
        double median = s.colNnzMedian();
        colNnz.put("median", median == Math.rint(median) ? (Object) (long) median : (Object) median);
        colNnz.put("max", s.colNnzMax());
        o.put("col_nnz", colNnz);
        return JsonLine.of(o);
    }

    private static String name(MatrixSummary.Symmetry s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
