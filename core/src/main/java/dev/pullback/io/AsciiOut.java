package dev.pullback.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A buffered ASCII writer onto a channel for Matrix Market output. Doubles are written with
 * {@link StringBuilder#append(double)}, the shortest decimal that {@link Double#parseDouble} maps
 * back to the same double (JDK 19+), so a written file reads back bit for bit.
 */
final class AsciiOut {
    private final WritableByteChannel out;
    private final byte[] buf = new byte[1 << 16];
    private final ByteBuffer wrapped = ByteBuffer.wrap(buf);
    private final StringBuilder scratch = new StringBuilder(32);
    private int pos;

    AsciiOut(WritableByteChannel out) {
        this.out = out;
    }

    AsciiOut text(CharSequence s) throws IOException {
        for (int i = 0; i < s.length(); i++) put(s.charAt(i));
        return this;
    }

    AsciiOut num(long v) throws IOException {
        scratch.setLength(0);
        scratch.append(v);
        return text(scratch);
    }

    AsciiOut num(double v) throws IOException {
        scratch.setLength(0);
        scratch.append(v);
        return text(scratch);
    }

    AsciiOut sp() throws IOException {
        put(' ');
        return this;
    }

    AsciiOut nl() throws IOException {
        put('\n');
        return this;
    }

    private void put(char c) throws IOException {
        if (pos == buf.length) drain();
        buf[pos++] = (byte) c;
    }

    private void drain() throws IOException {
        wrapped.clear().limit(pos);
        while (wrapped.hasRemaining()) out.write(wrapped);
        pos = 0;
    }

    void flush() throws IOException {
        drain();
    }
}
