package com.mangaassist.pipeline.events;

import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Writes chat events to the Kinesis stream with PutRecords (up to 500 records per call, the API's
 * limit and the publisher's batch size), partitioned by conversation so one conversation's events
 * stay ordered within a shard. PutRecords fails per record (throttling on a hot shard): those come
 * back to the publisher, which retries them once and counts what still fails.
 */
public final class KinesisChatEventSink implements ChatEventSink {

    private final KinesisClient kinesis;
    private final String streamName;
    private final ChatEventCodec codec = new ChatEventCodec();

    public KinesisChatEventSink(KinesisClient kinesis, String streamName) {
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
        this.streamName = Objects.requireNonNull(streamName, "streamName");
    }

    @Override
    public List<ChatEvent> write(List<ChatEvent> batch) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
        for (ChatEvent event : batch) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(event.partitionKey())
                    .data(SdkBytes.fromByteArrayUnsafe(codec.encode(event))).build());
        }
        PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(streamName).records(entries));
        if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
            return List.of();
        }
        List<ChatEvent> failed = new ArrayList<>();
        List<PutRecordsResultEntry> results = response.records();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).errorCode() != null) {
                failed.add(batch.get(i));
            }
        }
        return failed;
    }
}
