package dev.pullback.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON writer of the command line: every {@code --json} output (info, solve, bench, topopt)
 * is a map of this class's making, written as one object on one line by Jackson jr. Its rules,
 * the same for every command (RFC 8259):
 * <ul>
 *   <li>keys in the order they were put;
 *   <li>strings: quotation mark, backslash and control characters escaped, and every character
 *       outside ASCII escaped as {@code \\uXXXX} (so the bytes are the same whatever encoding the
 *       platform gives standard output, and a file name survives as it was);
 *   <li>numbers: integers as integers, doubles as Java prints them (e.g. {@code 1.0E-15});
 *       a double that is not finite, which JSON cannot hold as a number, as the string
 *       {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"};
 *   <li>null is written ({@code "x": null} means "does not apply"), booleans as booleans, a nested
 *       map as a nested object.
 * </ul>
 */
final class JsonLine {
    private static final JSON WRITER = JSON.builder(JsonFactory.builder()
                    .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                    .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                    .build())
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES)
            .enable(JSON.Feature.FAIL_ON_UNKNOWN_TYPE_WRITE)
            .build();

    private JsonLine() {}

    /** An empty object whose keys keep their insertion order. */
    static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    /** The object as one line of JSON (without the line break). */
    static String of(Map<String, ?> object) {
        try {
            return WRITER.asString(object);
        } catch (IOException e) {
            // Only a value of a type the writer does not know gets here: a bug, not bad input.
            throw new UncheckedIOException("cannot write " + object.keySet() + " as JSON", e);
        }
    }
}
