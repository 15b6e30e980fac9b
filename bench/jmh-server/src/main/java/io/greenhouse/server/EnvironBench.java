package io.greenhouse.server;

import io.greenhouse.spi.Environ;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time from a request head's bytes, as a read returns them, to the environ the app is called
 * with: the head reader finding its lines, the parser and the environ builder, as the connection
 * loop does them for every request. The socket hands over one whole head per read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvironBench {

    private static final long HEAD_TIMEOUT_NANOS = 20_000_000_000L;

    @Param({"wrk", "browser"})
    public String head;

    private final InputStream body = new ByteArrayInputStream(new byte[0]);
    private final RequestHeadReader reader = new RequestHeadReader(Settings.defaults());
    private InputBuffer in;
    private EnvironBuilder environs;

    @Setup
    public void setUp() throws IOException {
        String text = head.equals("wrk") ? RequestHeadParserBench.WRK : RequestHeadParserBench.BROWSER;
        ClientSocket socket = new InMemoryClientSocket(repeating(text.getBytes(StandardCharsets.ISO_8859_1)));
        ClientOrigin client = new ClientOrigin("127.0.0.1", "50000", null);
        environs = new EnvironBuilder(client, socket, Settings.defaults(), new PrintStream(OutputStream.nullOutputStream()));
        in = new InputBuffer(socket, () -> { }, new HeadBufferBudget(Long.MAX_VALUE),
                new FairShare(new NoOtherConnections(), System::nanoTime));
    }

    /** What an app that never looks at its environ costs, as a hello world does. */
    @Benchmark
    public Map<String, Object> readHeadAndBuild() throws IOException {
        return environs.build(reader.read(in, System.nanoTime() + HEAD_TIMEOUT_NANOS), body);
    }

    /** An app that looks up what a router needs, and one header. */
    @Benchmark
    public void readHeadBuildAndLookUpFour(Blackhole sink) throws IOException {
        Map<String, Object> environ = environs.build(reader.read(in, System.nanoTime() + HEAD_TIMEOUT_NANOS), body);
        sink.consume(environ.get(Environ.REQUEST_METHOD));
        sink.consume(environ.get(Environ.PATH_INFO));
        sink.consume(environ.get(Environ.QUERY_STRING));
        sink.consume(environ.get("HTTP_ACCEPT"));
    }

    /** An app that walks every entry, as one that copies or logs its environ does. */
    @Benchmark
    public void readHeadBuildAndWalk(Blackhole sink) throws IOException {
        Map<String, Object> environ = environs.build(reader.read(in, System.nanoTime() + HEAD_TIMEOUT_NANOS), body);
        for (Map.Entry<String, Object> entry : environ.entrySet()) {
            sink.consume(entry.getValue());
        }
    }

    /** A client that sends the same head again whenever it is read from. */
    private static InputStream repeating(byte[] head) {
        return new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = Math.min(len, head.length);
                System.arraycopy(head, 0, b, off, n);
                return n;
            }
        };
    }
}
