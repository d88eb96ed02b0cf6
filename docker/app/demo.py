"""The compose demo: create a role, assume it, make one allowed and one denied call.

Runs against whatever AWS_ENDPOINT_URL names (boto3 reads it itself), with the root credentials
test/test of localiam's default account.
"""

import json
import sys

import boto3
from botocore.exceptions import ClientError

ROLE = "demo-reader"

iam = boto3.client("iam")
sts = boto3.client("sts")

account = sts.get_caller_identity()["Account"]
role = iam.create_role(
    RoleName=ROLE,
    AssumeRolePolicyDocument=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ),
)["Role"]
iam.put_role_policy(
    RoleName=ROLE,
    PolicyName="list-roles-only",
    PolicyDocument=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}],
        }
    ),
)
print(f"created {role['Arn']}")

creds = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="demo")["Credentials"]
session = boto3.session.Session(
    aws_access_key_id=creds["AccessKeyId"],
    aws_secret_access_key=creds["SecretAccessKey"],
    aws_session_token=creds["SessionToken"],
)
print("assumed as", session.client("sts").get_caller_identity()["Arn"])

as_role = session.client("iam")
roles = as_role.list_roles()["Roles"]
print(f"allowed: iam:ListRoles returned {len(roles)} role(s)")

try:
    as_role.list_users()
except ClientError as e:
    print(f"denied: iam:ListUsers -> {e.response['Error']['Code']}: {e.response['Error']['Message']}")
else:
    sys.exit("iam:ListUsers was allowed, but the role's policy does not grant it")
