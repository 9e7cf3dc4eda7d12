package com.mangaassist.bench;

import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.client.ClientFrame;
import com.mangaassist.shared.wire.client.ClientFrameCodec;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Source;
import com.mangaassist.shared.wire.server.Token;
import com.mangaassist.shared.wire.server.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

/** Decoding client frames (good and bad) and encoding the frames a turn sends back. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireCodecBenchmark {

    private ClientFrameCodec clientCodec;
    private ServerFrameCodec serverCodec;
    private byte[] sendMessage;
    private byte[] sendMessageJapanese;
    private byte[] badFrame;
    private byte[] oversizedFrame;
    private Token token;
    private Done done;

    @Setup
    public void setUp() {
        clientCodec = ClientFrameCodec.withDefaults();
        serverCodec = ServerFrameCodec.withDefaults();
        sendMessage = utf8("{\"action\":\"sendMessage\",\"conversationId\":\"conv-42\",\"messageId\":\"msg-0001\","
                + "\"text\":\"Can you recommend something like Vinland Saga but with more politics?\",\"locale\":\"en-US\"}");
        sendMessageJapanese = utf8("{\"action\":\"sendMessage\",\"conversationId\":\"conv-42\",\"messageId\":\"msg-0002\","
                + "\"text\":\"" + "ワンピースに似た冒険漫画を教えてください。".repeat(50) + "\",\"locale\":\"ja\"}");
        badFrame = utf8("{\"action\":\"sendMessage\",\"conversationId\":\"conv-42\",\"messageId\":\"m1\",\"text\":\"hi\",\"admin\":true}");
        oversizedFrame = new byte[64 * 1024];
        token = new Token("msg-0001", 7, 1, "Berserk is a dark fantasy classic; if you liked Thorfinn's arc, ");
        done = new Done("msg-0001", 42, 1, 2, Route.BASELINE, new Usage(812, 143), true, 12, true,
                List.of(new Source("slam-dunk", "catalog", "Slam Dunk"), new Source("shipping-domestic-en", "policy", "Shipping within Japan")));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Decoded<ClientFrame> decodeSendMessage() {
        return clientCodec.decode(sendMessage);
    }

    @Benchmark
    public Decoded<ClientFrame> decodeSendMessageJapanese1kChars() {
        return clientCodec.decode(sendMessageJapanese);
    }

    @Benchmark
    public Decoded<ClientFrame> decodeRejectedUnknownField() {
        return clientCodec.decode(badFrame);
    }

    @Benchmark
    public Decoded<ClientFrame> decodeRejectedOversized() {
        return clientCodec.decode(oversizedFrame);
    }

    @Benchmark
    public String encodeToken() {
        return serverCodec.encode(token);
    }

    @Benchmark
    public String encodeDone() {
        return serverCodec.encode(done);
    }
}
