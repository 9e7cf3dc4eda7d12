"""The Signer stand-in called through botocore (the library under the AWS CLI), not the Java SDK:
if the stand-in only works for our own client, this fails. Arguments: endpoint, bucket, key,
version, profile. Prints one line per check and exits 1 on any failure."""
import sys
import time

import botocore.session
from botocore.exceptions import ClientError

endpoint, bucket, key, version, profile = sys.argv[1:6]
signer = botocore.session.get_session().create_client("signer", region_name="us-east-1", endpoint_url=endpoint,
                                                       aws_access_key_id="local", aws_secret_access_key="local")
failed = False
try:
    job = signer.start_signing_job(source={"s3": {"bucketName": bucket, "key": key, "version": version}},
                                   destination={"s3": {"bucketName": bucket, "prefix": "signed/"}}, profileName=profile)
    print("ok start-signing-job " + job["jobId"])
    for _ in range(100):
        described = signer.describe_signing_job(jobId=job["jobId"])
        if described["status"] != "InProgress":
            break
        time.sleep(0.1)
    assert described["status"] == "Succeeded", described
    assert described["signedObject"]["s3"]["key"] == "signed/" + job["jobId"] + ".zip", described
    assert described["source"]["s3"]["version"] == version, described
    assert described["createdAt"].year >= 2026, described
    print("ok describe-signing-job " + described["status"])
    got = signer.get_signing_profile(profileName=profile)
    assert got["platformId"] == "AWSLambda-SHA384-ECDSA" and got["status"] == "Active", got
    print("ok get-signing-profile")
    try:
        signer.describe_signing_job(jobId="00000000-0000-0000-0000-000000000000")
        print("FAIL unknown job answered")
        failed = True
    except ClientError as error:
        assert error.response["Error"]["Code"] == "ResourceNotFoundException", error.response
        print("ok unknown job refused")
except Exception as error:  # any failure is the finding
    print("FAIL %s: %s" % (type(error).__name__, error))
    failed = True
sys.exit(1 if failed else 0)
