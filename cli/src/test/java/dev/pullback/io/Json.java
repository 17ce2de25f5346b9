package dev.pullback.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict JSON parser for checking CLI output (RFC 8259; numbers as Double). */
final class Json {
    private final String s;
    private int p;

    private Json(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        Json j = new Json(text);
        j.ws();
        Object v = j.value();
        j.ws();
        if (j.p != text.length()) throw j.fail("trailing characters");
        return v;
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException("bad JSON at " + p + ": " + what + " in " + s);
    }

    private void ws() {
        while (p < s.length() && " \t\r\n".indexOf(s.charAt(p)) >= 0) p++;
    }

    private Object value() {
        if (p >= s.length()) throw fail("unexpected end");
        char c = s.charAt(p);
        if (c == '{') return object();
        if (c == '[') return array();
        if (c == '"') return string();
        if (s.startsWith("true", p)) { p += 4; return Boolean.TRUE; }
        if (s.startsWith("false", p)) { p += 5; return Boolean.FALSE; }
        if (s.startsWith("null", p)) { p += 4; return null; }
        return number();
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        p++;
        ws();
        if (p < s.length() && s.charAt(p) == '}') { p++; return m; }
        while (true) {
            ws();
            if (p >= s.length() || s.charAt(p) != '"') throw fail("expected a key");
            String k = string();
            ws();
            if (p >= s.length() || s.charAt(p) != ':') throw fail("expected ':'");
            p++;
            ws();
            if (m.put(k, value()) != null) throw fail("duplicate key " + k);
            ws();
            if (p >= s.length()) throw fail("unterminated object");
            char c = s.charAt(p++);
            if (c == '}') return m;
            if (c != ',') throw fail("expected ',' or '}'");
        }
    }

    private List<Object> array() {
        List<Object> a = new ArrayList<>();
        p++;
        ws();
        if (p < s.length() && s.charAt(p) == ']') { p++; return a; }
        while (true) {
            ws();
            a.add(value());
            ws();
            if (p >= s.length()) throw fail("unterminated array");
            char c = s.charAt(p++);
            if (c == ']') return a;
            if (c != ',') throw fail("expected ',' or ']'");
        }
    }

    private String string() {
        StringBuilder b = new StringBuilder();
        p++;
        while (true) {
            if (p >= s.length()) throw fail("unterminated string");
            char c = s.charAt(p++);
            if (c == '"') return b.toString();
            if (c < 0x20) throw fail("control character in string");
            if (c != '\\') { b.append(c); continue; }
            char e = s.charAt(p++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> { b.append((char) Integer.parseInt(s.substring(p, p + 4), 16)); p += 4; }
                default -> throw fail("bad escape");
            }
        }
    }

    private Double number() {
        int start = p;
        if (p < s.length() && s.charAt(p) == '-') p++;
        if (p >= s.length() || !Character.isDigit(s.charAt(p))) throw fail("expected a value");
        if (s.charAt(p) == '0') p++;
        else while (p < s.length() && Character.isDigit(s.charAt(p))) p++;
        if (p < s.length() && s.charAt(p) == '.') {
            p++;
            if (p >= s.length() || !Character.isDigit(s.charAt(p))) throw fail("digit expected after '.'");
            while (p < s.length() && Character.isDigit(s.charAt(p))) p++;
        }
        if (p < s.length() && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
            p++;
            if (p < s.length() && (s.charAt(p) == '+' || s.charAt(p) == '-')) p++;
            if (p >= s.length() || !Character.isDigit(s.charAt(p))) throw fail("digit expected in exponent");
            while (p < s.length() && Character.isDigit(s.charAt(p))) p++;
        }
        return Double.parseDouble(s.substring(start, p));
    }
}
