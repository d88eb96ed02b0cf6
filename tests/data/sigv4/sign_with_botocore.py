"""Writes botocore.json: requests signed by botocore (the signer of boto3 and the AWS CLI).

Run from this directory: python3 sign_with_botocore.py > botocore.json
"""
import json
from urllib.parse import urlsplit

import botocore
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
LONG_TERM = Credentials("AKIAIOSFODNN7EXAMPLE", SECRET, None)
TEMPORARY = Credentials("ASIAIOSFODNN7EXAMPLE", SECRET, "FwoGZXIvYXdzE//tok+en=")
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
URL = "http://localhost:4566/"


def signed(name, request, body):
    prepared = request.prepare()
    url = urlsplit(prepared.url)
    return {
        "name": name,
        "method": prepared.method,
        "path": url.path,
        "query": url.query or None,
        # botocore signs the host of the URL without adding a Host header: the client sends it.
        "headers": [["Host", url.netloc]] + [[k, v] for k, v in prepared.headers.items()],
        "body": body,
    }


out = {"botocore": botocore.__version__, "secret": SECRET, "requests": []}

body = "Action=CreateUser&Version=2010-05-08&UserName=alice%20b&Path=%2Fa%2Fb%2F"
r = AWSRequest(method="POST", url=URL, data=body, headers=dict(FORM, **{"User-Agent": "Boto3/1.0"}))
SigV4Auth(LONG_TERM, "iam", "us-east-1").add_auth(r)
out["requests"].append(signed("iam-post", r, body))

body = "Action=GetCallerIdentity&Version=2011-06-15"
r = AWSRequest(method="POST", url=URL, data=body, headers=dict(FORM))
SigV4Auth(TEMPORARY, "sts", "eu-west-1").add_auth(r)
out["requests"].append(signed("sts-post-with-session-token", r, body))

r = AWSRequest(method="GET", url=URL, params={"Action": "GetCallerIdentity", "Version": "2011-06-15"})
SigV4QueryAuth(TEMPORARY, "sts", "us-east-1", expires=60).add_auth(r)
out["requests"].append(signed("sts-presigned", r, ""))

print(json.dumps(out, indent=1))
