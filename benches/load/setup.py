#!/usr/bin/env python3
"""Sets up the load benchmark's entities on a running localiam and prints the app user's key.

Creates the user `bench` (the GetUser target) and the user `app`, which holds one customer managed
policy of 20 statements (wildcards, conditions; the 20th allows iam:GetUser) and an access key.
Prints "ACCESS_KEY_ID SECRET".

usage: setup.py ENDPOINT
"""
import json
import sys

import boto3

endpoint = sys.argv[1]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")
iam.create_user(UserName="bench")
iam.create_user(UserName="app")
services = ["s3", "ec2", "dynamodb", "sqs", "lambda"]
statements = [
    {
        "Sid": f"S{i}",
        "Effect": "Deny" if i % 4 == 3 else "Allow",
        "Action": [f"{services[i % 5]}:Describe*", f"{services[i % 5]}:Put?tem"],
        "Resource": f"arn:aws:{services[i % 5]}:*:000000000000:thing-{i}/*",
        "Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]},
                      "IpAddress": {"aws:SourceIp": ["127.0.0.0/8", "10.0.0.0/8"]}},
    }
    for i in range(19)
]
statements.append({
    "Sid": "GetUsers", "Effect": "Allow", "Action": "iam:Get*",
    "Resource": "arn:aws:iam::000000000000:user/*",
    "Condition": {"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}},
})
arn = iam.create_policy(PolicyName="bench-20", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": statements}))["Policy"]["Arn"]
iam.attach_user_policy(UserName="app", PolicyArn=arn)
key = iam.create_access_key(UserName="app")["AccessKey"]
print(key["AccessKeyId"], key["SecretAccessKey"])
