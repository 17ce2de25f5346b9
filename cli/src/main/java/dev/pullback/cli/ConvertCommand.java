package dev.pullback.cli;

import dev.pullback.cli.bench.GalleryMatrices;
import dev.pullback.io.BinaryMatrixFile;
import dev.pullback.io.MatrixFiles;
import dev.pullback.io.MatrixMarket;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pullback convert IN OUT}: Matrix Market and Pullback binary, either way; or
 * {@code pullback convert --gallery SPEC OUT}: writes a generated matrix (for other solvers to read).
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Converts a matrix file between Matrix Market and the Pullback binary format"
                + " (memory-mapped, checksummed). The output format follows --to, else OUT's name"
                + " (" + BinaryMatrixFile.EXTENSION + " = binary, anything else = Matrix Market). Dense inputs stay"
                + " dense. The output is written atomically. With --gallery SPEC OUT it writes a generated matrix"
                + " instead (the ones bench --gallery uses), e.g. for SuiteSparse or scipy to read.")
public final class ConvertCommand implements Callable<Integer>, LongRunning {
    /** Output formats. */
    enum Target { auto, mtx, binary }

    /** Matrix Market storage for sparse output. */
    enum Storage { general, symmetric, skew }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..2", paramLabel = "FILE",
            description = "IN OUT: the input matrix file (any supported format) and the output file; OUT alone with --gallery")
    List<Path> files;

    @Option(names = "--gallery", paramLabel = "SPEC", description = "a generated matrix as input: " + GalleryMatrices.SPECS)
    String gallery;

    private Path in;
    private Path out;

    @Option(names = "--to", defaultValue = "auto", description = "output format: ${COMPLETION-CANDIDATES} (default: by OUT's name)")
    Target to;

    @Option(names = "--symmetry", defaultValue = "general",
            description = "Matrix Market storage of a sparse output: ${COMPLETION-CANDIDATES} (the matrix must have it)")
    Storage symmetry;

    @Override
    public Integer call() throws Exception {
        if (files.size() != (gallery == null ? 2 : 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), gallery == null
                    ? "give IN and OUT (or --gallery SPEC OUT)" : "with --gallery give only OUT, got " + files.size() + " files");
        }
        out = files.getLast();
        boolean binary = to == Target.binary || (to == Target.auto && MatrixFiles.isBinaryName(out));
        if (binary && symmetry != Storage.general) {
            throw new IllegalArgumentException("--symmetry applies to Matrix Market output only");
        }
        if (gallery != null) {
            Activity.now("generating " + gallery);
            try (GalleryMatrices.Generated g = GalleryMatrices.generate(gallery)) {
                write(g.matrix(), binary);
            }
            Activity.done();
            spec.commandLine().getOut().printf("%s -> %s (%s)%n", gallery, out, binary ? "pullback-binary" : "matrix-market");
            return 0;
        }
        in = files.getFirst();
        Activity.now("reading " + in);
        MatrixFiles.Description d = MatrixFiles.describe(in);
        if (d.dense()) {
            if (symmetry != Storage.general) {
                throw new IllegalArgumentException("--symmetry applies to sparse matrices only; " + in + " is dense");
            }
            try (DenseMatrix a = MatrixFiles.readDense(in)) {
                Activity.now("writing " + out);
                if (binary) BinaryMatrixFile.write(out, a);
                else MatrixMarket.write(out, a);
            }
        } else {
            try (CscMatrix a = MatrixFiles.readSparse(in)) {
                write(a, binary);
            }
        }
        Activity.done();
        spec.commandLine().getOut().printf("%s -> %s (%s)%n", in, out, binary ? "pullback-binary" : "matrix-market");
        return 0;
    }

    /** Progress on stderr: the output is one line of text. */
    @Override
    public boolean quiet() {
        return false;
    }

    private void write(CscMatrix a, boolean binary) throws IOException {
        Activity.now("writing " + out);
        if (binary) BinaryMatrixFile.write(out, a);
        else MatrixMarket.write(out, a, switch (symmetry) {
            case general -> MatrixMarket.Symmetry.GENERAL;
            case symmetric -> MatrixMarket.Symmetry.SYMMETRIC;
            case skew -> MatrixMarket.Symmetry.SKEW_SYMMETRIC;
        });
    }
}
