package dev.pullback.bench.sparse;

import dev.pullback.storage.CscMatrix;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the benchmark matrices as Matrix Market files (coordinate real general, 1-based, values
 * with 17 significant digits) for the SuiteSparse driver in bench/native:
 * {@code java -cp benchmarks.jar dev.pullback.bench.sparse.WriteMatrixMarket DIR [NAME...]}.
 */
public final class WriteMatrixMarket {
    private WriteMatrixMarket() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: WriteMatrixMarket DIR [NAME...]   names: " + String.join(" ", SparseMatrices.NAMES));
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        String[] names = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : SparseMatrices.NAMES;
        for (String name : names) {
            try (CscMatrix a = SparseMatrices.build(name)) {
                Path out = dir.resolve(name + ".mtx");
                write(a, out);
                System.out.println(out + ": " + a.rows() + "x" + a.cols() + ", nnz " + a.nnz());
            }
        }
    }

    static void write(CscMatrix a, Path out) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
            w.write("%%MatrixMarket matrix coordinate real general\n");
            w.write(a.rows() + " " + a.cols() + " " + a.nnz() + "\n");
            StringBuilder line = new StringBuilder(64);
            for (int j = 0; j < a.cols(); j++) {
                for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) {
                    line.setLength(0);
                    line.append(a.pattern().row(p) + 1).append(' ').append(j + 1).append(' ')
                            .append(Double.toString(a.value(p))).append('\n');
                    w.write(line.toString());
                }
            }
        }
    }
}
