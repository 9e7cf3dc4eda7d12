package com.mangaassist.pipeline.delivery;

import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Frames to clients through API Gateway's {@code @connections} management API: the same client,
 * endpoint and frames on the Fargate and Lambda paths, which is what makes spilling invisible to
 * the client. The client is built once per process with the stage's endpoint
 * ({@code https://<api>.execute-api.<region>.amazonaws.com/<stage>}, or the local gateway).
 */
public final class ManagementApiConnectionSink implements ConnectionSink {

    private final ApiGatewayManagementApiClient client;

    public ManagementApiConnectionSink(ApiGatewayManagementApiClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public void send(String connectionId, byte[] frame) throws ConnectionGoneException {
        try {
            client.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromByteArrayUnsafe(frame)));
        } catch (GoneException gone) {
            throw new ConnectionGoneException(connectionId);
        } catch (SdkException e) {
            throw new DeliveryFailedException("could not deliver to " + connectionId + ": " + e.getMessage(), e);
        }
    }

    /** Closes a connection from the server side (a shed or abusive client); a gone one is already closed. */
    public void disconnect(String connectionId) {
        try {
            client.deleteConnection(b -> b.connectionId(connectionId));
        } catch (GoneException alreadyClosed) {
            // nothing left to close
        }
    }
}
