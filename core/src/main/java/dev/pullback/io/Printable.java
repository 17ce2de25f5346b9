package dev.pullback.io;

/**
 * Text from a file made safe to quote in a message that may reach a terminal: control characters
 * (C0, DEL, C1 — among them ESC and CSI, which start terminal escape sequences), Unicode format
 * characters (bidirectional overrides) and line separators are written as {@code \xNN} (or a
 * backslash, {@code u} and four hex digits above 0xFF); everything else is kept. So
 * {@code ESC[31m} in a file prints as the seven characters {@code \x1b[31m}, not as a colour change.
 */
public final class Printable {
    private Printable() {}

    /** {@code s} with every character that could act on a terminal escaped; see the class comment. */
    public static String escape(CharSequence s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (safe(c)) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
            if (c <= 0xff) b.append(String.format("\\x%02x", (int) c));
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b == null ? s.toString() : b.toString();
    }

    private static boolean safe(char c) {
        if (c >= 0x20 && c < 0x7f) return true;
        if (c < 0xa0) return false; // C0, DEL, C1
        int type = Character.getType(c);
        return type != Character.FORMAT && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.CONTROL && type != Character.SURROGATE && type != Character.UNASSIGNED;
    }
}
