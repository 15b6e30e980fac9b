package io.greenhouse.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time to encode the hello-world response the way ResponseState commits it (status line, the
 * app's header, Date, Server, Content-Length, body) and flush it to a sink that only counts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResponseWriterBench {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER = "Server: Greenhouse\r\n".getBytes(StandardCharsets.US_ASCII);

    private CountingSink sink;
    private ResponseWriter writer;

    @Setup
    public void setUp() {
        sink = new CountingSink();
        writer = new ResponseWriter(sink, BufferPool.forWriters(ResponseWriter.BUFFER_SIZE));
    }

    @Benchmark
    public void helloResponse(Blackhole bh) throws IOException {
        writeHello();
        writer.flush();
        bh.consume(sink.bytes);
    }

    /** Sixteen pipelined responses leave in one flush, as they do on a pipelined connection. */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(16)
    public void sixteenPipelined(Blackhole bh) throws IOException {
        for (int i = 0; i < 16; i++) {
            writeHello();
        }
        writer.flush();
        bh.consume(sink.bytes);
    }

    /** One hello-world response into the buffer, as ResponseState writes it. */
    private void writeHello() throws IOException {
        writer.reset();
        writer.statusLine("200 OK");
        writer.header("Content-Type", "text/plain");
        writer.headerLine(HttpDate.headerLine());
        writer.headerLine(SERVER);
        writer.endHead(ResponseWriter.Framing.CONTENT_LENGTH, HELLO.length, false);
        writer.body(HELLO, 0, HELLO.length);
        writer.endBody();
    }

    private static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
