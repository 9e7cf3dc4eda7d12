package com.mangaassist.bench.load;

import com.mangaassist.pipeline.aws.AwsClientDefaults;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The chat-events stream read back after a run: one event per closed turn, with what the services
 * measured inside the turn (retrieval's time and outcome, prompt tokens, server-side TTFT) that no
 * client can see. Read after the measured window, so reading costs the measurement nothing.
 */
public final class ChatEventStream {

    private static final ChatEventCodec CODEC = new ChatEventCodec();

    private ChatEventStream() {
    }

    /** Every event on {@code stream} (all shards, from the oldest record) that closed in [{@code from}, {@code to}). */
    public static List<ChatEvent> read(String region, String endpoint, String stream, Instant from, Instant to) {
        List<ChatEvent> events = new ArrayList<>();
        try (KinesisClient kinesis = new AwsClientDefaults(region, true).configure(KinesisClient.builder(), endpoint).build()) {
            for (Shard shard : kinesis.describeStream(b -> b.streamName(stream)).streamDescription().shards()) {
                String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                // A bench run writes a few thousand records: a bounded number of reads drains the shard.
                for (int read = 0; read < 1_000 && iterator != null; read++) {
                    String current = iterator;
                    GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
                    for (Record record : response.records()) {
                        Decoded<ChatEvent> decoded = CODEC.decode(record.data().asByteArray());
                        if (decoded.isOk()) {
                            ChatEvent event = decoded.value();
                            if (!event.occurredAt().isBefore(from) && event.occurredAt().isBefore(to)) {
                                events.add(event);
                            }
                        }
                    }
                    if (response.records().isEmpty() && (response.millisBehindLatest() == null || response.millisBehindLatest() == 0)) {
                        break;
                    }
                    iterator = response.nextShardIterator();
                }
            }
        }
        return events;
    }
}
