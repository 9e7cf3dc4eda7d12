"""Every emulated AWS API the platform relies on, called through botocore (the library under the
AWS CLI and boto3) instead of the Java SDK the services use: if an emulator only works for our
own client, this fails. Endpoints and names come from the launcher's env file variables
(AWS_ENDPOINT_URL_*, MANGAASSIST_*); MANGAASSIST_PROBE_CONNECTION is an open WebSocket's id.
Prints one line per check ("ok", "skip" with why, or "FAIL" with what) and exits 1 on any FAIL.
"""
import json
import os
import sys
import time
import uuid

import botocore.session
from botocore.exceptions import ClientError

env = os.environ
session = botocore.session.get_session()
results = []


def client(service, variable):
    return session.create_client(service, region_name=env["AWS_REGION"], endpoint_url=env[variable],
                                 aws_access_key_id="local", aws_secret_access_key="local")


def check(name):
    def run(body):
        try:
            outcome = body()
            results.append(("skip " + name + ": " + outcome) if isinstance(outcome, str) else ("ok " + name))
        except Exception as error:  # any failure is the finding
            results.append("FAIL %s: %s: %s" % (name, type(error).__name__, error))
        return body
    return run


dynamodb = client("dynamodb", "AWS_ENDPOINT_URL_DYNAMODB")
table = env["MANGAASSIST_CONVERSATION_TABLE"]
probe_pk = "probe#" + uuid.uuid4().hex


@check("dynamodb describe-table, put-item, get-item (strongly consistent), query")
def _():
    keys = {k["AttributeName"] for k in dynamodb.describe_table(TableName=table)["Table"]["KeySchema"]}
    assert keys == {"pk", "sk"}, keys
    for sk in ("meta", "msg#1", "msg#2"):
        dynamodb.put_item(TableName=table, Item={"pk": {"S": probe_pk}, "sk": {"S": sk}, "text": {"S": "ワンピース " + sk}})
    item = dynamodb.get_item(TableName=table, Key={"pk": {"S": probe_pk}, "sk": {"S": "msg#1"}}, ConsistentRead=True)["Item"]
    assert item["text"]["S"] == "ワンピース msg#1", item
    page = dynamodb.query(TableName=table, KeyConditionExpression="pk = :pk AND begins_with(sk, :msg)",
                          ExpressionAttributeValues={":pk": {"S": probe_pk}, ":msg": {"S": "msg#"}}, ConsistentRead=True)
    assert [i["sk"]["S"] for i in page["Items"]] == ["msg#1", "msg#2"], page["Items"]


@check("dynamodb conditional put refused with ConditionalCheckFailedException")
def _():
    try:
        dynamodb.put_item(TableName=table, Item={"pk": {"S": probe_pk}, "sk": {"S": "meta"}}, ConditionExpression="attribute_not_exists(pk)")
    except ClientError as error:
        assert error.response["Error"]["Code"] == "ConditionalCheckFailedException", error.response
        return None
    raise AssertionError("a put on an existing key with attribute_not_exists succeeded")


@check("dynamodb query of the orders table: one principal's orders, newest first, none of another's")
def _():
    orders = env["MANGAASSIST_ORDERS_TABLE"]
    keys = {k["AttributeName"]: k["KeyType"] for k in dynamodb.describe_table(TableName=orders)["Table"]["KeySchema"]}
    assert keys == {"principal": "HASH", "orderKey": "RANGE"}, keys
    page = dynamodb.query(TableName=orders, KeyConditionExpression="principal = :p", ExpressionAttributeValues={":p": {"S": "user"}},
                          ScanIndexForward=False)
    items = page["Items"]
    assert items and all(i["principal"]["S"] == "user" for i in items), items
    sort_keys = [i["orderKey"]["S"] for i in items]
    assert sort_keys == sorted(sort_keys, reverse=True), sort_keys


sqs = client("sqs", "AWS_ENDPOINT_URL_SQS")


@check("sqs get-queue-attributes on the overflow queue (what routing reads)")
def _():
    attributes = sqs.get_queue_attributes(QueueUrl=env["MANGAASSIST_OVERFLOW_QUEUE_URL"],
                                          AttributeNames=["ApproximateNumberOfMessages", "VisibilityTimeout", "RedrivePolicy"])["Attributes"]
    assert int(attributes["ApproximateNumberOfMessages"]) >= 0
    assert json.loads(attributes["RedrivePolicy"])["maxReceiveCount"], attributes


@check("sqs send, receive, visibility timeout and redrive to a DLQ after maxReceiveCount")
def _():
    name = "probe-" + uuid.uuid4().hex[:8]
    dlq = sqs.create_queue(QueueName=name + "-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "1",
                                                         "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"})})["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody='{"schema":2}', MessageAttributes={"kind": {"DataType": "String", "StringValue": "probe"}})
    for _ in range(2):
        received = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=2, MessageAttributeNames=["All"]).get("Messages", [])
        assert len(received) == 1 and received[0]["Body"] == '{"schema":2}', received
        assert received[0]["MessageAttributes"]["kind"]["StringValue"] == "probe"
        time.sleep(1.5)  # not deleted: visible again after the timeout
    deadline = time.time() + 10
    moved = []
    while time.time() < deadline and not moved:
        sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1)  # the receive past maxReceiveCount moves it
        moved = sqs.receive_message(QueueUrl=dlq, WaitTimeSeconds=1).get("Messages", [])
    assert moved and moved[0]["Body"] == '{"schema":2}', "the message never reached the DLQ"
    sqs.delete_queue(QueueUrl=queue)
    sqs.delete_queue(QueueUrl=dlq)


