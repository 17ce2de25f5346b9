package dev.pullback.io;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One-line descriptions of file-system failures. The JDK's {@link FileSystemException}s often carry
 * only the path as their message (the kind of failure is in the class name), which on its own tells
 * a user nothing: "out/x" instead of "out/x: permission denied".
 */
public final class FileErrors {
    private FileErrors() {}

    /** "file: reason" (or "file -> other: reason"), the reason spelled out when the JDK gave none. */
    public static String describe(FileSystemException e) {
        String file = e.getFile() == null ? "" : e.getFile();
        String other = e.getOtherFile() == null ? "" : " -> " + e.getOtherFile();
        return file + other + ": " + reason(e);
    }

    /** The JDK's reason if it gave one, else the kind of failure in words. */
    public static String reason(FileSystemException e) {
        if (e.getReason() != null && !e.getReason().isBlank()) return e.getReason();
        return switch (e) {
            case NoSuchFileException x -> "no such file or directory";
            case AccessDeniedException x -> "permission denied";
            case FileAlreadyExistsException x -> "already exists";
            case NotDirectoryException x -> "not a directory";
            case DirectoryNotEmptyException x -> "directory not empty";
            default -> "file system error (" + e.getClass().getSimpleName() + ")";
        };
    }
}
