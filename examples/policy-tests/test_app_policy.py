"""Test your IAM policies in CI: give the application's policy to a role, assume the role the way
the application would, and assert what it may and may not do.

    cargo run --release &   # or: docker compose -f docker/docker-compose.yml up -d localiam
    AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=test \
        AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 \
        python3 -m unittest discover -s examples/policy-tests -v
"""

import json
import pathlib
import unittest
import uuid

import boto3
from botocore.exceptions import ClientError

POLICY = pathlib.Path(__file__).with_name("app-policy.json").read_text()


class AppPolicyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        iam = boto3.client("iam")
        sts = boto3.client("sts")
        account = sts.get_caller_identity()["Account"]
        suffix = uuid.uuid4().hex[:8]
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
        app_role = iam.create_role(
            RoleName=f"app-{suffix}", AssumeRolePolicyDocument=json.dumps(trust)
        )["Role"]
        iam.put_role_policy(
            RoleName=app_role["RoleName"], PolicyName="app", PolicyDocument=POLICY
        )
        cls.team_role = iam.create_role(
            RoleName=f"team-role-{suffix}", Path="/team-a/", AssumeRolePolicyDocument=json.dumps(trust)
        )["Role"]["RoleName"]
        cls.other_role = iam.create_role(
            RoleName=f"other-role-{suffix}", Path="/team-b/", AssumeRolePolicyDocument=json.dumps(trust)
        )["Role"]["RoleName"]
        creds = sts.assume_role(RoleArn=app_role["Arn"], RoleSessionName="ci")["Credentials"]
        cls.app = boto3.client(
            "iam",
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )

    def assertDenied(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        error = caught.exception.response["Error"]
        self.assertEqual(error["Code"], "AccessDenied", error["Message"])
        return error["Message"]

    def test_reads_its_own_team_roles(self):
        role = self.app.get_role(RoleName=self.team_role)["Role"]
        self.assertEqual(role["Path"], "/team-a/")

    def test_cannot_read_another_team_role(self):
        message = self.assertDenied(self.app.get_role, RoleName=self.other_role)
        self.assertIn("because no identity-based policy allows the iam:GetRole action", message)

    def test_can_never_create_policies(self):
        message = self.assertDenied(
            self.app.create_policy, PolicyName="x", PolicyDocument=POLICY
        )
        self.assertIn("with an explicit deny in an identity-based policy", message)


if __name__ == "__main__":
    unittest.main()