kinesis = client("kinesis", "AWS_ENDPOINT_URL_KINESIS")
stream = env["MANGAASSIST_CHAT_EVENTS_STREAM"]


def all_records():
    shards = kinesis.describe_stream(StreamName=stream)["StreamDescription"]["Shards"]
    records = []
    for shard in shards:
        iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        for _ in range(20):
            page = kinesis.get_records(ShardIterator=iterator, Limit=1000)
            records.extend(page["Records"])
            iterator = page.get("NextShardIterator")
            if not page["Records"] or not iterator:
                break
    return records


@check("kinesis put-record then get-records returns the bytes (base64 on the wire)")
def _():
    data = json.dumps({"probe": probe_pk, "text": "ワンピース"}, ensure_ascii=False).encode("utf-8")
    kinesis.put_record(StreamName=stream, Data=data, PartitionKey=probe_pk)
    assert any(r["Data"] == data for r in all_records()), "the record put is not among the records read back"


@check("kinesis records the services wrote (Java SDK) read back as their JSON chat events")
def _():
    events = []
    for record in all_records():
        try:
            event = json.loads(record["Data"].decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise AssertionError("a record's Data is not the JSON the service wrote: %r" % record["Data"][:80])
        if "probe" not in event:
            events.append(event)
    if not events:
        return "no chat event written yet"
    assert all(isinstance(e, dict) and e for e in events), events[:3]


runtime = client("sagemaker-runtime", "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME")
request = {"requestId": "probe-" + uuid.uuid4().hex[:8], "adapter": "chatbot-en", "systemPrompt": "You are MangaAssist.", "history": [],
           "query": "Recommend a samurai manga", "queryTokens": 5, "maxTokens": 16, "contextWindow": 4096}


@check("sagemaker-runtime invoke-endpoint")
def _():
    answer = runtime.invoke_endpoint(EndpointName=env["MANGAASSIST_SAGEMAKER_ENDPOINT"], ContentType="application/json",
                                     Body=json.dumps(dict(request, stream=False)).encode("utf-8"))
    body = json.loads(answer["Body"].read())
    assert body.get("text"), body


@check("sagemaker-runtime invoke-endpoint-with-response-stream (event stream of payload parts)")
def _():
    if not hasattr(runtime, "invoke_endpoint_with_response_stream"):
        return "this botocore (%s) predates InvokeEndpointWithResponseStream" % botocore.__version__
    answer = runtime.invoke_endpoint_with_response_stream(EndpointName=env["MANGAASSIST_SAGEMAKER_ENDPOINT"], ContentType="application/json",
                                                          Body=json.dumps(dict(request, stream=True)).encode("utf-8"))
    raw = b"".join(event["PayloadPart"]["Bytes"] for event in answer["Body"] if "PayloadPart" in event)
    chunks = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    assert chunks and chunks[-1]["type"] == "end" and any(c["type"] == "token" for c in chunks), chunks[-3:]


@check("sagemaker-runtime stateful session: NEW_SESSION, then requests by SessionId, then close (ClosedSessionId)")
def _():
    if "SessionId" not in runtime.meta.service_model.operation_model("InvokeEndpoint").input_shape.members:
        return "this botocore (%s) predates stateful sessions" % botocore.__version__
    endpoint = env["MANGAASSIST_SAGEMAKER_ENDPOINT"]
    opened = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="application/json", SessionId="NEW_SESSION",
                                     Body=b'{"requestType":"NEW_SESSION"}')
    new_session = opened.get("NewSessionId", "")
    session_id, _, expires = new_session.partition("; Expires=")
    assert session_id and expires.endswith("Z"), new_session
    for _ in range(3):
        answer = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="application/json", SessionId=session_id,
                                         Body=json.dumps(dict(request, stream=False)).encode("utf-8"))
        assert json.loads(answer["Body"].read()).get("text")
    closed = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="application/json", SessionId=session_id,
                                     Body=b'{"requestType":"CLOSE"}')
    assert closed.get("ClosedSessionId") == session_id, closed.get("ClosedSessionId")
    try:
        runtime.invoke_endpoint(EndpointName=endpoint, ContentType="application/json", SessionId=session_id,
                                Body=json.dumps(dict(request, stream=False)).encode("utf-8"))
    except ClientError as refused:
        assert refused.response["ResponseMetadata"]["HTTPStatusCode"] == 400, refused.response
    else:
        raise AssertionError("a closed session was still routed")


connections = client("apigatewaymanagementapi", "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI")
connection = env.get("MANGAASSIST_PROBE_CONNECTION")


@check("apigatewaymanagementapi post-to-connection, get-connection, delete-connection, then 410 GoneException")
def _():
    if not connection:
        return "no open connection was given"
    connections.post_to_connection(ConnectionId=connection, Data=b'{"type":"pong","seq":0}')
    described = connections.get_connection(ConnectionId=connection)
    assert "ConnectedAt" in described, described
    connections.delete_connection(ConnectionId=connection)
    time.sleep(0.5)
    try:
        connections.post_to_connection(ConnectionId=connection, Data=b"{}")
    except ClientError as error:
        assert error.response["Error"]["Code"] == "GoneException", error.response
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 410
        return None
    raise AssertionError("a post to a deleted connection succeeded")


print("botocore " + botocore.__version__)
for line in results:
    print(line)
sys.exit(1 if any(r.startswith("FAIL") for r in results) else 0)
