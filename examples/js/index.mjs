// localiam from the AWS SDK for JavaScript v3: a role with one policy, assumed with STS, one
// allowed call and one AccessDenied.
//
//   cargo run --release &
//   cd examples/js && npm ci && AWS_ENDPOINT_URL=http://127.0.0.1:4566 npm start
//
// The SDK reads AWS_ENDPOINT_URL itself; the root credentials test/test are set here.
import {
  IAMClient,
  CreateRoleCommand,
  PutRolePolicyCommand,
  ListRolesCommand,
  DeleteRoleCommand,
} from "@aws-sdk/client-iam";
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";

const region = "us-east-1";
const root = { accessKeyId: "test", secretAccessKey: "test" };

const sts = new STSClient({ region, credentials: root });
const iam = new IAMClient({ region, credentials: root });

const { Account: account } = await sts.send(new GetCallerIdentityCommand({}));
const trust = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" },
  ],
};
const { Role: role } = await iam.send(
  new CreateRoleCommand({ RoleName: "js-lister", AssumeRolePolicyDocument: JSON.stringify(trust) }),
);
await iam.send(
  new PutRolePolicyCommand({
    RoleName: "js-lister",
    PolicyName: "list-roles",
    PolicyDocument: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "iam:ListRoles", Resource: "*" }],
    }),
  }),
);
console.log(`created ${role.Arn}`);

const { Credentials: c } = await sts.send(
  new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "js" }),
);
const asRole = new IAMClient({
  region,
  credentials: {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
  },
});

const { Roles: roles } = await asRole.send(new ListRolesCommand({}));
console.log(`allowed: iam:ListRoles returned ${roles.length} role(s)`);

try {
  await asRole.send(new DeleteRoleCommand({ RoleName: "js-lister" }));
  console.error("unexpected: iam:DeleteRole was allowed");
  process.exit(1);
} catch (e) {
  if (e.name !== "AccessDenied" && e.Code !== "AccessDenied") throw e;
  console.log(`denied: iam:DeleteRole -> ${e.name}: ${e.message}`);
}
