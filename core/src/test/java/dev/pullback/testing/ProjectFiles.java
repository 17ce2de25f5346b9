package dev.pullback.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the project checkout that tests start child JVMs with. */
public final class ProjectFiles {
    private ProjectFiles() {}

    /** The project's jvm.config: in the working directory (the root) or its parent (a module's directory). */
    public static Path jvmConfig() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("jvm.config");
            if (Files.isRegularFile(p) && Files.isDirectory(dir.resolve(".mvn"))) return p;
        }
        throw new IllegalStateException("no jvm.config beside a .mvn directory above " + Path.of("").toAbsolutePath());
    }
}
