#!/usr/bin/env python3
"""Prints a wrk Lua script that replays one SigV4-signed IAM request (valid for 15 minutes).

usage: sign.py ENDPOINT ACCESS_KEY SECRET FORM_BODY
"""
import sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

endpoint, key, secret, body = sys.argv[1:5]
req = AWSRequest(method="POST", url=endpoint + "/", data=body,
                 headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
SigV4Auth(Credentials(key, secret), "iam", "us-east-1").add_auth(req)
print('wrk.method = "POST"')
print('wrk.body = %s' % repr(body).replace("'", '"'))
for name, value in req.headers.items():
    print('wrk.headers["%s"] = "%s"' % (name, value))
