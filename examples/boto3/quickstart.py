"""localiam from boto3: a user in a group, a managed policy, a permissions boundary, and what
the policy simulator and a real call say about it.

    cargo run --release &
    AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=test \
        AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 python3 examples/boto3/quickstart.py

boto3 reads AWS_ENDPOINT_URL itself (boto3 1.28 and later).
"""

import json
import sys

import boto3
from botocore.exceptions import ClientError


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


iam = boto3.client("iam")

# The group grants all of IAM's read actions; the boundary caps the user at listing.
policy_arn = iam.create_policy(
    PolicyName="iam-read",
    PolicyDocument=doc({"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}),
)["Policy"]["Arn"]
boundary_arn = iam.create_policy(
    PolicyName="list-only-boundary",
    PolicyDocument=doc({"Effect": "Allow", "Action": "iam:List*", "Resource": "*"}),
)["Policy"]["Arn"]
iam.create_group(GroupName="readers")
iam.attach_group_policy(GroupName="readers", PolicyArn=policy_arn)
user_arn = iam.create_user(UserName="carol", PermissionsBoundary=boundary_arn)["User"]["Arn"]
iam.add_user_to_group(GroupName="readers", UserName="carol")

# What the policy simulator says, on the same engine that enforces every request.
results = iam.simulate_principal_policy(
    PolicySourceArn=user_arn, ActionNames=["iam:ListRoles", "iam:GetRole", "iam:CreateRole"]
)["EvaluationResults"]
for r in results:
    print(f"simulated {r['EvalActionName']}: {r['EvalDecision']}")
expected = {"iam:ListRoles": "allowed", "iam:GetRole": "implicitDeny", "iam:CreateRole": "implicitDeny"}
if {r["EvalActionName"]: r["EvalDecision"] for r in results} != expected:
    sys.exit(f"the simulator disagrees with {expected}")

# And what really happens with carol's own keys.
key = iam.create_access_key(UserName="carol")["AccessKey"]
carol = boto3.client(
    "iam",
    aws_access_key_id=key["AccessKeyId"],
    aws_secret_access_key=key["SecretAccessKey"],
)
print("allowed: carol lists", len(carol.list_roles()["Roles"]), "role(s)")
try:
    carol.get_role(RoleName="anything")
except ClientError as e:
    print("denied:", e.response["Error"]["Code"], "-", e.response["Error"]["Message"])
    if e.response["Error"]["Code"] != "AccessDenied":
        sys.exit("expected AccessDenied")
else:
    sys.exit("iam:GetRole was allowed, but the boundary does not grant it")
